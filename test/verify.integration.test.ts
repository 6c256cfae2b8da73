// mode: verify through the bundled action, against the fake's GraphQL endpoint whose health follows
// Cloudflare's documented model at scaled-down timing (test/helpers/verify-run.ts).
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, type FakeCloudflare, type FakeCloudflareOptions } from './fakes/cloudflare.js'
import { scaled } from './fakes/tunnel-health-model.js'
import { errorLines, resultsByName, resultsOf } from './helpers/outputs.js'
import type { ActionRun } from './helpers/run-action.js'
import { assertNothingLeaks } from './helpers/runner-log.js'
import { annotations, FAST, startModelled, verify } from './helpers/verify-run.js'

const running: FakeCloudflare[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.stop()))
})

async function modelled(options: FakeCloudflareOptions): Promise<FakeCloudflare> {
  const fake = await startModelled(options)
  running.push(fake)
  return fake
}

const statuses = (result: ActionRun) => Object.fromEntries([...resultsByName(result)].map(([name, entry]) => [name, entry.status]))

describe('mode: verify, judged by Cloudflare’s model', () => {
  it('a normal rotation reads up while the data centres recover, then healthy, never down, and changes nothing', async () => {
    const cloudflare = await modelled({ tunnels: [{ name: 'branch_1' }, { name: 'branch_2' }] })
    // Both routers authenticate again: the new SAs propagate, the other data centres drop traffic meanwhile.
    cloudflare.health.reauthenticate('branch_1')
    cloudflare.health.reauthenticate('branch_2')
    const before = Date.now()
    const first = await verify(cloudflare)

    expect(first.exitCode).toBe(0)
    expect(statuses(first)).toEqual({ branch_1: 'up', branch_2: 'up' })
    expect(resultsByName(first).get('branch_1')?.reason).toMatch(/^Up: no data centre sees it down\. Degraded in /)
    expect(first.outputs).toMatchObject({ 'healthy-count': '0', 'up-count': '2', 'down-count': '0', psks: '{}' })
    expect(annotations(first, 'warning')).toEqual([])
    // Every query names the selected tunnels and starts after the step's start plus verify-settle.
    for (const query of cloudflare.health.queries) {
      expect(query.names).toEqual(['branch_1', 'branch_2'])
      expect(Date.parse(query.from)).toBeGreaterThanOrEqual(before + 1_000)
    }
    expect(cloudflare.requests.filter((request) => request.method === 'POST').every((request) => request.path === '/graphql')).toBe(true)
    expect(cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
    assertNothingLeaks(first, [DEFAULT_API_TOKEN])

    // Past Cloudflare's hold and 30 clean probes, every data centre calls it healthy.
    await sleep(FAST.holdMs + FAST.healthyProbes * FAST.probeIntervalMs + 500)
    const later = await verify(cloudflare)
    expect(later.exitCode).toBe(0)
    expect(statuses(later)).toEqual({ branch_1: 'healthy', branch_2: 'healthy' })
    expect(later.outputs).toMatchObject({ 'healthy-count': '2', 'up-count': '0' })
    expect(later.summary).toContain('<h2>IPsec tunnel health after rotation</h2>')
  })

  it('a router that never took its key reads down; a path down in some data centres reads degraded; failing only on down', async () => {
    const cloudflare = await modelled({
      tunnels: [{ name: 'fine' }, { name: 'stale_key' }, { name: 'partial' }, { name: 'unprobed', healthCheck: false }],
    })
    cloudflare.health.setLink('stale_key', false)
    cloudflare.health.setPath('partial', 'ams01', 'fail')
    cloudflare.health.setPath('partial', 'lhr01', 'fail')
    const result = await verify(cloudflare)

    expect(result.exitCode).toBe(1)
    expect(statuses(result)).toEqual({ fine: 'healthy', stale_key: 'down', partial: 'degraded', unprobed: 'unverifiable' })
    const byName = resultsByName(result)
    expect(byName.get('stale_key')?.reason).toMatch(/^State 0 \(down\) in all 3 data centre\(s\): fra06, ams01, lhr01, as of /)
    expect(byName.get('stale_key')?.reason).toMatch(/verify-timeout ended before that hold could clear it/)
    expect(byName.get('partial')?.reason).toMatch(/^Down in 2 of 3 data centres: ams01, lhr01; healthy in fra06, as of /)
    expect(result.outputs).toMatchObject({
      'healthy-count': '1',
      'up-count': '0',
      'degraded-count': '1',
      'down-count': '1',
      'no-data-count': '0',
    })
    expect(annotations(result, 'warning')).toEqual([
      expect.stringMatching(/^Tunnel partial \([0-9a-f]{32}\) is degraded: /),
      expect.stringMatching(/^Tunnel unprobed \([0-9a-f]{32}\) is unverifiable: health_check.enabled is false/),
    ])
    expect(annotations(result, 'error').at(-1)).toBe(
      '1 of 4 tunnels not confirmed up: stale_key (down). Check that each router has its new PSK and has authenticated again.',
    )
  })

  it('1,000 tunnels × 50 data centres: every row read in answers under the limit, within the budget, each verdict right', async () => {
    const colos = Array.from({ length: 50 }, (_, i) => `dc${String(i).padStart(2, '0')}`)
    const tunnels = Array.from({ length: 1000 }, (_, i) => ({ name: `tunnel_${String(i).padStart(4, '0')}` }))
    const cloudflare = await modelled({ tunnels, health: { colos, timing: scaled(1 / 120) } })
    cloudflare.health.setLink('tunnel_0500', false)
    for (const colo of colos.slice(10, 20)) cloudflare.health.setPath('tunnel_0999', colo, 'fail')
    const result = await verify(cloudflare, { 'verify-timeout': '6s' })

    expect(result.exitCode).toBe(1)
    const counts = resultsOf(result).reduce<Record<string, number>>((sum, { status }) => ({ ...sum, [status]: (sum[status] ?? 0) + 1 }), {})
    expect(counts).toEqual({ healthy: 998, down: 1, degraded: 1 })
    expect(resultsByName(result).get('tunnel_0500')?.reason).toMatch(/^State 0 \(down\) in all 50 data centre\(s\)/)
    expect(resultsByName(result).get('tunnel_0999')?.reason).toMatch(/^Down in 10 of 50 data centres: dc10, /)
    const answered = cloudflare.health.queries.filter((query) => query.status === 200)
    // A first guess of the batch size may be cut; every later answer stays under the limit.
    expect(answered.filter((query) => query.rows >= 1000).length).toBeLessThanOrEqual(1)
    expect(cloudflare.health.queries.length).toBeLessThan(300)
    expect(cloudflare.health.stats.responses429).toBe(0)
  })

  it('a selected tunnel is read whole however many rows other tunnels have', async () => {
    const colos = Array.from({ length: 40 }, (_, i) => `dc${i}`)
    const tunnels = Array.from({ length: 60 }, (_, i) => ({ name: `other_${i}` }))
    const cloudflare = await modelled({ tunnels: [...tunnels, { name: 'mine' }], health: { colos, timing: scaled(1 / 120) } })
    cloudflare.health.setLink('mine', false)
    const result = await verify(cloudflare, { 'tunnel-ids': '', 'tunnel-names': 'mine' })

    expect(statuses(result)).toEqual({ mine: 'down' })
    expect(cloudflare.health.queries.every((query) => JSON.stringify(query.names) === '["mine"]')).toBe(true)
  })

  it('an adaptively sampled answer gives the same verdicts', async () => {
    const cloudflare = await modelled({ tunnels: [{ name: 'fine' }, { name: 'stale_key' }] })
    cloudflare.health.sampleBudget = 8
    cloudflare.health.setLink('stale_key', false)
    const result = await verify(cloudflare)
    expect(statuses(result)).toEqual({ fine: 'healthy', stale_key: 'down' })
  })

  it('BGP where it exists: a session not up turns passing checks into degraded; an up session is named in the reason', async () => {
    const cloudflare = await modelled({
      tunnels: [
        { name: 'bgp_up', bgpStatus: { state: 'BGP_UP', updatedAt: '2026-12-01T10:00:00Z' } },
        { name: 'bgp_down', bgpStatus: { state: 'BGP_DOWN' } },
        { name: 'static' },
      ],
    })
    const result = await verify(cloudflare)

    expect(statuses(result)).toEqual({ bgp_up: 'healthy', bgp_down: 'degraded', static: 'healthy' })
    expect(resultsByName(result).get('bgp_up')?.reason).toMatch(/ BGP session BGP_UP \(updated 2026-12-01T10:00:00Z\)\.$/)
    expect(resultsByName(result).get('bgp_down')?.reason).toMatch(
      /^Health checks pass, but the BGP session BGP_DOWN \(updated .*\) is not up, so no routes are learnt over it: State 1/,
    )
    expect(resultsByName(result).get('static')?.reason).not.toMatch(/BGP/)
    // The sessions are read again once the checks are in.
    expect(cloudflare.requests.filter((request) => request.method === 'GET').length).toBe(2)
  })

  it('refuses verify-settle outside mode: verify, and one that leaves no time, before any request', async () => {
    const cloudflare = await modelled({ tunnels: [{ name: 'branch_1' }] })
    const rotating = await verify(cloudflare, { mode: 'generate', 'verify-timeout': '', 'verify-settle': '2m' })
    expect(errorLines(rotating)).toEqual(["::error::Input 'verify-settle': is only used with 'mode: verify' or with 'router-command'."])
    const tooLong = await verify(cloudflare, { 'verify-timeout': '2m', 'verify-settle': '150s' })
    expect(errorLines(tooLong)).toEqual([
      "::error::Input 'verify-settle': 150 s leaves no time within verify-timeout 120 s: make verify-timeout longer than verify-settle.",
    ])
    expect(cloudflare.requests).toEqual([])
  })
})
