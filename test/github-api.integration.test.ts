// The GitHub API as Enterprise Server serves it (under /api/v3, older environment routes), and a
// GitHub API that redirects secret calls elsewhere: the bundled action against loopback fakes.
import { describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_ID, DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub, type FakeGitHubOptions } from './fakes/github.js'
import { errorLines, psksOf, resultsOf } from './helpers/outputs.js'
import { stopAndCheckAfterEach } from './helpers/fake-checks.js'
import { assertMaskedBeforeUse, runAction, type ActionRun } from './helpers/run-action.js'
import { assertNothingLeaks } from './helpers/runner-log.js'

const OWNER = 'octo-org'
const REPOSITORY = `${OWNER}/network`
const running: { stop(): Promise<void> }[] = []

const fakes = stopAndCheckAfterEach(() => running.splice(0))

async function start<T extends { stop(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const started = await server
  running.push(started)
  return started
}

async function github(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const fake = await start(FakeGitHub.start(options))
  fake.addRepository(REPOSITORY, { environments: ['production'] })
  return fake
}

function run(cloudflare: FakeCloudflare, githubUrl: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: {
      'account-id': DEFAULT_ACCOUNT_ID,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'tunnel-ids': 'all',
      'github-token': DEFAULT_GITHUB_TOKEN,
      ...inputs,
    },
    env: { GITHUB_API_URL: githubUrl },
    timeoutMs: 30_000,
  })
}

function expectNoLeak(result: ActionRun, cloudflare: FakeCloudflare): void {
  const psks = Object.values(psksOf(result))
  assertMaskedBeforeUse(result.stdout, [...psks, DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN])
  assertNothingLeaks(result, [
    ...psks,
    ...cloudflare.tunnels.flatMap(({ pskHistory }) => pskHistory),
    DEFAULT_API_TOKEN,
    DEFAULT_GITHUB_TOKEN,
  ])
}

describe('GitHub Enterprise Server', () => {
  it('works with GITHUB_API_URL under a path prefix (/api/v3)', async () => {
    const cloudflare = await start(FakeCloudflare.start({ tunnels: [{ name: 'branch-1' }, { name: 'branch-2' }] }))
    const ghes = await github({ pathPrefix: '/api/v3' })
    const result = await run(cloudflare, ghes.url, { 'secret-scope': 'repository' })

    expect(result.exitCode, result.stdout).toBe(0)
    expect(ghes.url).toMatch(/\/api\/v3$/)
    expect(ghes.requests.length).toBeGreaterThan(0)
    expect(ghes.requests.every(({ path }) => path.startsWith('/api/v3/repos/'))).toBe(true)
    const secrets = ghes.repositorySecrets(REPOSITORY)
    for (const { id, secret_name } of resultsOf(result)) expect(secrets.get(secret_name ?? '')?.value).toBe(psksOf(result)[id])
    expectNoLeak(result, cloudflare)
  })

  it('falls back to the older environment routes under the prefix', async () => {
    const cloudflare = await start(FakeCloudflare.start({ tunnels: [{ name: 'branch-1' }] }))
    const ghes = await github({ pathPrefix: '/api/v3', legacyEnvironmentRoutes: true })
    const result = await run(cloudflare, `${ghes.url}/`, { 'secret-scope': 'environment', environment: 'production' })

    expect(result.exitCode, result.stdout).toBe(0)
    fakes.expectUnhandled(ghes, [`GET /api/v3/repos/${REPOSITORY}/environments/production/secrets/public-key`])
    expect(ghes.requests.some(({ method, path }) => method === 'PUT' && path.startsWith('/api/v3/repositories/'))).toBe(true)
    const [tunnel] = resultsOf(result)
    expect(ghes.environmentSecrets(REPOSITORY, 'production').get(tunnel?.secret_name ?? '')?.value).toBe(psksOf(result)[tunnel?.id ?? ''])
    expectNoLeak(result, cloudflare)
  })
})

describe('a GitHub API that redirects a secret call to another server', () => {
  const elsewhere = async (github: FakeGitHub, path: string, method: string) => {
    const other = await start(FakeGitHub.start())
    other.addRepository(REPOSITORY)
    github.inject({ method, path }, { status: 307, headers: { location: `${other.url}${path}` } }, 10)
    return other
  }

  it('uses no public key from elsewhere: nothing is rotated', async () => {
    const cloudflare = await start(FakeCloudflare.start({ tunnels: [{ name: 'branch-1' }] }))
    const gh = await github()
    const other = await elsewhere(gh, `/repos/${REPOSITORY}/actions/secrets/public-key`, 'GET')
    const result = await run(cloudflare, gh.url, { 'secret-scope': 'repository' })

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      expect.stringMatching(
        /^::error::GitHub refused to read the secrets public key of repository octo-org\/network \(HTTP 307: a redirect to http:\/\/127\.0\.0\.1:\d+, which this action does not follow: .*\)\. Nothing was rotated/,
      ),
    ])
    expect(other.requests).toEqual([])
    expect(cloudflare.tunnels[0]?.pskHistory).toHaveLength(1)
  })

  it('lists no existing secrets elsewhere: nothing is rotated', async () => {
    const cloudflare = await start(FakeCloudflare.start({ tunnels: [{ name: 'branch-1' }] }))
    const gh = await github()
    const other = await elsewhere(gh, `/repos/${REPOSITORY}/actions/secrets`, 'GET')
    const result = await run(cloudflare, gh.url, { 'secret-scope': 'repository' })

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      expect.stringMatching(/\(HTTP 307: a redirect to http:\/\/127\.0\.0\.1:\d+, .*Nothing was rotated/),
    ])
    expect(other.requests).toEqual([])
    expect(cloudflare.tunnels[0]?.pskHistory).toHaveLength(1)
  })

  it('sends no sealed PSK elsewhere and reports the secret not stored, the PSK in psks', async () => {
    const cloudflare = await start(FakeCloudflare.start({ tunnels: [{ name: 'branch-1' }] }))
    const gh = await github()
    const other = await elsewhere(gh, `/repos/${REPOSITORY}/actions/secrets/IPSEC_PSK_BRANCH_1`, 'PUT')
    const result = await run(cloudflare, gh.url, { 'secret-scope': 'repository' })

    expect(result.exitCode).toBe(1)
    const [tunnel] = resultsOf(result)
    expect(tunnel).toMatchObject({ status: 'failed', secret_name: null })
    expect(tunnel?.error).toMatch(/HTTP 307: a redirect to http:\/\/127\.0\.0\.1:\d+, which this action does not follow/)
    expect(psksOf(result)[tunnel?.id ?? '']).toBe(cloudflare.tunnels[0]?.psk)
    expect(result.stdout).not.toMatch(/Stored the new PSK/)
    expect(other.requests).toEqual([])
    expect(other.repositorySecrets(REPOSITORY).size).toBe(0)
    expect(gh.repositorySecrets(REPOSITORY).size).toBe(0)
    expectNoLeak(result, cloudflare)
  })
})
