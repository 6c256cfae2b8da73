import { afterEach, describe, expect, it } from 'vitest'
import type { Tunnel } from '../src/cloudflare.js'
import { prepareSecretStore } from '../src/github-secrets/index.js'
import { TamperingProxy } from './helpers/tampering-proxy.js'
import { renderSecretName, secretNamesFor } from '../src/github-secrets/names.js'
import { describeRequest } from '../src/github-secrets/retry-policy.js'
import { InputError, type SecretsConfig } from '../src/inputs.js'
import { DEFAULT_GITHUB_TOKEN, type FakeGitHub, type FakeGitHubOptions } from './fakes/github.js'
import {
  BRANCH_1,
  BRANCH_2,
  OWNER,
  REPOSITORY,
  rejection,
  running,
  secretsConfig,
  startGitHub,
  stopAll,
  storeContext,
  tunnel,
} from './github-secrets/fixtures.js'

const PSK = 'Live-PSK-0123456789abcdefghijklm'
const config = secretsConfig
const context = storeContext

afterEach(stopAll)

describe('renderSecretName', () => {
  it.each([
    ['IPSEC_PSK_{name}', 'branch-1', 'IPSEC_PSK_BRANCH_1'],
    ['ipsec_psk_{name}', 'Branch.East 2', 'IPSEC_PSK_BRANCH_EAST_2'],
    ['{name}_{name}', 'x', 'X_X'],
    ['PSK-{name}', 'zürich', 'PSK_Z_RICH'],
    ['PSK_{name}', 'straße', 'PSK_STRASSE'],
    ['PSK_{name}', 'edge🚀1', 'PSK_EDGE_1'],
    ['PSK_{name}', '$&-$1', 'PSK_____1'],
    ['SHARED_PSK', 'anything', 'SHARED_PSK'],
    ['psk {id}', 'ignored', 'PSK_1F0000000000000000000000000000AA'],
    ['{id}-{name}', 'b', '1F0000000000000000000000000000AA_B'],
  ])('%s with tunnel %s gives %s', (template, name, expected) => {
    expect(renderSecretName(template, { id: '1f0000000000000000000000000000aa', name })).toBe(expected)
  })
})

describe('secretNamesFor', () => {
  function inputError(template: string, tunnels: Tunnel[]): InputError {
    try {
      secretNamesFor(template, tunnels)
    } catch (error) {
      if (error instanceof InputError) return error
      throw error
    }
    throw new Error('expected an InputError')
  }

  it('maps each tunnel ID to its secret name', () => {
    expect(secretNamesFor('IPSEC_PSK_{name}', [BRANCH_1, BRANCH_2])).toEqual(
      new Map([
        [BRANCH_1.id, 'IPSEC_PSK_BRANCH_1'],
        [BRANCH_2.id, 'IPSEC_PSK_BRANCH_2'],
      ]),
    )
  })

  it.each<[string, string, Tunnel[], RegExp]>([
    [
      'a GITHUB_ prefix from the template',
      'github_{name}',
      [BRANCH_1],
      /'GITHUB_BRANCH_1' for tunnel 'branch-1' \(1f0+aa\); GitHub reserves names starting with GITHUB_/,
    ],
    ['a GITHUB_ prefix from a tunnel name', '{name}', [tunnel('github-runner')], /'GITHUB_RUNNER'.*reserves names starting with GITHUB_/],
    ['a leading digit from {id}', '{id}', [BRANCH_1], /'1F0+AA'.*must not start with a digit/],
    ['a leading digit from a tunnel name', '{name}_PSK', [tunnel('1st-branch')], /'1ST_BRANCH_PSK'.*must not start with a digit/],
    ['an empty name', '{name}', [tunnel('')], /gives an empty secret name/],
    [
      'two tunnels with the same name after cleaning',
      'PSK_{name}',
      [tunnel('a-1'), tunnel('a.1', 'cc'.repeat(16))],
      /'a-1', 'a\.1' all become 'PSK_A_1'\. Add \{id\}/,
    ],
    ['a template without placeholders for two tunnels', 'SHARED', [BRANCH_1, BRANCH_2], /'branch-1', 'branch-2' all become 'SHARED'/],
  ])('rejects %s', (_case, template, tunnels, message) => {
    const error = inputError(template, tunnels)
    expect(error.input).toBe('secret-name')
    expect(error.message).toMatch(/^Input 'secret-name': /)
    expect(error.message).toMatch(message)
  })

  it('lists at most three clashes', () => {
    const tunnels = ['a', 'b', 'c', 'd', 'e'].flatMap((letter, index) => [
      tunnel(`${letter}-x`, `${index}0`.padEnd(32, '1')),
      tunnel(`${letter}.x`, `${index}0`.padEnd(32, '2')),
    ])
    expect(inputError('P_{name}', tunnels).message).toMatch(/'P_C_X' \(and 2 more\)\./)
  })

  it('accepts one tunnel with a constant name', () => {
    expect([...secretNamesFor('SHARED', [BRANCH_1]).values()]).toEqual(['SHARED'])
  })
})

describe('describeRequest', () => {
  it('fills in and URL-encodes route parameters and drops the origin', () => {
    expect(
      describeRequest({
        method: 'put',
        url: '/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
        owner: 'o',
        repo: 'r',
        environment_name: 'a b/c',
        secret_name: 'S',
      }),
    ).toBe('PUT /repos/o/r/environments/a%20b%2Fc/secrets/S')
    expect(describeRequest({ method: 'GET', url: 'http://127.0.0.1:1/orgs/x/actions/secrets?per_page=100&page=2' })).toBe(
      'GET /orgs/x/actions/secrets?per_page=100&page=2',
    )
  })
})

describe('prepareSecretStore preflight', () => {
  it('rejects a bad secret name before any request, even for a tunnel that is not due', async () => {
    const github = await startGitHub()
    const clash = tunnel('branch_1', 'dd'.repeat(16))

    const error = await rejection(prepareSecretStore(config(), context(github, { selected: [BRANCH_1, clash], due: [BRANCH_1] })))

    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe('secret-name')
    expect(github.requests).toEqual([])
  })

  it.each<[string, FakeGitHubOptions, Partial<SecretsConfig>, RegExp[]]>([
    ['a wrong token', { token: 'ghp_other' }, {}, [/HTTP 401: Bad credentials/, /wrong, expired or revoked/]],
    [
      'no access to repository secrets',
      { tokenAccess: 'none' },
      {},
      [
        /read the secrets public key of repository octo-org\/network \(HTTP 403: Resource not accessible by integration\)/,
        /repository permission "Secrets: Read and write" on octo-org\/network/,
        /GITHUB_TOKEN cannot write secrets/,
      ],
    ],
    [
      'no access to organization secrets',
      { tokenAccess: 'none' },
      { scope: 'organization' },
      [
        /organization octo-org \(HTTP 403/,
        /organization permission "Secrets: Read and write".*Organization permissions → Secrets; a classic token needs the admin:org scope/,
      ],
    ],
    ['an unknown repository', {}, { repo: 'nope' }, [/HTTP 404: Not Found/, /repository input \('octo-org\/nope'\)/]],
    [
      'an unknown environment',
      {},
      { scope: 'environment', environment: 'Production' },
      [/environment 'Production' of octo-org\/network/, /names an existing environment of octo-org\/network and that github-token/],
    ],
    [
      'an unknown organization',
      {},
      { scope: 'organization', organization: 'someone' },
      [/organization input \('someone'; .*a personal account has no organization secrets\)/],
    ],
  ])('explains %s and says nothing was rotated', async (_case, options, overrides, messages) => {
    const github = await startGitHub(options)

    const error = await rejection(prepareSecretStore(config(overrides), context(github)))

    expect(error).not.toBeInstanceOf(InputError)
    for (const message of messages) expect(error.message).toMatch(message)
    expect(error.message).toMatch(/Nothing was rotated: every tunnel keeps its current PSK\.$/)
    expect(github.requests.filter(({ method }) => method === 'PUT')).toEqual([])
  })

  it('passes on the permission GitHub says a 403 needs', async () => {
    const github = await startGitHub()
    github.inject(
      { path: /public-key$/ },
      {
        status: 403,
        message: 'Resource not accessible by personal access token',
        headers: { 'x-accepted-github-permissions': 'secrets=read' },
      },
    )

    const error = await rejection(prepareSecretStore(config(), context(github)))

    expect(error.message).toContain(
      '(HTTP 403: Resource not accessible by personal access token). GitHub says this call needs: secrets=read.',
    )
  })

  it('gives up on a network failure after bounded retries', async () => {
    const github = await startGitHub()
    github.inject({ path: /public-key$/ }, { kind: 'reset' }, 10)
    const ctx = context(github)

    const error = await rejection(prepareSecretStore(config(), ctx))

    expect(error.message).toMatch(
      /^Could not read the secrets public key of repository octo-org\/network: no answer from GitHub \(.+\), also after 3 retries\./,
    )
    expect(github.requests).toHaveLength(4)
    expect(
      ctx.logger.lines.filter((line) =>
        line.startsWith('No answer from GitHub to GET /repos/octo-org/network/actions/secrets/public-key (attempt'),
      ),
    ).toHaveLength(4)
  })

  it.each<[string, Partial<SecretsConfig>, number, (github: FakeGitHub, index: number) => void, RegExp | null]>([
    ['repository: 98 existing + 2 new fits', {}, 98, (g, i) => g.presetSecret({ repository: REPOSITORY }, `S_${i}`, 'x'), null],
    [
      'repository: 99 existing + 2 new',
      {},
      99,
      (g, i) => g.presetSecret({ repository: REPOSITORY }, `S_${i}`, 'x'),
      /would make 101, over GitHub's limit of 100 secrets per repository \(99 exist already\)/,
    ],
    [
      'environment: 99 existing + 2 new',
      { scope: 'environment', environment: 'production' },
      99,
      (g, i) => g.presetSecret({ repository: REPOSITORY, environment: 'production' }, `S_${i}`, 'x'),
      /limit of 100 secrets per environment/,
    ],
    [
      'organization: 998 existing + 2 new fits',
      { scope: 'organization' },
      998,
      (g, i) => g.presetSecret({ organization: OWNER }, `S_${i}`, 'x'),
      null,
    ],
    [
      'organization: 999 existing + 2 new',
      { scope: 'organization' },
      999,
      (g, i) => g.presetSecret({ organization: OWNER }, `S_${i}`, 'x'),
      /would make 1001, over GitHub's limit of 1000 secrets per organization/,
    ],
  ])('checks the secret limit: %s', async (_case, overrides, existing, seed, message) => {
    const github = await startGitHub()
    for (let index = 0; index < existing; index++) seed(github, index)

    const attempt = prepareSecretStore(config(overrides), context(github))

    if (message) expect((await rejection(attempt)).message).toMatch(message)
    else await expect(attempt).resolves.toBeDefined()
  })

  it('counts only new names against the limit', async () => {
    const github = await startGitHub()
    for (let index = 0; index < 99; index++) github.presetSecret({ repository: REPOSITORY }, `S_${index}`, 'x')
    github.presetSecret({ repository: REPOSITORY }, 'IPSEC_PSK_BRANCH_1', 'old')

    const ctx = context(github, { due: [BRANCH_1] })
    await expect(prepareSecretStore(config(), ctx)).resolves.toBeDefined()
    expect(ctx.logger.lines).toContain('Will write: IPSEC_PSK_BRANCH_1 (update).')
  })

  it('still checks access when no tunnel is due', async () => {
    const github = await startGitHub({ tokenAccess: 'none' })

    await expect(prepareSecretStore(config(), context(github, { due: [] }))).rejects.toThrow(/HTTP 403/)
  })

  it('reads the repositories of an existing selected organization secret only when this run writes it', async () => {
    const github = await startGitHub()
    github.presetSecret({ organization: OWNER }, 'IPSEC_PSK_BRANCH_1', 'a', { visibility: 'selected', selectedRepositoryIds: [77] })
    github.presetSecret({ organization: OWNER }, 'IPSEC_PSK_BRANCH_2', 'b', { visibility: 'selected', selectedRepositoryIds: [77] })

    await prepareSecretStore(config({ scope: 'organization' }), context(github, { due: [BRANCH_2] }))

    expect(github.requests.map(({ path }) => path).filter((path) => path.includes('/repositories'))).toEqual([
      `/orgs/${OWNER}/actions/secrets/IPSEC_PSK_BRANCH_2/repositories?per_page=100`,
    ])
  })

  it('validate-only: does the whole preflight, reports the plan and refuses to store', async () => {
    const github = await startGitHub()
    github.presetSecret({ organization: OWNER }, 'IPSEC_PSK_BRANCH_1', 'a', { visibility: 'selected', selectedRepositoryIds: [77, 78] })
    const ctx = context(github, { validateOnly: true })

    const store = await prepareSecretStore(config({ scope: 'organization', visibility: 'all' }), ctx)

    expect(store.secretNameFor(BRANCH_2)).toBe('IPSEC_PSK_BRANCH_2')
    expect(ctx.logger.lines).toContain(
      'Validate-only: would write: IPSEC_PSK_BRANCH_1 (update, keeps its 2 selected repositories), IPSEC_PSK_BRANCH_2 (create, visibility all).',
    )
    await expect(store.store(BRANCH_1, PSK)).rejects.toThrow(/validate-only/)
    expect(github.requests.map(({ method, path }) => `${method} ${path.replace(/\?.*/, '')}`)).toEqual([
      `GET /orgs/${OWNER}/actions/secrets/public-key`,
      `GET /orgs/${OWNER}/actions/secrets`,
      `GET /orgs/${OWNER}/actions/secrets/IPSEC_PSK_BRANCH_1/repositories`,
    ])
  })
})

describe('the secret store', () => {
  it('encrypts for the destination key and accepts 201 then 204', async () => {
    const github = await startGitHub()
    const ctx = context(github)
    const store = await prepareSecretStore(config({ scope: 'environment', environment: 'eu/prod 1' }), ctx)

    await store.store(BRANCH_1, PSK)
    await store.store(BRANCH_1, `${PSK}-2`)

    expect(github.environmentSecrets(REPOSITORY, 'eu/prod 1').get('IPSEC_PSK_BRANCH_1')?.value).toBe(`${PSK}-2`)
    const writes = github.requests.filter(({ method }) => method === 'PUT')
    expect(writes.map(({ status }) => status)).toEqual([201, 204])
    expect(writes[0]?.path).toBe(`/repos/${REPOSITORY}/environments/eu%2Fprod%201/secrets/IPSEC_PSK_BRANCH_1`)
    expect(ctx.logger.lines.at(-1)).toBe(
      `Stored the new PSK of tunnel branch-1 in environment 'eu/prod 1' of ${REPOSITORY}: secret IPSEC_PSK_BRANCH_1 (updated).`,
    )
    expect(store.unavailable()).toBeNull()
  })

  it('gives up on a 5xx after 3 retries, saying so, and writes nothing more: the next tunnel would go live unstored', async () => {
    const github = await startGitHub()
    const ctx = context(github)
    const store = await prepareSecretStore(config(), ctx)
    github.inject({ method: 'PUT', path: /IPSEC_PSK_BRANCH_1$/ }, { status: 502 }, 10)

    const error = await rejection(store.store(BRANCH_1, PSK))

    expect(error.message).toBe(
      'GitHub could not write secret IPSEC_PSK_BRANCH_1 of repository octo-org/network (HTTP 502: Bad Gateway), also after 3 retries.',
    )
    expect(ctx.logger.lines.filter((line) => line.startsWith('GitHub answered HTTP 502 to PUT'))).toEqual(
      [1, 2, 3, 4].map(
        (attempt) => `GitHub answered HTTP 502 to PUT /repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_1 (attempt ${attempt}).`,
      ),
    )
    expect(store.unavailable()).toBe(
      'GitHub failed an earlier write to repository octo-org/network (HTTP 502); re-run later to rotate the rest.',
    )
    await expect(store.store(BRANCH_2, PSK)).rejects.toThrow(/^Not attempted: GitHub failed an earlier write/)
    expect(github.repositorySecrets(REPOSITORY).has('IPSEC_PSK_BRANCH_2')).toBe(false)
  })

  it('after a refused write (404), does not try again and says why', async () => {
    const github = await startGitHub()
    const store = await prepareSecretStore(config(), context(github))
    github.inject({ method: 'PUT', path: /IPSEC_PSK_BRANCH_1$/ }, { status: 404 })

    const first = await rejection(store.store(BRANCH_1, PSK))
    const second = await rejection(store.store(BRANCH_2, PSK))

    expect(first.message).toMatch(
      /^GitHub answered HTTP 404: Not Found when trying to write secret IPSEC_PSK_BRANCH_1 of repository octo-org\/network/,
    )
    expect(second.message).toBe('Not attempted: GitHub refused an earlier write to repository octo-org/network (HTTP 404).')
    expect(store.unavailable()).toBe('GitHub refused an earlier write to repository octo-org/network (HTTP 404).')
    expect(github.requests.filter(({ method }) => method === 'PUT')).toHaveLength(1)
  })

  it('never puts the PSK or the token in an error message', async () => {
    const github = await startGitHub()
    const store = await prepareSecretStore(config(), context(github))
    github.inject({ method: 'PUT', path: /BRANCH_1$/ }, { status: 422, message: `echo ${PSK} ${DEFAULT_GITHUB_TOKEN}` })

    const error = await rejection(store.store(BRANCH_1, PSK))

    expect(error.message).toBe('GitHub refused to write secret IPSEC_PSK_BRANCH_1 of repository octo-org/network (HTTP 422: echo *** ***).')
  })

  it('waits out a plain 429 (60 s without retry-after) and a primary rate limit until its reset', async () => {
    const github = await startGitHub()
    const ctx = context(github)
    const store = await prepareSecretStore(config(), ctx)
    const reset = String(Math.floor(Date.now() / 1000) + 2)
    github.inject({ method: 'PUT', path: /BRANCH_1$/ }, { status: 429 })
    github.inject(
      { method: 'PUT', path: /BRANCH_1$/ },
      { status: 403, message: 'API rate limit exceeded', headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } },
    )

    await store.store(BRANCH_1, PSK)

    expect(github.repositorySecrets(REPOSITORY).get('IPSEC_PSK_BRANCH_1')?.value).toBe(PSK)
    expect(ctx.logger.lines).toContain(
      `GitHub answered HTTP 429 (too many requests) to PUT /repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_1; waiting 60 s (retry 1 of 3).`,
    )
    expect(
      ctx.logger.lines.some((line) =>
        /^GitHub API rate limit for this token is used up on PUT \/repos\/octo-org\/network\/actions\/secrets\/IPSEC_PSK_BRANCH_1; waiting \d s \(retry 1 of 3\)\.$/.test(
          line,
        ),
      ),
    ).toBe(true)
  })

  it('does not wait when a secondary rate limit asks for more than 300 s, and stops further writes', async () => {
    const github = await startGitHub()
    const ctx = context(github)
    const store = await prepareSecretStore(config(), ctx)
    github.inject(
      { method: 'PUT', path: /BRANCH_1$/ },
      { status: 403, retryAfter: '900', message: 'You have exceeded a secondary rate limit.' },
    )

    const error = await rejection(store.store(BRANCH_1, PSK))

    expect(error.message).toMatch(/^GitHub's rate limit did not lift for the request to write secret IPSEC_PSK_BRANCH_1/)
    expect(ctx.logger.lines).toContain(
      `GitHub secondary rate limit on PUT /repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_1 asks to wait 900 s, longer than 300 s; not waiting.`,
    )
    expect(store.unavailable()).toMatch(/^GitHub kept rate-limiting secret writes to repository octo-org\/network \(HTTP 403\)/)
  })
})

describe('write pacing', () => {
  async function twoWrites(overrides: Partial<Parameters<typeof context>[1]>): Promise<number> {
    const github = await startGitHub()
    const store = await prepareSecretStore(config(), context(github, overrides))
    const started = performance.now()
    await store.store(BRANCH_1, PSK)
    await store.store(BRANCH_2, PSK)
    expect(github.requests.filter(({ method }) => method === 'PUT')).toHaveLength(2)
    return performance.now() - started
  }

  it("is Octokit's own by default: writes go one at a time, 1 s apart", async () => {
    expect(await twoWrites({ writeGapMs: undefined })).toBeGreaterThanOrEqual(990)
  })

  it('takes a shorter gap, as the unit tests use', async () => {
    const elapsed = await twoWrites({ writeGapMs: 50 })
    expect(elapsed).toBeGreaterThanOrEqual(45)
    expect(elapsed).toBeLessThan(900)
  })
})

describe('every request, retries included', () => {
  it('carries the API version header', async () => {
    const github = await startGitHub()
    github.inject({ method: 'PUT', path: /IPSEC_PSK_BRANCH_1$/ }, { status: 502 }, 1)
    const store = await prepareSecretStore(config(), context(github))
    await store.store(BRANCH_1, PSK)
    expect(github.requests.length).toBeGreaterThanOrEqual(4)
    for (const request of github.requests) expect(request.headers['x-github-api-version']).toBe('2022-11-28')
  })

  it('has a time-out of its own: a GitHub that never answers in time fails the preflight, saying so', async () => {
    const github = await startGitHub({ latencyMs: 1_000 })
    const ctx = context(github, { requestTimeoutMs: 100 })
    const error = await rejection(prepareSecretStore(config(), ctx))
    expect(error.message).toMatch(
      /^Could not read the secrets public key of repository octo-org\/network: no answer from GitHub \(no answer within 0.1 s\), also after 3 retries\./,
    )
    expect(ctx.logger.lines.filter((line) => line.includes('no answer within 0.1 s'))).toHaveLength(4)
  })
})

describe('the public key', () => {
  it.each([
    ['not base64', 'not base64 at all!'],
    ['too short', Buffer.alloc(16, 1).toString('base64')],
    ['a low-order point', Buffer.alloc(32, 0).toString('base64')],
  ])('is checked in the preflight, before any PSK goes live: %s', async (_case, key) => {
    const github = await startGitHub()
    const proxy = await TamperingProxy.start(github.url)
    running.push(proxy)
    proxy.rewriteJson<{ key_id: string; key: string }>({ method: 'GET', path: /public-key$/ }, (body) => ({ ...body, key }))
    const error = await rejection(prepareSecretStore(config(), context(github, { apiUrl: proxy.baseUrl })))
    expect(error.message).toMatch(
      /^The secrets public key GitHub gave for repository octo-org\/network cannot be used \(Invalid secrets public key: .*\)\. Nothing was rotated: every tunnel keeps its current PSK\.$/,
    )
    expect(error.message).not.toContain('no answer')
  })
})

describe('organization secrets past what a workflow can read', () => {
  it.each([
    [99, false],
    [100, true],
  ])('with %i existing secrets and 1 new one, warns: %s', async (existing, warns) => {
    const github = await startGitHub()
    for (let i = 0; i < existing; i++) github.presetSecret({ organization: OWNER }, `S_${i}`, 'x', { visibility: 'private' })
    const ctx = context(github, { selected: [BRANCH_1], due: [BRANCH_1] })
    await prepareSecretStore(config({ scope: 'organization' }), ctx)
    const warning = ctx.logger.lines.find((line) => line.startsWith('warning: '))
    if (warns)
      expect(warning).toMatch(
        /will hold 101 secrets\. A workflow can read only the first 100 organization secrets visible to its repository/,
      )
    else expect(warning).toBeUndefined()
  })
})
