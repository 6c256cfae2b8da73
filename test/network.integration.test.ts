// A self-hosted runner that reaches the internet only through a proxy, with a private CA: the
// bundled action against a real tinyproxy on 127.0.0.1 and fakes served over HTTPS by a test CA.
//
// The toolkit's proxy rules never send loopback hosts (localhost, 127.*, [::1]) through a proxy, so
// the fakes are addressed here as [::ffff:127.0.0.1]: the same loopback listener, under a name
// those rules do not take for loopback, just as a runner's requests to api.cloudflare.com go.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_ID, DEFAULT_API_TOKEN, FakeCloudflare, type FakeCloudflareOptions } from './fakes/cloudflare.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub } from './fakes/github.js'
import { errorLines, resultsOf } from './helpers/outputs.js'
import { assertMaskedBeforeUse, runAction, type ActionRun } from './helpers/run-action.js'
import { assertNothingLeaks } from './helpers/runner-log.js'
import { createTestCa, type TestCa } from './helpers/test-ca.js'
import { Tinyproxy, freeLoopbackPort } from './helpers/tinyproxy.js'

const REPOSITORY = 'octo-org/network'
// Upper case: Octokit reads `:ffff` in a URL it builds from the base URL as a route parameter.
const MAPPED_LOOPBACK = '[::FFFF:127.0.0.1]'
// In CI a missing capability is a failure, never a silent skip.
const missing = Tinyproxy.available() ? null : 'tinyproxy is not installed (.ci/install-e2e-deps installs it)'
if (missing && process.env.CI !== 'true') console.log(`Proxy tests skipped: ${missing}.`)

const running: { stop(): Promise<void> }[] = []
let ca: TestCa

beforeAll(async () => {
  ca = await createTestCa()
})
afterAll(async () => {
  await ca.remove()
})
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()))
})

async function cloudflare(options: FakeCloudflareOptions = {}): Promise<FakeCloudflare> {
  const fake = await FakeCloudflare.start({ tunnels: [{ name: 'branch-1' }, { name: 'branch-2' }], tls: ca.server, ...options })
  running.push(fake)
  return fake
}

async function github(): Promise<FakeGitHub> {
  const fake = await FakeGitHub.start()
  running.push(fake)
  fake.addRepository(REPOSITORY)
  return fake
}

async function proxy(options: Parameters<typeof Tinyproxy.start>[0] = {}): Promise<Tinyproxy> {
  const started = await Tinyproxy.start(options)
  running.push(started)
  return started
}

/** The same server under the name the proxy rules do not take for loopback. */
function viaProxyName(url: string): string {
  return url.replace('127.0.0.1', MAPPED_LOOPBACK)
}

function portOf(url: string): string {
  return new URL(url).port
}

function rotate(cf: FakeCloudflare, env: Record<string, string>, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      'account-id': DEFAULT_ACCOUNT_ID,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': viaProxyName(cf.baseUrl),
      'tunnel-ids': 'all',
      ...inputs,
    },
    env: { NODE_EXTRA_CA_CERTS: ca.caFile, ...env },
    timeoutMs: 30_000,
  })
}

function expectNothingChanged(cf: FakeCloudflare): void {
  expect(cf.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
  expect(cf.requests).toEqual([])
}

describe.skipIf(missing !== null && process.env.CI !== 'true')('behind an HTTPS proxy', () => {
  it('sends every Cloudflare and GitHub request through HTTPS_PROXY / HTTP_PROXY, and trusts NODE_EXTRA_CA_CERTS', async () => {
    const [cf, gh, tinyproxy] = await Promise.all([cloudflare(), github(), proxy()])
    const result = await rotate(
      cf,
      { HTTPS_PROXY: tinyproxy.url, HTTP_PROXY: tinyproxy.url, GITHUB_API_URL: viaProxyName(gh.url) },
      { 'secret-scope': 'repository', 'github-token': DEFAULT_GITHUB_TOKEN },
    )

    expect(result.exitCode, `${result.stdout}\n${await tinyproxy.log()}`).toBe(0)
    expect(resultsOf(result).map(({ status }) => status)).toEqual(['rotated', 'rotated'])
    expect(gh.repositorySecrets(REPOSITORY).size).toBe(2)
    const requests = await tinyproxy.requests()
    expect(requests).toContain(`CONNECT [::ffff:7f00:1]:${portOf(cf.baseUrl)} HTTP/1.1`)
    expect(requests).toContain(`CONNECT [::ffff:7f00:1]:${portOf(gh.url)} HTTP/1.1`)
    expect(requests.every((line) => line.startsWith('CONNECT '))).toBe(true)
    const psks = Object.values(JSON.parse(result.outputs['psks'] ?? '{}') as Record<string, string>)
    assertMaskedBeforeUse(result.stdout, [...psks, DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN])
    assertNothingLeaks(result, [...psks, DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN])
  })

  it('takes mode: verify, GraphQL included, through the proxy', async () => {
    const [cf, tinyproxy] = await Promise.all([cloudflare(), proxy()])
    // Probe results keep arriving while the step runs, as from Cloudflare's data centres.
    const probes = setInterval(() => {
      for (const name of ['branch-1', 'branch-2']) cf.health.report(name, 1, { colo: 'fra06' })
    }, 50)
    const result = await rotate(
      cf,
      { HTTPS_PROXY: tinyproxy.url },
      { mode: 'verify', 'verify-timeout': '10s', 'verify-settle': '1s' },
    ).finally(() => clearInterval(probes))

    expect(result.exitCode, result.stdout).toBe(0)
    expect(resultsOf(result).map(({ status }) => status)).toEqual(['healthy', 'healthy'])
    expect(cf.requests.map(({ method, path }) => `${method} ${path}`)).toContain('POST /graphql')
    expect(await tinyproxy.requests()).toContain(`CONNECT [::ffff:7f00:1]:${portOf(cf.baseUrl)} HTTP/1.1`)
  })

  it('goes direct to the hosts NO_PROXY lists, by host and port', async () => {
    const [cf, gh, tinyproxy] = await Promise.all([cloudflare(), github(), proxy()])
    const result = await rotate(
      cf,
      {
        https_proxy: tinyproxy.url,
        http_proxy: tinyproxy.url,
        no_proxy: `example.org, [::ffff:7f00:1]:${portOf(cf.baseUrl)}`,
        GITHUB_API_URL: viaProxyName(gh.url),
      },
      { 'secret-scope': 'repository', 'github-token': DEFAULT_GITHUB_TOKEN },
    )

    expect(result.exitCode, result.stdout).toBe(0)
    expect(gh.repositorySecrets(REPOSITORY).size).toBe(2)
    expect(await tinyproxy.requests()).toEqual([`CONNECT [::ffff:7f00:1]:${portOf(gh.url)} HTTP/1.1`])
  })

  it('never sends loopback addresses through the proxy, as the toolkit does: local fakes keep working', async () => {
    const [cf, tinyproxy] = await Promise.all([cloudflare({ tls: undefined }), proxy()])
    const result = await runAction({
      inputs: { 'account-id': DEFAULT_ACCOUNT_ID, 'api-token': DEFAULT_API_TOKEN, 'api-base-url': cf.baseUrl, 'tunnel-ids': 'all' },
      env: { HTTPS_PROXY: tinyproxy.url, HTTP_PROXY: tinyproxy.url },
    })

    expect(result.exitCode, result.stdout).toBe(0)
    expect(await tinyproxy.requests()).toEqual([])
  })

  it('refuses plain http:// to a host that is not loopback before any request: the token would travel unencrypted', async () => {
    // The proxy is the tripwire: a request to that host could only go through it.
    const tinyproxy = await proxy()
    const result = await runAction({
      inputs: {
        'account-id': DEFAULT_ACCOUNT_ID,
        'api-token': DEFAULT_API_TOKEN,
        'api-base-url': 'http://api.cloudflare.example/client/v4',
        'tunnel-ids': 'all',
      },
      env: { HTTP_PROXY: tinyproxy.url, HTTPS_PROXY: tinyproxy.url },
    })

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      "::error::Input 'api-base-url': plain http:// would send the API token unencrypted: use https:// (http:// is only for loopback addresses).",
    ])
    expect(await tinyproxy.requests()).toEqual([])
    assertNothingLeaks(result, [DEFAULT_API_TOKEN])
  })

  it('fails clearly and changes nothing when the proxy refuses the runner', async () => {
    const [cf, tinyproxy] = await Promise.all([cloudflare(), proxy({ refuseAll: true })])
    const result = await rotate(cf, { HTTPS_PROXY: tinyproxy.url })

    expect(result.exitCode).toBe(1)
    expect(await tinyproxy.refusedAny()).toBe(true)
    expect(errorLines(result)).toEqual([
      expect.stringMatching(
        /^::error::Cloudflare request to list the account's IPsec tunnels failed after 5 attempts: the proxy refused the connection \(HTTP 403\)\.$/,
      ),
    ])
    expectNothingChanged(cf)
  })

  it('fails clearly and changes nothing when nothing listens at HTTPS_PROXY', async () => {
    const cf = await cloudflare()
    const result = await rotate(cf, { HTTPS_PROXY: `http://127.0.0.1:${await freeLoopbackPort()}` })

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      expect.stringMatching(
        /^::error::Cloudflare request to list the account's IPsec tunnels failed after 5 attempts: connection error \(ECONNREFUSED: .*\)\.$/,
      ),
    ])
    expectNothingChanged(cf)
  })
})

describe('a private CA', () => {
  it('is refused with a plain-words TLS error when NODE_EXTRA_CA_CERTS does not name it, and nothing changes', async () => {
    const cf = await cloudflare()
    const result = await rotate(cf, { NODE_EXTRA_CA_CERTS: '' })

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      expect.stringMatching(
        /^::error::Cloudflare request to list the account's IPsec tunnels failed after 5 attempts: .*certificate.* NODE_EXTRA_CA_CERTS.*$/,
      ),
    ])
    expectNothingChanged(cf)
  })
})
