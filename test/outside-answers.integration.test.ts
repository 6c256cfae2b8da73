// Answers and outside text that the earlier rounds missed, through the bundled action read as the
// runner reads it: strange PSKs Cloudflare chooses, credentials echoed back, floods of errors,
// characters that mislead a reader.
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeTunnelSeed } from './fakes/cloudflare.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub } from './fakes/github.js'
import { psksOf, resultsOf } from './helpers/outputs.js'
import { assertMaskedBeforeUse, runAgainst, type ActionRun } from './helpers/run-action.js'
import { assertNothingLeaks, readAsRunner } from './helpers/runner-log.js'

const REPOSITORY = 'octo-org/network'
const running: { stop(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.stop()))
})

async function cloudflareWith(tunnels: FakeTunnelSeed[]): Promise<FakeCloudflare> {
  const fake = await FakeCloudflare.start({ tunnels })
  running.push(fake)
  return fake
}

const run = (cloudflare: FakeCloudflare, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> =>
  runAgainst(cloudflare, inputs, { env, timeoutMs: 30_000 })

const generateCalls = (cloudflare: FakeCloudflare) => cloudflare.requests.filter(({ path }) => path.endsWith('/psk_generate')).length
const annotations = (result: ActionRun, kind: 'error' | 'warning') =>
  readAsRunner(result.stdout).annotations.filter((annotation) => annotation.kind === kind)

describe('whatever PSK Cloudflare answers is the live PSK', () => {
  const STRANGE = {
    blank: 'Cloudflare chose a PSK with blanks 0123',
    'line break': 'first-line-of-the-psk\r\nsecond-line-of-the-psk',
    'line separator': 'before-the-separator\u2028after-the-separator',
    'non-ASCII letter': 'Zürich-ünïcödé-PSK-0123456789',
  }

  it('is kept, masked in every form, stored and handed over, never retried, with a warning naming the tunnel', async () => {
    const names = Object.keys(STRANGE)
    const cloudflare = await cloudflareWith(names.map((name) => ({ name, lastGeneratedOn: '2025-01-01T00:00:00Z' })))
    // concurrency 1: the fake hands out its queued PSKs in the order the tunnels are listed.
    cloudflare.generatedPsks.push(...Object.values(STRANGE))
    const github = await FakeGitHub.start()
    running.push(github)
    github.addRepository(REPOSITORY, { id: 4242 })
    const result = await run(
      cloudflare,
      { concurrency: '1', 'secret-scope': 'repository', repository: REPOSITORY, 'github-token': DEFAULT_GITHUB_TOKEN },
      { GITHUB_API_URL: github.url },
    )

    expect(result.exitCode).toBe(0)
    expect(generateCalls(cloudflare)).toBe(names.length)
    const psks = psksOf(result)
    for (const [name, psk] of Object.entries(STRANGE)) {
      const tunnel = cloudflare.tunnel(name)
      expect(tunnel.psk).toBe(psk)
      expect(psks[tunnel.id]).toBe(psk)
      const stored = [...github.repositorySecrets(REPOSITORY).values()].map(({ value }) => value)
      expect(stored).toContain(psk)
      expect(annotations(result, 'warning').some(({ message }) => message.startsWith(`Tunnel ${name}: Cloudflare's new PSK holds`))).toBe(
        true,
      )
    }
    expect(resultsOf(result).every((entry) => entry.status === 'rotated')).toBe(true)
    // Each line of a multi-line PSK, and its JSON forms, are secrets of their own to the runner.
    const forms = Object.values(STRANGE).flatMap((psk) => [
      psk,
      JSON.stringify(psk).slice(1, -1),
      ...psk.split(/\r\n|\u2028/).filter((line) => line !== psk),
    ])
    assertMaskedBeforeUse(result.stdout, forms)
    const log = assertNothingLeaks(result, [...forms, DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN])
    expect(log.masks).toContain('Z\\u00fcrich-\\u00fcn\\u00efc\\u00f6d\\u00e9-PSK-0123456789')
  })

  it('an answer whose psk is empty or not a string is still a lost answer: retried, and the PSK handed over is the live one', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1', lastGeneratedOn: '2025-01-01T00:00:00Z' }])
    cloudflare.generatedPsks.push('')
    const result = await run(cloudflare, {})

    expect(result.exitCode).toBe(0)
    expect(generateCalls(cloudflare)).toBe(2)
    const tunnel = cloudflare.tunnel('branch_1')
    expect(psksOf(result)).toEqual({ [tunnel.id]: tunnel.psk })
  })
})

describe('credentials echoed back stay out of results and the summary', () => {
  it('a Cloudflare error quoting the api-token and a user-masked value reaches neither results nor the summary', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }, { name: 'branch_2' }])
    const userPsk = 'User-Chosen-PSK-Echoed-Back-0042'
    cloudflare.unapplied.set(cloudflare.tunnel('branch_2').id, `rejected for token ${DEFAULT_API_TOKEN} and key ${userPsk}`)
    cloudflare.generateFailures.set(cloudflare.tunnel('branch_1').id, {
      status: 400,
      code: 1001,
      message: `bad request from ${DEFAULT_API_TOKEN}`,
    })
    const generated = await run(cloudflare, {})
    const set = await run(cloudflare, { mode: 'set', psks: `${cloudflare.tunnel('branch_2').id}=${userPsk}` })

    for (const result of [generated, set]) {
      expect(result.exitCode).toBe(1)
      for (const text of [result.outputs.results ?? '', result.summary]) {
        expect(text).not.toContain(DEFAULT_API_TOKEN)
        expect(text).not.toContain(userPsk)
      }
      expect(result.outputs.results).toContain('***')
      assertNothingLeaks(result, [DEFAULT_API_TOKEN, userPsk])
    }
    expect(resultsOf(generated).find((entry) => entry.name === 'branch_1')?.error).toContain('bad request from ***')
  })

  it('a GitHub error quoting the github-token stays out of results and the summary', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    const github = await FakeGitHub.start()
    running.push(github)
    github.addRepository(REPOSITORY, { id: 4242 })
    github.inject(
      { method: 'PUT', path: /\/actions\/secrets\// },
      { status: 422, message: `token ${DEFAULT_GITHUB_TOKEN} may not write this secret` },
    )
    const result = await run(
      cloudflare,
      { 'secret-scope': 'repository', repository: REPOSITORY, 'github-token': DEFAULT_GITHUB_TOKEN },
      { GITHUB_API_URL: github.url },
    )

    expect(result.exitCode).toBe(1)
    for (const text of [result.outputs.results ?? '', result.summary]) expect(text).not.toContain(DEFAULT_GITHUB_TOKEN)
    expect(resultsOf(result)[0]?.error).toContain('token *** may not write')
  })
})

describe('outside text is bounded everywhere', () => {
  it('10,000 errors in one answer: a few quoted, the rest counted, in the log, results and summary', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }, { name: 'branch_2' }])
    const errors = Array.from({ length: 10_000 }, (_, index) => ({
      code: 1000 + (index % 50),
      message: `error number ${index} ${'z'.repeat(20)}`,
    }))
    for (const tunnel of cloudflare.tunnels) cloudflare.generateFailures.set(tunnel.id, { status: 400, code: 1001, message: '', errors })
    const result = await run(cloudflare, {})

    expect(result.exitCode).toBe(1)
    const log = readAsRunner(result.stdout)
    expect(Math.max(...log.shown.map((line) => line.length))).toBeLessThan(4_000)
    expect(Buffer.byteLength(result.outputs.results ?? '')).toBeLessThan(8_000)
    for (const entry of resultsOf(result)) {
      expect(entry.error).toContain('error number 2 ')
      expect(entry.error).not.toContain('error number 3 ')
      expect(entry.error).toContain('and 9997 more errors')
    }
    expect(Buffer.byteLength(result.summary)).toBeLessThan(16_000)
  })
})

describe('no text that misleads a reader', () => {
  it('bidirectional controls and invisible format characters in names and messages are shown as escapes', async () => {
    const reordering = 'branch-\u202Eevil\u202C-\u2066x\u2069'
    const invisible = 'hq\u200B\u2060\uFEFF\u00AD-1'
    const cloudflare = await cloudflareWith([{ name: reordering }, { name: invisible }])
    cloudflare.generateFailures.set(cloudflare.tunnel(invisible).id, { status: 400, code: 1001, message: 'refused \u202Egnp.exe\u202C' })
    const result = await run(cloudflare, {})

    const shown = readAsRunner(result.stdout).shown.join('\n')
    for (const text of [shown, result.summary]) {
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u2060\uFEFF\u00AD]/)
      expect(text).toContain('branch-\\u202eevil\\u202c-\\u2066x\\u2069')
      expect(text).toContain('hq\\u200b\\u2060\\ufeff\\xad-1')
    }
    expect(shown).toContain('refused \\u202egnp.exe\\u202c')
  })
})
