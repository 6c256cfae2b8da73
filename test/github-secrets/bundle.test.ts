import { afterEach, describe, expect, it } from 'vitest'
import { BUNDLE_SIZE_LIMIT_BYTES, LONGEST_GENERATED_PSK, largestBundleBytes, mergeBundle } from '../../src/github-secrets/bundle.js'
import { prepareSecretStore } from '../../src/github-secrets/index.js'
import type { BundleConfig } from '../../src/inputs.js'
import { DEFAULT_GITHUB_TOKEN } from '../fakes/github.js'
import { BRANCH_1, BRANCH_2, REPOSITORY, rejection, secretsConfig, startGitHub, stopAll, storeContext } from './fixtures.js'

const PSK_1 = 'New-PSK-one-0123456789abcdefghij'
const PSK_2 = 'New-PSK-two-0123456789abcdefghij'
const OTHER = 'Other-tunnel-PSK-kept-as-given-0'
const config = (bundle: BundleConfig) => secretsConfig({ nameTemplate: 'IPSEC_PSKS', bundle })
const context = storeContext

afterEach(stopAll)

describe('mergeBundle', () => {
  it('keeps every other entry exactly as given and in order, replaces and appends', () => {
    const current = new Map([
      ['zz-other', OTHER],
      ['2', 'numeric-looking id stays in place'],
      [BRANCH_1.id, 'old'],
    ])
    const merged = mergeBundle(
      current,
      new Map([
        [BRANCH_1.id, PSK_1],
        [BRANCH_2.id, PSK_2],
      ]),
    )
    expect(merged).toBe(
      `{"zz-other":"${OTHER}","2":"numeric-looking id stays in place","${BRANCH_1.id}":"${PSK_1}","${BRANCH_2.id}":"${PSK_2}"}`,
    )
    expect(JSON.parse(merged)).toEqual({
      'zz-other': OTHER,
      '2': 'numeric-looking id stays in place',
      [BRANCH_1.id]: PSK_1,
      [BRANCH_2.id]: PSK_2,
    })
  })

  it('escapes what JSON needs escaped', () => {
    expect(JSON.parse(mergeBundle(new Map([['a"\\\n', 'q"\\\n']]), new Map()))).toEqual({ 'a"\\\n': 'q"\\\n' })
  })
})

describe('largestBundleBytes', () => {
  it('counts the known PSK length in set mode and LONGEST_GENERATED_PSK in generate mode', () => {
    const base = Buffer.byteLength(`{"${BRANCH_1.id}":""}`)
    expect(largestBundleBytes(null, [BRANCH_1], 40)).toBe(base + 40)
    expect(largestBundleBytes(null, [BRANCH_1], null)).toBe(base + LONGEST_GENERATED_PSK)
  })
})

describe('prepareSecretStore with secret-layout: bundle', () => {
  it('records PSKs during rotation and writes one sealed secret at finish, keeping the other entries', async () => {
    const github = await startGitHub()
    github.presetSecret({ repository: REPOSITORY }, 'IPSEC_PSKS', 'whatever was stored')
    const ctx = context(github)
    const store = await prepareSecretStore(config({ name: 'IPSEC_PSKS', current: new Map([['zz-other', OTHER]]) }), ctx)

    expect(store.secretNameFor(BRANCH_2)).toBe('IPSEC_PSKS')
    await store.store(BRANCH_1, PSK_1)
    await store.store(BRANCH_2, PSK_2)
    expect(github.requests.filter(({ method }) => method === 'PUT')).toHaveLength(0)

    await store.finish?.()
    const writes = github.requests.filter(({ method }) => method === 'PUT')
    expect(writes.map(({ path, status }) => [path, status])).toEqual([[`/repos/${REPOSITORY}/actions/secrets/IPSEC_PSKS`, 204]])
    expect(JSON.parse(github.repositorySecrets(REPOSITORY).get('IPSEC_PSKS')?.value ?? '')).toEqual({
      'zz-other': OTHER,
      [BRANCH_1.id]: PSK_1,
      [BRANCH_2.id]: PSK_2,
    })
    expect(ctx.logger.lines.join('\n')).not.toContain(PSK_1)
    expect(store.unavailable()).toBeNull()
  })

  it('refuses, before anything rotates, a bundle secret that exists while current-bundle is empty, showing the line to add', async () => {
    const github = await startGitHub()
    github.presetSecret({ repository: REPOSITORY }, 'IPSEC_PSKS', `{"zz-other":"${OTHER}"}`)
    const error = await rejection(prepareSecretStore(config({ name: 'IPSEC_PSKS', current: null }), context(github)))
    expect(error.message).toContain('current-bundle: ${{ secrets.IPSEC_PSKS }}')
    expect(error.message).toContain('Nothing was rotated')
    expect(error.message).not.toContain(OTHER)
    expect(github.requests.filter(({ method }) => method === 'PUT')).toHaveLength(0)
  })

  it('creates the bundle when neither the secret nor current-bundle exists', async () => {
    const github = await startGitHub()
    const store = await prepareSecretStore(config({ name: 'IPSEC_PSKS', current: null }), context(github, { due: [BRANCH_1] }))
    await store.store(BRANCH_1, PSK_1)
    await store.finish?.()
    expect(github.requests.filter(({ method }) => method === 'PUT').map(({ status }) => status)).toEqual([201])
    expect(github.repositorySecrets(REPOSITORY).get('IPSEC_PSKS')?.value).toBe(`{"${BRANCH_1.id}":"${PSK_1}"}`)
  })

  it('refuses a bundle that could outgrow 48 KiB, quoting nothing of its value', async () => {
    const github = await startGitHub()
    const current = new Map(Array.from({ length: 700 }, (_, i) => [`tunnel-${i}`, `Kept-PSK-${i}-${'k'.repeat(50)}`]))
    const error = await rejection(prepareSecretStore(config({ name: 'IPSEC_PSKS', current }), context(github)))
    expect(error.message).toContain(`over GitHub's limit of ${BUNDLE_SIZE_LIMIT_BYTES} bytes`)
    expect(error.message).not.toContain('Kept-PSK')
  })

  it('a failed write at finish says so without the PSKs and makes the store unavailable', async () => {
    const github = await startGitHub()
    github.inject({ method: 'PUT', path: /\/actions\/secrets\// }, { status: 503 }, 10)
    const store = await prepareSecretStore(config({ name: 'IPSEC_PSKS', current: new Map([['zz-other', OTHER]]) }), context(github))
    await store.store(BRANCH_1, PSK_1)
    const error = await rejection(store.finish?.() ?? Promise.resolve())
    expect(error.message).toMatch(/IPSEC_PSKS/)
    for (const secret of [PSK_1, OTHER, DEFAULT_GITHUB_TOKEN]) expect(error.message).not.toContain(secret)
    expect(store.unavailable()).not.toBeNull()
  })

  it('validate-only stores nothing', async () => {
    const github = await startGitHub()
    const store = await prepareSecretStore(config({ name: 'IPSEC_PSKS', current: null }), context(github, { validateOnly: true }))
    await expect(store.store(BRANCH_1, PSK_1)).rejects.toThrow(/validate-only/)
  })
})
