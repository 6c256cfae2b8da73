// Runs the bundled action (a fresh build of src/, see test/global-setup.ts) against loopback
// fakes of Cloudflare and GitHub, and checks what the fake GitHub decrypted.
import { existsSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_ID, DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub, type FakeGitHubOptions, type StoredSecret } from './fakes/github.js'
import { stopAndCheckAfterEach } from './helpers/fake-checks.js'
import { DEFAULT_ENTRY, assertMaskedBeforeUse, runAction, type ActionRun } from './helpers/run-action.js'
import { assertNothingLeaks } from './helpers/runner-log.js'
import { TamperingProxy } from './helpers/tampering-proxy.js'

const OWNER = 'octo-org'
const REPOSITORY = `${OWNER}/network`
const REPOSITORY_ID = 4242

interface Result {
  id: string
  name: string
  status: string
  secret_name: string | null
  error: string | null
}

interface World {
  cloudflare: FakeCloudflare
  github: FakeGitHub
}

const running: Array<{ stop(): Promise<void> }> = []

beforeAll(() => {
  if (!existsSync(DEFAULT_ENTRY)) throw new Error(`${DEFAULT_ENTRY} is missing: run 'npm run build' first.`)
})

const fakes = stopAndCheckAfterEach(() => running.splice(0))

async function world(tunnels: string[], github: FakeGitHubOptions = {}): Promise<World> {
  const cloudflare = await FakeCloudflare.start({ tunnels: tunnels.map((name) => ({ name, lastGeneratedOn: '2024-01-01T00:00:00Z' })) })
  running.push(cloudflare)
  const fake = await FakeGitHub.start(github)
  running.push(fake)
  fake.addRepository(REPOSITORY, { id: REPOSITORY_ID, environments: ['production', 'edge west'] })
  fake.addOrganization(OWNER)
  return { cloudflare, github: fake }
}

function run({ cloudflare, github }: World, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: {
      'account-id': DEFAULT_ACCOUNT_ID,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'tunnel-ids': 'all',
      'github-token': DEFAULT_GITHUB_TOKEN,
      ...inputs,
    },
    env: { GITHUB_API_URL: github.url },
    timeoutMs: 30_000,
  })
}

function psksOf(run: ActionRun): Record<string, string> {
  return JSON.parse(run.outputs['psks'] ?? '{}') as Record<string, string>
}

function resultsOf(run: ActionRun): Result[] {
  return JSON.parse(run.outputs['results'] ?? '[]') as Result[]
}

/**
 * What every run must satisfy: PSKs and tokens masked before use and unreadable as the runner shows
 * the log, every GitHub request with the API version. (No request a fake did not know: after each test.)
 */
function expectCleanRun(run: ActionRun, { cloudflare, github }: World): void {
  assertMaskedBeforeUse(run.stdout, [...Object.values(psksOf(run)), DEFAULT_GITHUB_TOKEN, DEFAULT_API_TOKEN])
  assertNothingLeaks(run, [
    ...Object.values(psksOf(run)),
    ...cloudflare.tunnels.flatMap(({ pskHistory }) => pskHistory),
    DEFAULT_GITHUB_TOKEN,
    DEFAULT_API_TOKEN,
  ])
  expect(run.stderr).not.toContain(DEFAULT_GITHUB_TOKEN)
  for (const request of github.requests)
    expect(request.headers['x-github-api-version'], `${request.method} ${request.path}`).toBe('2022-11-28')
}

/** Each stored secret holds exactly the PSK the `psks` output has for its tunnel, which is live on Cloudflare. */
function expectStored(run: ActionRun, world: World, secrets: Map<string, StoredSecret>, tunnelNames: string[]): void {
  const psks = psksOf(run)
  const results = resultsOf(run)
  for (const name of tunnelNames) {
    const result = results.find((entry) => entry.name === name)!
    expect(result, name).toMatchObject({ status: 'rotated', error: null })
    const psk = psks[result.id]
    expect(psk, name).toBeDefined()
    expect(world.cloudflare.tunnel(name).psk).toBe(psk)
    expect(secrets.get(result.secret_name!)?.value, name).toBe(psk)
  }
}

function puts(github: FakeGitHub) {
  return github.requests.filter(({ method }) => method === 'PUT')
}

function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::error'))
}

describe('secret-scope: repository', () => {
  it('creates and updates one secret per tunnel, right after its PSK is live', async () => {
    const w = await world(['branch-1', 'branch.2', 'dc-east'])
    w.github.presetSecret({ repository: REPOSITORY }, 'IPSEC_PSK_BRANCH_2', 'old-branch-2-psk')
    w.github.presetSecret({ repository: REPOSITORY }, 'UNRELATED', 'keep-me')

    const result = await run(w, { 'secret-scope': 'repository' })

    expect(result.exitCode, result.stdout).toBe(0)
    expectCleanRun(result, w)
    const secrets = w.github.repositorySecrets(REPOSITORY)
    expectStored(result, w, secrets, ['branch-1', 'branch.2', 'dc-east'])
    expect(resultsOf(result).map((entry) => entry.secret_name)).toEqual(['IPSEC_PSK_BRANCH_1', 'IPSEC_PSK_BRANCH_2', 'IPSEC_PSK_DC_EAST'])
    expect(secrets.get('UNRELATED')?.value).toBe('keep-me')
    expect(
      puts(w.github)
        .map(({ status }) => status)
        .sort(),
    ).toEqual([201, 201, 204])
    // One public-key fetch; the listing asks for pages of 100.
    expect(w.github.requests.filter(({ path }) => path.endsWith('/public-key'))).toHaveLength(1)
    expect(
      w.github.requests.some(({ method, path }) => method === 'GET' && path === `/repos/${REPOSITORY}/actions/secrets?per_page=100`),
    ).toBe(true)
    expect(result.stdout).toMatch(/Will write: IPSEC_PSK_BRANCH_1 \(create\), IPSEC_PSK_BRANCH_2 \(update\), IPSEC_PSK_DC_EAST \(create\)/)
    expect(result.stdout).toContain(
      `Stored the new PSK of tunnel branch.2 in repository ${REPOSITORY}: secret IPSEC_PSK_BRANCH_2 (updated).`,
    )
  })

  it('validate-only does the whole preflight, writes nothing and reports each destination', async () => {
    const w = await world(['branch-1', 'branch-2'])

    const result = await run(w, { 'secret-scope': 'repository', 'validate-only': 'true', 'secret-name': 'cf_{name}_{id}' })

    expect(result.exitCode, result.stdout).toBe(0)
    expectCleanRun(result, w)
    expect(psksOf(result)).toEqual({})
    expect(puts(w.github)).toEqual([])
    expect(w.github.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `GET /repos/${REPOSITORY}/actions/secrets/public-key`,
      `GET /repos/${REPOSITORY}/actions/secrets?per_page=100`,
    ])
    const results = resultsOf(result)
    expect(results.map(({ status }) => status)).toEqual(['validated', 'validated'])
    for (const entry of results)
      expect(entry.secret_name).toBe(`CF_${entry.name.toUpperCase().replace('-', '_')}_${entry.id.toUpperCase()}`)
    expect(result.stdout).toContain(`Validate-only: would write: ${results[0]!.secret_name} (create), ${results[1]!.secret_name} (create).`)
    expect(w.cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
  })
})

describe('secret-scope: environment', () => {
  it('writes to /repos/{owner}/{repo}/environments/{url-encoded name}/secrets in set mode', async () => {
    const w = await world(['branch-1', 'branch-2'])
    const chosen = 'Chosen-PSK-0123456789abcdefghij'
    const branch1 = w.cloudflare.tunnel('branch-1').id

    const result = await run(w, { 'secret-scope': 'environment', environment: 'edge west', mode: 'set', psks: `${branch1}=${chosen}` })

    expect(result.exitCode, result.stdout).toBe(0)
    expectCleanRun(result, w)
    expect(psksOf(result)[branch1]).toBe(chosen)
    expectStored(result, w, w.github.environmentSecrets(REPOSITORY, 'edge west'), ['branch-1', 'branch-2'])
    expect(w.github.environmentSecrets(REPOSITORY, 'production').size).toBe(0)
    expect(w.github.repositorySecrets(REPOSITORY).size).toBe(0)
    expect(puts(w.github).map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        `/repos/${REPOSITORY}/environments/edge%20west/secrets/IPSEC_PSK_BRANCH_1`,
        `/repos/${REPOSITORY}/environments/edge%20west/secrets/IPSEC_PSK_BRANCH_2`,
      ]),
    )
  })

  it('falls back to /repositories/{id}/environments/... only after a 404 from an older server', async () => {
    const w = await world(['branch-1', 'branch-2'], { legacyEnvironmentRoutes: true })

    const result = await run(w, { 'secret-scope': 'environment', environment: 'production' })

    expect(result.exitCode, result.stdout).toBe(0)
    expectCleanRun(result, w)
    fakes.expectUnhandled(w.github, [`GET /repos/${REPOSITORY}/environments/production/secrets/public-key`])
    expectStored(result, w, w.github.environmentSecrets(REPOSITORY, 'production'), ['branch-1', 'branch-2'])
    expect(
      puts(w.github)
        .map(({ path }) => path)
        .sort(),
    ).toEqual([
      `/repositories/${REPOSITORY_ID}/environments/production/secrets/IPSEC_PSK_BRANCH_1`,
      `/repositories/${REPOSITORY_ID}/environments/production/secrets/IPSEC_PSK_BRANCH_2`,
    ])
    expect(result.stdout).toContain(`using /repositories/${REPOSITORY_ID}/environments/... instead`)
  })
})

describe('secret-scope: organization', () => {
  it('keeps the visibility and selected repositories of existing secrets and gives new ones secret-visibility', async () => {
    const w = await world(['branch-1', 'branch-2', 'branch-3'])
    const org = { organization: OWNER }
    // 150 selected repositories and 120 other secrets: both listings take two pages of 100.
    const selectedIds = Array.from({ length: 150 }, (_, index) => 10_000 + index)
    w.github.presetSecret(org, 'IPSEC_PSK_BRANCH_1', 'old-1', { visibility: 'selected', selectedRepositoryIds: selectedIds })
    w.github.presetSecret(org, 'IPSEC_PSK_BRANCH_2', 'old-2', { visibility: 'private' })
    for (let index = 0; index < 120; index++) w.github.presetSecret(org, `OTHER_${index}`, 'x', { visibility: 'all' })

    const result = await run(w, { 'secret-scope': 'organization', 'secret-visibility': 'all' })

    expect(result.exitCode, result.stdout).toBe(0)
    expectCleanRun(result, w)
    const secrets = w.github.organizationSecrets(OWNER)
    expectStored(result, w, secrets, ['branch-1', 'branch-2', 'branch-3'])
    expect(secrets.get('IPSEC_PSK_BRANCH_1')).toMatchObject({ visibility: 'selected', selectedRepositoryIds: selectedIds })
    expect(secrets.get('IPSEC_PSK_BRANCH_2')).toMatchObject({ visibility: 'private' })
    expect(secrets.get('IPSEC_PSK_BRANCH_2')).not.toHaveProperty('selectedRepositoryIds')
    expect(secrets.get('IPSEC_PSK_BRANCH_3')).toMatchObject({ visibility: 'all' })
    const paths = w.github.requests.map(({ method, path }) => `${method} ${path}`)
    expect(paths.filter((path) => path.startsWith(`GET /orgs/${OWNER}/actions/secrets?`))).toHaveLength(2)
    // Repositories are read for the one existing `selected` secret, once, in the preflight.
    expect(paths.filter((path) => path.includes('/repositories'))).toEqual([
      `GET /orgs/${OWNER}/actions/secrets/IPSEC_PSK_BRANCH_1/repositories?per_page=100`,
      `GET /orgs/${OWNER}/actions/secrets/IPSEC_PSK_BRANCH_1/repositories?per_page=100&page=2`,
    ])
    expect(result.stdout).toContain('IPSEC_PSK_BRANCH_1 (update, keeps its 150 selected repositories)')
  })
})

describe('failures before anything is rotated', () => {
  it.each<[string, FakeGitHubOptions, Record<string, string>, RegExp[], ((github: FakeGitHub) => void)?]>([
    [
      'a token without access to secrets (403)',
      { tokenAccess: 'none' },
      { 'secret-scope': 'repository' },
      [
        /HTTP 403: Resource not accessible by integration/,
        /"Secrets: Read and write"/,
        /GITHUB_TOKEN cannot write secrets/,
        /Nothing was rotated/,
      ],
    ],
    [
      'a wrong token (401)',
      { token: 'ghp_SomeOtherToken000000000000000000000' },
      { 'secret-scope': 'organization' },
      [/HTTP 401: Bad credentials/, /wrong, expired or revoked/, /organization octo-org/],
    ],
    [
      'a missing environment (404)',
      {},
      { 'secret-scope': 'environment', environment: 'staging' },
      [/HTTP 404/, /environment 'staging' of octo-org\/network/, /environment input \('staging'\)/, /"Environments: Read and write"/],
    ],
    [
      'a repository at its limit of 100 secrets',
      {},
      { 'secret-scope': 'repository' },
      [/Writing 2 new secrets to repository octo-org\/network would make 101, over GitHub's limit of 100 secrets per repository/],
      (github) => {
        for (let index = 0; index < 99; index++) github.presetSecret({ repository: REPOSITORY }, `S_${index}`, 'x')
      },
    ],
  ])('%s fails the step with nothing rotated', async (_case, options, inputs, messages, seed) => {
    const w = await world(['branch-1', 'branch-2'], options)
    seed?.(w.github)

    const result = await run(w, inputs)

    expect(result.exitCode).toBe(1)
    expectCleanRun(result, w)
    const errors = errorLines(result)
    expect(errors).toHaveLength(1)
    for (const message of messages) expect(errors[0]).toMatch(message)
    expect(w.cloudflare.requests.filter(({ method }) => method === 'POST')).toEqual([])
    expect(w.cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
    expect(puts(w.github)).toEqual([])
  })

  it('an unusable public key from GitHub fails the step before any PSK goes live, saying what is wrong with it', async () => {
    const w = await world(['branch-1', 'branch-2'])
    const proxy = await TamperingProxy.start(w.github.url)
    running.push(proxy)
    proxy.rewriteJson<{ key_id: string; key: string }>({ method: 'GET', path: /public-key$/ }, (body) => ({
      ...body,
      key: Buffer.alloc(16, 7).toString('base64'),
    }))

    const result = await runAction({
      inputs: {
        'account-id': DEFAULT_ACCOUNT_ID,
        'api-token': DEFAULT_API_TOKEN,
        'api-base-url': w.cloudflare.baseUrl,
        'tunnel-ids': 'all',
        'github-token': DEFAULT_GITHUB_TOKEN,
        'secret-scope': 'repository',
      },
      env: { GITHUB_API_URL: proxy.baseUrl },
      timeoutMs: 30_000,
    })

    expect(result.exitCode).toBe(1)
    expectCleanRun(result, w)
    const errors = errorLines(result)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /The secrets public key GitHub gave for repository octo-org\/network cannot be used \(Invalid secrets public key: expected base64 of exactly 32 bytes\)/,
    )
    expect(errors[0]).not.toMatch(/no answer|retries/)
    expect(w.cloudflare.requests.filter(({ method }) => method === 'POST' || method === 'PUT')).toEqual([])
    expect(w.cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
    expect(puts(w.github)).toEqual([])
  })

  it('rejects secret names that clash, before any request to GitHub', async () => {
    const w = await world(['branch-1', 'branch_1'])

    const result = await run(w, { 'secret-scope': 'repository' })

    expect(result.exitCode).toBe(1)
    expectCleanRun(result, w)
    expect(errorLines(result)).toEqual([
      "::error::Input 'secret-name': 'IPSEC_PSK_{name}' gives several selected tunnels the same secret name: 'branch-1', 'branch_1' all become 'IPSEC_PSK_BRANCH_1'. Add {id} to the template, or rename the tunnels.",
    ])
    expect(w.github.requests).toEqual([])
    expect(w.cloudflare.requests.filter(({ method }) => method === 'POST')).toEqual([])
  })
})

describe('write failures after the PSK is live', () => {
  it('a write that keeps failing fails its tunnel, leaves its PSK in psks and fails the step; the others go on', async () => {
    const w = await world(['branch-1', 'branch-2', 'branch-3'])
    w.github.presetSecret({ repository: REPOSITORY }, 'IPSEC_PSK_BRANCH_2', 'old-branch-2-psk')
    w.github.inject(
      { method: 'PUT', path: `/repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_2` },
      {
        status: 403,
        retryAfter: '1',
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
      10,
    )

    const result = await run(w, { 'secret-scope': 'repository' })

    expect(result.exitCode).toBe(1)
    expectCleanRun(result, w)
    const secrets = w.github.repositorySecrets(REPOSITORY)
    expectStored(result, w, secrets, ['branch-1', 'branch-3'])
    const failed = resultsOf(result).find(({ name }) => name === 'branch-2')!
    const livePsk = psksOf(result)[failed.id]
    expect(livePsk).toBe(w.cloudflare.tunnel('branch-2').psk)
    expect(livePsk).not.toBe('old-branch-2-psk')
    expect(secrets.get('IPSEC_PSK_BRANCH_2')?.value).toBe('old-branch-2-psk')
    expect(failed).toMatchObject({ status: 'failed', secret_name: null })
    expect(failed.error).toMatch(
      /^The new PSK is live on Cloudflare but was not stored: GitHub's rate limit did not lift for the request to write secret IPSEC_PSK_BRANCH_2 of repository octo-org\/network \(HTTP 403: You have exceeded a secondary rate limit.*\); this action retries 3 times and waits at most 300 s at a time\./,
    )
    expect(failed.error).toMatch(/It is in this step's psks output \(masked\)\.$/)
    for (let retry = 1; retry <= 3; retry++) {
      expect(result.stdout).toContain(
        `GitHub secondary rate limit on PUT /repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_2; waiting 1 s (retry ${retry} of 3).`,
      )
    }
    expect(puts(w.github).filter(({ path }) => path.endsWith('IPSEC_PSK_BRANCH_2'))).toHaveLength(4)
    expect(errorLines(result).some((line) => line.includes(`Tunnel branch-2 (${failed.id}): The new PSK is live on Cloudflare`))).toBe(true)
    expect(errorLines(result).at(-1)).toMatch(/^::error::1 of 3 tunnels failed: branch-2\./)
  })

  it('a 429 with retry-after is waited out and the write then succeeds', async () => {
    const w = await world(['branch-1', 'branch-2'])
    w.github.inject({ method: 'PUT', path: `/repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_1` }, { status: 429, retryAfter: '1' })
    w.github.inject({ method: 'GET', path: `/repos/${REPOSITORY}/actions/secrets` }, { status: 502 })

    const result = await run(w, { 'secret-scope': 'repository' })

    expect(result.exitCode, result.stdout).toBe(0)
    expectCleanRun(result, w)
    expectStored(result, w, w.github.repositorySecrets(REPOSITORY), ['branch-1', 'branch-2'])
    expect(w.github.stats.responses429).toBe(1)
    expect(result.stdout).toContain(
      `GitHub answered HTTP 429 (too many requests) to PUT /repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_1; waiting 1 s as retry-after asks (retry 1 of 3).`,
    )
    expect(result.stdout).toContain(`GitHub answered HTTP 502 to GET /repos/${REPOSITORY}/actions/secrets?per_page=100 (attempt 1).`)
  })

  it('once GitHub keeps rate-limiting a write past its retries, later tunnels are not rotated', async () => {
    const w = await world(['branch-1', 'branch-2'])
    w.github.inject(
      { method: 'PUT', path: `/repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_1` },
      {
        status: 403,
        retryAfter: '1',
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
      4,
    )

    const result = await run(w, { 'secret-scope': 'repository', concurrency: '1' })

    expect(result.exitCode).toBe(1)
    const [first, second] = resultsOf(result)
    expect(first).toMatchObject({ status: 'failed', secret_name: null })
    expect(psksOf(result)[first!.id]).toBe(w.cloudflare.tunnel('branch-1').psk)
    expect(second!.error).toMatch(/^Not rotated, so its previous PSK is still live: GitHub kept rate-limiting secret writes/)
    expect(w.cloudflare.tunnel('branch-2').pskHistory).toHaveLength(1)
    expect(result.stdout).toContain(
      `GitHub secondary rate limit on PUT /repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_1; waiting 1 s (retry 3 of 3).`,
    )
  })

  it('once GitHub refuses a write (403), later tunnels are not rotated, so no PSK ends up stored nowhere', async () => {
    const w = await world(['branch-1', 'branch-2'], { tokenAccess: 'read' })

    const result = await run(w, { 'secret-scope': 'repository', concurrency: '1' })

    expect(result.exitCode).toBe(1)
    expectCleanRun(result, w)
    expect(puts(w.github)).toHaveLength(1)
    expect(w.github.repositorySecrets(REPOSITORY).size).toBe(0)
    const psks = psksOf(result)
    const [first, second] = resultsOf(result)
    expect(first).toMatchObject({ status: 'failed', secret_name: null })
    expect(first!.error).toMatch(/HTTP 403: Resource not accessible by integration/)
    expect(first!.error).toMatch(/GITHUB_TOKEN cannot write secrets/)
    expect(psks[first!.id]).toBe(w.cloudflare.tunnel('branch-1').psk)
    expect(second).toMatchObject({ status: 'failed', secret_name: null })
    expect(second!.error).toBe(
      'Not rotated, so its previous PSK is still live: GitHub refused an earlier write to repository octo-org/network (HTTP 403).',
    )
    expect(w.cloudflare.tunnel('branch-2').pskHistory).toHaveLength(1)
    expect(result.stdout).toMatch(
      /::error::2 of 2 tunnels failed: branch-1, branch-2\. The live PSKs of branch-1 are stored nowhere but this step's psks output \(masked\): save them in an 'if: failure\(\)' step\./,
    )
    // Whatever was rotated on Cloudflare is in psks; whatever was not keeps its old PSK.
    for (const entry of [first!, second!]) {
      const tunnel = w.cloudflare.tunnel(entry.name)
      if (tunnel.pskHistory.length > 1) expect(psks[entry.id]).toBe(tunnel.psk)
      else expect(psks[entry.id]).toBeUndefined()
    }
  })
})
