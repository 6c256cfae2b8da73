// mode: verify through the bundled action, against the fake's GraphQL health endpoint.
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeTunnelSeed } from './fakes/cloudflare.js'
import { errorLines, resultsByName, resultsOf } from './helpers/outputs.js'
import { runAction, type ActionRun } from './helpers/run-action.js'
import { assertNothingLeaks, readAsRunner } from './helpers/runner-log.js'

const running: { stop(): Promise<void> }[] = []
const timers: NodeJS.Timeout[] = []
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer)
  await Promise.all(running.splice(0).map((fake) => fake.stop()))
})

async function cloudflareWith(tunnels: FakeTunnelSeed[]): Promise<FakeCloudflare> {
  const fake = await FakeCloudflare.start({ tunnels })
  running.push(fake)
  return fake
}

/** Keeps reporting probe results while the action runs, as Cloudflare's data centres do. */
function probe(cloudflare: FakeCloudflare, states: Record<string, Record<string, number>>): void {
  const report = () => {
    for (const [tunnel, colos] of Object.entries(states))
      for (const [colo, state] of Object.entries(colos)) cloudflare.health.report(tunnel, state, { colo })
  }
  report()
  timers.push(setInterval(report, 50))
}

const verify = (cloudflare: FakeCloudflare, inputs: Record<string, string> = {}): Promise<ActionRun> =>
  runAction({
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'tunnel-ids': 'all',
      mode: 'verify',
      ...inputs,
    },
    timeoutMs: 30_000,
  })

const annotations = (result: ActionRun, kind: string) =>
  readAsRunner(result.stdout)
    .annotations.filter((annotation) => annotation.kind === kind)
    .map(({ message }) => message)

describe('mode: verify', () => {
  it('stops as soon as every tunnel is healthy, and changes nothing', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }, { name: 'branch_2' }])
    probe(cloudflare, { branch_1: { fra06: 1, ams01: 1 }, branch_2: { fra06: 1 } })
    const result = await verify(cloudflare)

    expect(result.exitCode).toBe(0)
    expect(resultsOf(result).map((entry) => entry.status)).toEqual(['healthy', 'healthy'])
    expect(resultsByName(result).get('branch_1')?.reason).toMatch(
      /^State 1 \(healthy\) in 2 data centre\(s\): (fra06, ams01|ams01, fra06), as of /,
    )
    expect(result.outputs).toMatchObject({
      'healthy-count': '2',
      'degraded-count': '0',
      'down-count': '0',
      'no-data-count': '0',
      psks: '{}',
    })
    expect(cloudflare.requests.filter((request) => request.method === 'POST').map((request) => request.path)).toEqual(['/graphql'])
    expect(cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
    expect(result.summary).toContain('<h2>IPsec tunnel health after rotation</h2>')
    // Only results newer than the step's start count.
    const [query] = cloudflare.health.queries
    expect(Date.parse(query?.from ?? '')).toBeGreaterThan(Date.now() - 20_000)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN])
  })

  it('reports each verdict: healthy, degraded, down, no data and unverifiable, failing only on down and no data', async () => {
    const cloudflare = await cloudflareWith([
      { name: 'up' },
      { name: 'half', customerEndpoint: null },
      { name: 'dead' },
      { name: 'silent' },
      { name: 'unprobed', healthCheck: false },
    ])
    probe(cloudflare, { up: { fra06: 1 }, half: { fra06: 1, ams01: 0 }, dead: { fra06: 0, lhr01: 0 }, unprobed: { fra06: 0 } })
    const result = await verify(cloudflare, { 'verify-timeout': '6s' })

    expect(result.exitCode).toBe(1)
    const byName = resultsByName(result)
    expect(Object.fromEntries([...byName].map(([name, entry]) => [name, entry.status]))).toEqual({
      up: 'healthy',
      half: 'degraded',
      dead: 'down',
      silent: 'no-data',
      unprobed: 'unverifiable',
    })
    expect(byName.get('half')?.reason).toMatch(/^Some data centres see it down: down in ams01; healthy in fra06, as of /)
    expect(byName.get('dead')?.reason).toMatch(/^State 0 \(down\) in 2 data centre\(s\)/)
    expect(byName.get('silent')?.reason).toMatch(
      /^No health-check result newer than the step's start \(.*\) within verify-timeout 6 s; results lag/,
    )
    expect(result.outputs).toMatchObject({ 'healthy-count': '1', 'degraded-count': '1', 'down-count': '1', 'no-data-count': '1' })
    expect(annotations(result, 'warning')).toEqual([
      expect.stringMatching(/^Tunnel half \([0-9a-f]{32}\) is degraded: /),
      expect.stringMatching(/^Tunnel unprobed \([0-9a-f]{32}\) is unverifiable: health_check.enabled is false/),
    ])
    expect(annotations(result, 'error').at(-1)).toBe(
      '2 of 5 tunnels not confirmed up: dead (down), silent (no-data). Check that each router has its new PSK and has authenticated again.',
    )
  })

  it('waits for results that lag behind, polling no faster than every 5 s', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    cloudflare.health.lagMs = 3_000
    probe(cloudflare, { branch_1: { fra06: 1 } })
    const result = await verify(cloudflare, { 'verify-timeout': '20s' })

    expect(result.exitCode).toBe(0)
    expect(resultsOf(result)[0]?.status).toBe('healthy')
    const looks = cloudflare.health.queries.map((query) => Date.parse(query.to))
    expect(looks.length).toBeGreaterThanOrEqual(2)
    for (let i = 1; i < looks.length; i++) expect((looks[i] ?? 0) - (looks[i - 1] ?? 0)).toBeGreaterThanOrEqual(4_900)
  })

  it('a token without analytics permission gives exactly one error naming the permission', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    cloudflare.health.refusal = { message: 'not authorized for that account\n::stop-commands::x', code: 'authz' }
    const result = await verify(cloudflare)

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toHaveLength(1)
    expect(annotations(result, 'error')[0]).toMatch(/needs the account permission 'Account Analytics: Read' on api-token/)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN])
  })

  it('refuses inputs that only make sense when rotating, before any request', async () => {
    const cloudflare = await cloudflareWith([{ name: 'branch_1' }])
    const result = await verify(cloudflare, { 'max-age': '30d' })
    expect(errorLines(result)).toEqual([
      "::error::Input 'max-age': is not used with 'mode: verify', which rotates nothing: remove it from this step.",
    ])
    expect(cloudflare.requests).toEqual([])
  })
})
