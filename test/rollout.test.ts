import { describe, expect, it } from 'vitest'
import type { Tunnel } from '../src/cloudflare.js'
import { planRollout, type RolloutSettings } from '../src/rollout.js'

const NOW = Date.parse('2026-06-01T00:00:00Z')
const DAY = 86_400_000

function tunnel(name: string, daysOld: number | null, customerEndpoint: string | null = null): Tunnel {
  return {
    id: name.padEnd(32, '0').slice(0, 32),
    name,
    lastGeneratedOn: daysOld === null ? null : new Date(NOW - daysOld * DAY).toISOString(),
    healthCheckEnabled: true,
    router: { customerEndpoint, cloudflareEndpoint: '203.0.113.1', interfaceAddress: null, fqdnId: null },
  }
}

const settings = (overrides: Partial<RolloutSettings> = {}): RolloutSettings => ({
  explicit: new Set(),
  maxAgeMs: null,
  maxTunnels: null,
  stagger: 'customer-endpoint',
  now: NOW,
  ...overrides,
})
const names = (tunnels: Tunnel[]) => tunnels.map((t) => t.name)

describe('planRollout', () => {
  it('rotates the oldest PSKs first: unknown age first, then oldest, ties by name', () => {
    const plan = planRollout([tunnel('c', 10), tunnel('b', 10), tunnel('a', 5), tunnel('d', null), tunnel('e', 300)], settings())
    expect(names(plan.rotate)).toEqual(['d', 'e', 'b', 'c', 'a'])
    expect(plan.deferred.size).toBe(0)
  })

  it('rotates one tunnel of each router per run, the oldest PSK first, and says which one goes', () => {
    const plan = planRollout(
      [tunnel('hq-1', 10, '198.51.100.7'), tunnel('hq-2', 20, '198.51.100.7'), tunnel('hq-3', 5, '198.51.100.7'), tunnel('solo', 1)],
      settings(),
    )
    expect(names(plan.rotate)).toEqual(['hq-2', 'solo'])
    expect([...plan.deferred.keys()].sort()).toEqual([tunnel('hq-1', 0).id, tunnel('hq-3', 0).id].sort())
    expect(plan.deferred.get(tunnel('hq-1', 0).id)).toBe(
      'tunnel hq-2 of the same router (customer_endpoint 198.51.100.7) rotates in this run',
    )
  })

  it('treats tunnels without a customer_endpoint, or with stagger none, each on their own', () => {
    const pair = [tunnel('a', 1, '198.51.100.1'), tunnel('b', 2, '198.51.100.1'), tunnel('c', 3), tunnel('d', 4)]
    expect(names(planRollout(pair, settings({ stagger: 'none' })).rotate)).toEqual(['d', 'c', 'b', 'a'])
    expect(names(planRollout(pair, settings()).rotate)).toEqual(['d', 'c', 'b'])
  })

  it('staggers first, then caps, naming the cap as the reason', () => {
    const plan = planRollout(
      [tunnel('a', 9, '198.51.100.1'), tunnel('b', 8, '198.51.100.1'), tunnel('c', 7), tunnel('d', 6), tunnel('e', 5)],
      settings({ maxTunnels: 2 }),
    )
    expect(names(plan.rotate)).toEqual(['a', 'c'])
    expect(plan.deferred.get(tunnel('d', 0).id)).toBe('max-tunnels 2 reached; its PSK is among the newer due ones')
    expect(plan.deferred.get(tunnel('b', 0).id)).toMatch(/^tunnel a of the same router .* rotates in this run$/)
  })

  it('says "goes first" when the router partner itself waits for the cap', () => {
    const plan = planRollout(
      [tunnel('x', 1), tunnel('a', 0.5, '198.51.100.1'), tunnel('b', 0.2, '198.51.100.1')],
      settings({ maxTunnels: 1 }),
    )
    expect(names(plan.rotate)).toEqual(['x'])
    expect(plan.deferred.get(tunnel('b', 0).id)).toMatch(/^tunnel a of the same router .* goes first$/)
  })

  it('skips PSKs younger than max-age, saying how old they are, before staggering', () => {
    const plan = planRollout([tunnel('old', 100, '198.51.100.1'), tunnel('young', 3, '198.51.100.1')], settings({ maxAgeMs: 90 * DAY }))
    expect(names(plan.rotate)).toEqual(['old'])
    expect(plan.skipped.get(tunnel('young', 0).id)).toBe('PSK is 3 d old, younger than max-age 90 d')
    expect(plan.deferred.size).toBe(0)
  })

  it('makes a tunnel named in psks due whatever its age, and staggers it like any other', () => {
    const young = tunnel('young', 1, '198.51.100.1')
    const plan = planRollout([young, tunnel('old', 100, '198.51.100.1')], settings({ maxAgeMs: 90 * DAY, explicit: new Set([young.id]) }))
    expect(names(plan.rotate)).toEqual(['old'])
    expect(plan.deferred.has(young.id)).toBe(true)
  })
})
