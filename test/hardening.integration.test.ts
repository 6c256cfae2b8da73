// The two promises under attack and faults, through the bundled action run as a runner does:
// no PSK readable in the log (as the runner shows it), and none lost on a cancel or a strange answer.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeTunnelSeed } from './fakes/cloudflare.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub } from './fakes/github.js'
import { stopAndCheckAfterEach } from './helpers/fake-checks.js'
import { runAction, type ActionRun, type RunActionOptions } from './helpers/run-action.js'
import { psksOf, resultsOf } from './helpers/outputs.js'
import { assertNothingLeaks, readAsRunner } from './helpers/runner-log.js'
import { TamperingProxy } from './helpers/tampering-proxy.js'

const INJECTION = '\n::stop-commands::pwned\n'
const running: { stop(): Promise<void> }[] = []
stopAndCheckAfterEach(() => running.splice(0))

async function cloudflareWith(tunnels: FakeTunnelSeed[], latencyMs?: number): Promise<FakeCloudflare> {
  const fake = await FakeCloudflare.start({ tunnels, ...(latencyMs ? { latencyMs } : {}) })
  running.push(fake)
  return fake
}

function run(cloudflare: FakeCloudflare, inputs: Record<string, string>, options: Partial<RunActionOptions> = {}): Promise<ActionRun> {
  return runAction({
    ...options,
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'tunnel-ids': 'all',
      ...inputs,
    },
  })
}

const errorAnnotations = (result: ActionRun) => readAsRunner(result.stdout).annotations.filter(({ kind }) => kind === 'error')
const everyPsk = (cloudflare: FakeCloudflare) => cloudflare.tunnels.flatMap((tunnel) => tunnel.pskHistory)

describe('outside text cannot turn masking off', () => {
  it('tunnel names and Cloudflare messages with workflow commands stay inert, in generate mode', async () => {
    const cloudflare = await cloudflareWith([
      { name: `hq${INJECTION}` },
      { name: 'edge ##[stop-commands]legacy' },
      { name: `fra-${'x'.repeat(5000)}` },
      { name: '::add-mask::not-a-secret' },
      { name: 'refused' },
    ])
    cloudflare.generateFailures.set(cloudflare.tunnel('refused').id, {
      status: 400,
      code: 1001,
      message: `bad tunnel${INJECTION}##[stop-commands]again ${'y'.repeat(3000)}`,
    })
    const result = await run(cloudflare, {})

    expect(result.exitCode).toBe(1)
    const log = assertNothingLeaks(result, [DEFAULT_API_TOKEN, ...everyPsk(cloudflare)])
    expect(log.masks).not.toContain('not-a-secret')
    expect(Math.max(...log.shown.map((line) => line.length))).toBeLessThan(2_000)
    expect(result.stdout).toContain('hq\\n::stop-commands::pwned\\n')
    expect(result.summary).not.toMatch(/stop-commands::pwned\n/)
    expect(resultsOf(result).filter((entry) => entry.status === 'rotated')).toHaveLength(4)
  })

  it('unapplied reasons with workflow commands stay inert, in set mode', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }, { name: 'branch_2' }])
    cloudflare.unapplied.set(cloudflare.tunnel('branch_2').id, `tunnel busy${INJECTION}##[add-mask]x`)
    const result = await run(cloudflare, { mode: 'set' })
    expect(result.exitCode).toBe(1)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, ...everyPsk(cloudflare)])
    expect(errorAnnotations(result).some(({ message }) => message.includes('tunnel busy\\n::stop-commands::pwned'))).toBe(true)
  })
})

describe('input errors quote nothing secret and nothing huge', () => {
  it('a psks entry with key and value swapped never shows the PSK', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    const psk = 'Swapped-PSK-That-Must-Stay-Hidden-42'
    const result = await run(cloudflare, { mode: 'set', psks: JSON.stringify({ [psk]: cloudflare.tunnel('branch_1').id }) })
    expect(result.exitCode).toBe(1)
    expect(errorAnnotations(result).map(({ message }) => message)).toEqual([
      "Input 'psks': entry 1: expected a tunnel ID of 32 hexadecimal characters as the key.",
    ])
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(psk)
    expect(cloudflare.requests).toEqual([])
  })

  it('a huge max-age and an api-base-url with a password are quoted short and without the password', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    const huge = await run(cloudflare, { 'max-age': '9'.repeat(100_000) })
    expect(huge.stdout.length).toBeLessThan(1_000)
    expect(errorAnnotations(huge)[0]?.message).toMatch(
      /^Input 'max-age': expected a positive duration .* got '9{40}… \(99960 more characters\)'\.$/,
    )
    const url = await run(cloudflare, { 'api-base-url': 'ftp://user:hunter2-password@host/x' })
    expect(errorAnnotations(url)[0]?.message).toBe(
      "Input 'api-base-url': expected an http(s) URL such as https://api.cloudflare.com/client/v4, got 'ftp://***@host/x'.",
    )
    expect(url.stdout).not.toContain('hunter2')
    expect(cloudflare.requests).toEqual([])
  })

  it('a secret-name that GitHub reserves is refused before any request', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    const result = await run(cloudflare, {
      'secret-scope': 'repository',
      'github-token': DEFAULT_GITHUB_TOKEN,
      'secret-name': 'github_{id}',
    })
    expect(errorAnnotations(result).map(({ message }) => message)).toEqual([
      "Input 'secret-name': gives names starting with GITHUB_, which GitHub reserves.",
    ])
    expect(cloudflare.requests).toEqual([])
  })
})

describe('nothing goes live without a place to go', () => {
  it('an outputs file that cannot be written stops the run before any request', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    const dir = await mkdtemp(join(tmpdir(), 'unwritable-output-'))
    try {
      // A directory where the outputs file should be: no PSK could ever reach a later step.
      const result = await run(cloudflare, {}, { env: { GITHUB_OUTPUT: dir } }).catch((error: unknown) => {
        throw error
      })
      expect(result.exitCode).toBe(1)
      expect(errorAnnotations(result).map(({ message }) => message)).toEqual([
        "The runner's outputs file (GITHUB_OUTPUT) cannot be written, so new PSKs could not be handed to later steps; nothing was changed.",
      ])
      expect(cloudflare.requests).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the job summary at fleet scale', () => {
  it('stays under the runner limit of 128 KiB with 1,000 tunnels, failures listed first', async () => {
    const tunnels = Array.from({ length: 1000 }, (_, index) => ({
      name: `branch-${String(index).padStart(4, '0')}-${'long-site-name-'.repeat(4)}`,
    }))
    const cloudflare = await cloudflareWith(tunnels)
    for (const tunnel of cloudflare.tunnels.slice(0, 5)) cloudflare.unapplied.set(tunnel.id, 'tunnel is being provisioned')
    const result = await run(cloudflare, { mode: 'set' }, { timeoutMs: 60_000 })
    expect(result.exitCode).toBe(1)
    expect(Buffer.byteLength(result.summary)).toBeLessThan(128 * 1024)
    expect(result.summary).toMatch(/Not listed, to keep this summary within GitHub's size limit: \d+ rotated\./)
    expect(result.summary.match(/❌ failed/g)).toHaveLength(5)
    expect(resultsOf(result)).toHaveLength(1000)
  })
})

describe('cancellation', () => {
  const cancelAfterListing = { when: /rotate in this run/ }

  it('waits for requests in flight, keeps their PSKs, and sends nothing more', async () => {
    const cloudflare = await cloudflareWith(Array.from({ length: 8 }, (_, index) => ({ name: `site_${index}` })))
    cloudflare.inject({ method: 'POST', path: /psk_generate$/ }, { kind: 'delay', ms: 1_500 }, 8)
    const result = await run(cloudflare, { concurrency: '4' }, { cancel: cancelAfterListing })

    expect(result.exitCode).toBe(1)
    const changed = cloudflare.tunnels.filter((tunnel) => tunnel.pskHistory.length > 1)
    expect(changed).toHaveLength(4)
    expect(psksOf(result)).toEqual(Object.fromEntries(changed.map((tunnel) => [tunnel.id, tunnel.psk])))
    expect(cloudflare.requests.filter((request) => request.method === 'POST')).toHaveLength(4)
    const failed = resultsOf(result).filter((entry) => entry.status === 'failed')
    expect(failed.map((entry) => entry.error)).toEqual(
      Array(4).fill('Not rotated: the run was cancelled first, so its previous PSK is still live.'),
    )
    expect(errorAnnotations(result).at(-1)?.message).toMatch(/^Cancelled by SIGINT\. 4 of 8 tunnels failed: /)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, ...everyPsk(cloudflare)])
  })

  it('gives up after the grace period, naming the tunnels whose psk_generate got no answer', async () => {
    const cloudflare = await cloudflareWith([{ name: 'slow_1' }, { name: 'slow_2' }])
    cloudflare.inject({ method: 'POST', path: /psk_generate$/ }, { kind: 'delay', ms: 12_000 }, 2)
    const started = Date.now()
    const result = await run(cloudflare, {}, { cancel: cancelAfterListing, timeoutMs: 15_000 })

    expect(result.exitCode).toBe(1)
    expect(Date.now() - started).toBeLessThan(11_000)
    expect(psksOf(result)).toEqual({})
    expect(errorAnnotations(result).map(({ message }) => message)).toEqual([
      expect.stringMatching(
        /^Cancelled before every request was answered\. psk_generate for slow_[12], slow_[12] got no answer: Cloudflare may have replaced those PSKs/,
      ),
    ])
  })

  it('in set mode keeps every PSK of a batch that went live, while its secrets are still being written', async () => {
    const cloudflare = await cloudflareWith(Array.from({ length: 8 }, (_, index) => ({ name: `site_${index}` })))
    const github = await FakeGitHub.start({})
    running.push(github)
    github.addRepository('octo-org/network', { id: 4242 })
    const result = await run(
      cloudflare,
      { mode: 'set', 'secret-scope': 'repository', 'github-token': DEFAULT_GITHUB_TOKEN },
      { env: { GITHUB_API_URL: github.url }, cancel: { when: /Stored the new PSK of tunnel/ }, timeoutMs: 20_000 },
    )

    expect(result.exitCode).toBe(1)
    // Every tunnel of the batch is live on Cloudflare, and every one of their PSKs is in psks.
    expect(psksOf(result)).toEqual(Object.fromEntries(cloudflare.tunnels.map((tunnel) => [tunnel.id, tunnel.psk])))
    const stored = github.requests.filter((request) => request.method === 'PUT').length
    expect(stored).toBeLessThan(8)
    const message = errorAnnotations(result).at(-1)?.message ?? ''
    expect(message).toMatch(
      /^Cancelled before every request was answered\. The PSKs of .* are or may be live and are stored nowhere but this step's psks output/,
    )
    expect(message).toMatch(/new PSK\(s\) were stored as asked/)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN, ...everyPsk(cloudflare)])
  })
})

type Envelope<Result> = { success: boolean; errors: unknown[]; messages: unknown[]; result: Result }
type BulkResult = { successfully_applied_psks: Record<string, Record<string, unknown>>; unapplied_psks: Record<string, string> }
const LIST = { method: 'GET', path: /\/magic\/ipsec_tunnels$/ }
const GENERATE = { method: 'POST', path: /\/psk_generate$/ }
const BULK = { method: 'POST', path: /\/ipsec_tunnels\/psk$/ }

async function behind(cloudflare: FakeCloudflare): Promise<TamperingProxy> {
  const proxy = await TamperingProxy.start(cloudflare.baseUrl)
  running.push(proxy)
  return proxy
}

const runVia = (
  proxy: TamperingProxy,
  cloudflare: FakeCloudflare,
  inputs: Record<string, string>,
  options: Partial<RunActionOptions> = {},
) => run(cloudflare, { 'api-base-url': proxy.baseUrl, ...inputs }, options)

describe('strange answers', () => {
  it('a garbled 200 to psk_generate is a lost answer: retried, and the PSK handed over is the live one', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1', lastGeneratedOn: '2025-01-01T00:00:00Z' }])
    const proxy = await behind(cloudflare)
    proxy.rewrite(GENERATE, (answer) => ({ ...answer, body: answer.body.slice(0, 25) }))
    const result = await runVia(proxy, cloudflare, {})

    expect(result.exitCode).toBe(0)
    const tunnel = cloudflare.tunnel('branch_1')
    expect(tunnel.pskHistory).toHaveLength(3)
    expect(psksOf(result)).toEqual({ [tunnel.id]: tunnel.psk })
    expect(result.stdout).toContain('Cloudflare answered HTTP 200 without the documented answer; retrying')
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, ...everyPsk(cloudflare)])
  })

  it('a success without the documented fields, every time, says so and keeps the tunnel failed', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1', lastGeneratedOn: '2025-01-01T00:00:00Z' }])
    const proxy = await behind(cloudflare)
    proxy.rewriteJson<Envelope<Record<string, unknown>>>(GENERATE, (body) => ({ ...body, result: { note: 'no psk here' } }), 5)
    const result = await runVia(proxy, cloudflare, {}, { timeoutMs: 30_000 })

    expect(result.exitCode).toBe(1)
    const [entry] = resultsOf(result)
    expect(entry?.error).toMatch(
      /^Cloudflare answered HTTP 200 to generate a PSK for tunnel branch_1, but not with the documented answer \(.*\)\. Cloudflare shows a new PSK generated at .*, but it never reached this run/,
    )
    expect(entry?.error).not.toContain('refused')
  })

  it('null in the tunnel listing stops the run with a clear error before anything changes', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    const proxy = await behind(cloudflare)
    proxy.rewriteJson<Envelope<{ ipsec_tunnels: unknown[] }>>(
      LIST,
      (body) => ({ ...body, result: { ipsec_tunnels: [...body.result.ipsec_tunnels, null] } }),
      5,
    )
    const result = await runVia(proxy, cloudflare, {}, { timeoutMs: 30_000 })

    expect(result.exitCode).toBe(1)
    expect(errorAnnotations(result).map(({ message }) => message)).toEqual([
      "Cloudflare answered HTTP 200 to list the account's IPsec tunnels, but not with the documented answer (the body was not JSON with the documented fields, on every attempt).",
    ])
    expect(`${result.stdout}${result.stderr}`).not.toContain('Cannot read properties')
    expect(cloudflare.requests.filter((request) => request.method !== 'GET')).toEqual([])
  })

  it('a tunnel listed twice is rotated once, and the PSK handed over is the live one', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }, { name: 'branch_2' }])
    const proxy = await behind(cloudflare)
    proxy.rewriteJson<Envelope<{ ipsec_tunnels: unknown[] }>>(LIST, (body) => ({
      ...body,
      result: { ipsec_tunnels: [...body.result.ipsec_tunnels, body.result.ipsec_tunnels[0]] },
    }))
    const result = await runVia(proxy, cloudflare, {})

    expect(result.exitCode).toBe(0)
    expect(cloudflare.requests.filter((request) => request.method === 'POST')).toHaveLength(2)
    expect(psksOf(result)).toEqual(Object.fromEntries(cloudflare.tunnels.map((tunnel) => [tunnel.id, tunnel.psk])))
    expect(result.stdout).toMatch(/::warning::Cloudflare listed tunnel [0-9a-f]{32} more than once; it is rotated once/)
  })

  it('a bulk answer that contradicts itself never swaps PSKs between tunnels, and fails the tunnels concerned', async () => {
    const cloudflare = await cloudflareWith([{ name: 'a_1' }, { name: 'b_2' }, { name: 'c_3' }, { name: 'd_4' }])
    const [a, b, c] = cloudflare.tunnels.map((tunnel) => tunnel.id) as [string, string, string]
    const proxy = await behind(cloudflare)
    proxy.rewriteJson<Envelope<BulkResult>>(BULK, (body) => {
      const applied = body.result.successfully_applied_psks
      // a's entry filed under b's key and the other way round, and c both applied and unapplied.
      const swapped = { ...applied, [a]: applied[b], [b]: applied[a] }
      return { ...body, result: { successfully_applied_psks: swapped, unapplied_psks: { [c]: 'busy' } } }
    })
    const result = await runVia(proxy, cloudflare, { mode: 'set' })

    expect(result.exitCode).toBe(1)
    const psks = psksOf(result)
    for (const tunnel of cloudflare.tunnels) expect(psks[tunnel.id]).toBe(tunnel.psk)
    const status = Object.fromEntries(resultsOf(result).map((entry) => [entry.name, entry]))
    expect(status.d_4?.status).toBe('rotated')
    expect(status.a_1?.error).toMatch(
      /^Cloudflare's answer filed an entry naming tunnel [0-9a-f]{32} under this tunnel's ID, so the new PSK may be live: it is in this step's psks output/,
    )
    expect(status.c_3?.error).toMatch(
      /^Cloudflare's answer listed this tunnel both as applied and as not applied, so the new PSK may be live/,
    )
    expect(['a_1', 'b_2', 'c_3'].map((name) => status[name]?.status)).toEqual(['failed', 'failed', 'failed'])
  })

  it('validate-only that cannot confirm nothing changed keeps the PSKs it got and fails', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1', lastGeneratedOn: '2025-01-01T00:00:00Z' }])
    cloudflare.misbehave.ignoreValidateOnly = true
    const proxy = await behind(cloudflare)
    proxy.rewrite({ ...LIST, skip: 1 }, () => ({ status: 503, headers: { 'content-type': 'application/json' }, body: '{}' }), 5)
    const result = await runVia(proxy, cloudflare, { 'validate-only': 'true' }, { timeoutMs: 30_000 })

    expect(result.exitCode).toBe(1)
    const tunnel = cloudflare.tunnel('branch_1')
    expect(psksOf(result)).toEqual({ [tunnel.id]: tunnel.psk })
    expect(resultsOf(result)[0]?.error).toMatch(/^Could not confirm that Cloudflare honoured validate_only for this tunnel/)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, ...everyPsk(cloudflare)])
  })

  it('a rate-limit window announced to last a day is not waited out: nothing more is sent, and the step says why', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }, { name: 'branch_2' }])
    const proxy = await behind(cloudflare)
    proxy.rewrite(LIST, (answer) => ({ ...answer, headers: { ...answer.headers, ratelimit: '"default";r=0;t=86400' } }))
    const result = await runVia(proxy, cloudflare, { concurrency: '1' })

    expect(result.exitCode).toBe(1)
    expect(cloudflare.requests.filter((request) => request.method === 'POST')).toEqual([])
    expect(resultsOf(result).map((entry) => entry.error)).toEqual(
      Array(2).fill(
        'Cloudflare rate limit: the request budget is used up and resets in 86400 s, longer than the 330 s this action waits; not sent. Re-run once the budget has reset.',
      ),
    )
    expect(result.stdout.split('\n').length).toBeLessThan(40)
    expect(result.stderr).not.toContain('TimeoutOverflowWarning')
  })
})

describe('GitHub failing or hostile', () => {
  async function gitHub(): Promise<FakeGitHub> {
    const github = await FakeGitHub.start({})
    running.push(github)
    github.addRepository('octo-org/network', { id: 4242 })
    return github
  }
  const secrets = { 'secret-scope': 'repository', 'github-token': DEFAULT_GITHUB_TOKEN }

  it('a write that fails past its retries with 5xx stops the rotation: no further tunnel goes live unstored', async () => {
    const cloudflare = await cloudflareWith(Array.from({ length: 5 }, (_, index) => ({ name: `site_${index}` })))
    const github = await gitHub()
    github.inject({ method: 'PUT', path: /\/actions\/secrets\// }, { status: 503 }, 100)
    const result = await run(cloudflare, { ...secrets, concurrency: '1' }, { env: { GITHUB_API_URL: github.url }, timeoutMs: 60_000 })

    expect(result.exitCode).toBe(1)
    const changed = cloudflare.tunnels.filter((tunnel) => tunnel.pskHistory.length > 1)
    expect(changed).toHaveLength(1)
    expect(psksOf(result)).toEqual(Object.fromEntries(changed.map((tunnel) => [tunnel.id, tunnel.psk])))
    const notRotated = resultsOf(result).filter((entry) =>
      entry.error?.startsWith('Not rotated, so its previous PSK is still live: GitHub failed an earlier write'),
    )
    expect(notRotated).toHaveLength(4)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN, ...everyPsk(cloudflare)])
  })

  it("GitHub's error messages and headers with workflow commands stay inert", async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    const github = await gitHub()
    github.inject(
      { method: 'GET', path: /public-key$/ },
      {
        status: 403,
        message: `Forbidden${INJECTION}##[add-mask]x`,
        // A header value cannot hold a newline; it can hold a legacy command.
        headers: { 'x-accepted-github-permissions': 'secrets=write ##[stop-commands]pwned2' },
      },
      1,
    )
    const result = await run(cloudflare, secrets, { env: { GITHUB_API_URL: github.url } })

    expect(result.exitCode).toBe(1)
    expect(errorAnnotations(result)).toHaveLength(1)
    expect(errorAnnotations(result)[0]?.message).toMatch(
      /HTTP 403: Forbidden ::stop-commands::pwned #\u200b#\[add-mask\]x\)\. GitHub says this call needs: secrets=write #\u200b#\[stop-commands\]pwned2\./,
    )
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN])
    expect(cloudflare.requests.filter((request) => request.method === 'POST')).toEqual([])
  })
})
