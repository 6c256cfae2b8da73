import { describe, expect, it } from 'vitest'
import type { Tunnel } from '../src/cloudflare.js'
import type { HealthPage, HealthRow } from '../src/health/graphql.js'
import { HealthBusyError } from '../src/health/graphql.js'
import { verifyTunnels } from '../src/health/verify.js'

const START = Date.parse('2026-06-01T12:00:00Z')
const MIN = 60_000

function tunnel(name: string, healthCheckEnabled = true): Tunnel {
  return {
    id: name.padEnd(32, 'a').slice(0, 32),
    name,
    lastGeneratedOn: null,
    healthCheckEnabled,
    router: { customerEndpoint: null, cloudflareEndpoint: null, interfaceAddress: null, fqdnId: null },
  }
}

const rows = (name: string, states: Record<string, number>): HealthRow[] =>
  Object.entries(states).map(([coloName, state]) => ({ tunnelName: name, coloName, state }))

interface Look {
  names: readonly string[]
  from: number
  to: number
}

/** verifyTunnels on a fake clock; `rowsAt(elapsedMs, names)` says what a query sees at that moment. */
async function verifyWith(
  tunnels: Tunnel[],
  { timeoutMs = 10 * MIN, settleMs = 150_000 }: { timeoutMs?: number; settleMs?: number },
  rowsAt: (elapsedMs: number, names: readonly string[]) => HealthRow[] | Error,
) {
  let clock = START + 200
  const looks: Look[] = []
  const logged: string[] = []
  const verdicts = await verifyTunnels(tunnels, {
    startedAt: START,
    settleMs,
    timeoutMs,
    limit: 1000,
    budget: { queries: 300, windowMs: 5 * MIN },
    logger: { info: (line) => logged.push(line), warning: () => {}, error: () => {}, debug: () => {} },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms
    },
    query: async (names, from, to): Promise<HealthPage> => {
      looks.push({ names, from: from.getTime(), to: to.getTime() })
      clock += 50
      const answer = rowsAt(to.getTime() - START, names)
      if (answer instanceof Error) throw answer
      return { rows: answer.filter((row) => names.includes(row.tunnelName)), mayBeCut: false }
    },
  })
  const byName = Object.fromEntries(verdicts.map(({ tunnel: t, status, reason }) => [t.name, { status, reason }]))
  return { status: Object.fromEntries(Object.entries(byName).map(([name, v]) => [name, v.status])), byName, looks, logged, clock }
}

describe('verifyTunnels: Cloudflare’s rules', () => {
  it('ignores everything before the settle time, then stops at the first look where every tunnel passes', async () => {
    const { status, looks, byName } = await verifyWith([tunnel('a'), tunnel('b'), tunnel('off', false)], {}, () => [
      ...rows('a', { fra06: 1, ams01: 1 }),
      ...rows('b', { fra06: 1, ams01: 0.5 }),
    ])
    expect(status).toEqual({ a: 'healthy', b: 'up', off: 'unverifiable' })
    expect(looks).toHaveLength(1)
    expect(looks[0]?.from).toBe(START + 150_000)
    expect(looks[0]?.to).toBe(START + 180_000)
    expect(looks[0]?.names).toEqual(['a', 'b'])
    expect(byName.b?.reason).toMatch(/^Up: no data centre sees it down\. Degraded in ams01, healthy in fra06, as of .*up to 30 minutes/)
  })

  it('a normal rotation: down in most data centres at first, then up once the hold is over, never down', async () => {
    // Down until 6 minutes after the start (hold plus recovery probes), degraded after, healthy after 20.
    const { status, looks } = await verifyWith([tunnel('a')], { timeoutMs: 30 * MIN }, (elapsed) =>
      rows('a', elapsed < 6 * MIN ? { fra06: 0.5, ams01: 0, lhr01: 0 } : { fra06: 1, ams01: 0.5, lhr01: 0.5 }),
    )
    expect(status).toEqual({ a: 'up' })
    // Every 30 s from the settle time on, the last at about 6 minutes: only the open tunnel each time.
    expect(looks.length).toBeGreaterThan(5)
    expect(looks.at(-1)!.to - START).toBeGreaterThanOrEqual(6 * MIN)
    expect(looks.at(-1)!.to - START).toBeLessThan(7 * MIN)
  })

  it('down in every data centre after the hold: down, without waiting for the time-out', async () => {
    const { status, byName, clock } = await verifyWith([tunnel('a')], {}, () => rows('a', { fra06: 0, ams01: 0 }))
    expect(status).toEqual({ a: 'down' })
    expect(byName.a?.reason).toMatch(/^State 0 \(down\) in all 2 data centre\(s\): fra06, ams01, as of .* after Cloudflare's 5-minute hold/)
    // Settle (150 s) plus the hold (5 min): then the verdict is final, before the 10-minute time-out.
    expect(clock - START).toBeGreaterThanOrEqual(450_000)
    expect(clock - START).toBeLessThan(10 * MIN)
  })

  it('down in some data centres only, after the hold: degraded', async () => {
    const { status, byName } = await verifyWith([tunnel('a')], {}, () => rows('a', { fra06: 1, ams01: 0, lhr01: 0.5 }))
    expect(status).toEqual({ a: 'degraded' })
    expect(byName.a?.reason).toMatch(/^Down in 1 of 3 data centres: ams01; degraded in lhr01, healthy in fra06, as of /)
  })

  it('a time-out before the hold is over says so: a longer verify-timeout could see a late recovery', async () => {
    const { status, byName, clock } = await verifyWith([tunnel('a')], { timeoutMs: 4 * MIN, settleMs: 30_000 }, () =>
      rows('a', { fra06: 0 }),
    )
    expect(status).toEqual({ a: 'down' })
    expect(byName.a?.reason).toMatch(/verify-timeout ended before that hold could clear it/)
    expect(clock - START).toBeLessThanOrEqual(4 * MIN)
  })

  it('no result after the settle time within the time-out: no-data, and the looks never pass the deadline', async () => {
    const { status, byName, looks, clock } = await verifyWith([tunnel('a')], { timeoutMs: 5 * MIN }, () => [])
    expect(status).toEqual({ a: 'no-data' })
    expect(byName.a?.reason).toMatch(
      /^No health-check result newer than the step's start plus verify-settle \(2026-06-01T12:02:30.000Z\) within verify-timeout 5 min/,
    )
    expect(looks.every(({ from }) => from >= START + 150_000)).toBe(true)
    expect(clock - START).toBeLessThanOrEqual(5 * MIN)
    // A twentieth of the time-out between looks (15 s here), each reading at most the last five minutes.
    expect(looks[1]!.to - looks[0]!.to).toBeGreaterThanOrEqual(15_000)
  })

  it('a look that finds the API busy is tried again at the next one, and the reason of a tunnel left without data says why', async () => {
    let calls = 0
    const { status, logged } = await verifyWith([tunnel('a')], { timeoutMs: 4 * MIN, settleMs: 10_000 }, () =>
      ++calls <= 2 ? new HealthBusyError(503) : rows('a', { fra06: 1 }),
    )
    expect(status).toEqual({ a: 'healthy' })
    expect(logged.filter((line) => line.includes('HTTP 503 (too many queries at once)'))).toHaveLength(2)

    const busy = await verifyWith([tunnel('b')], { timeoutMs: 2 * MIN, settleMs: 10_000 }, () => new HealthBusyError(429))
    expect(busy.byName.b?.status).toBe('no-data')
    expect(busy.byName.b?.reason).toMatch(
      /The last look failed: .*HTTP 429 \(its budget of about 300 queries per 5 minutes per user is spent\)/,
    )
  })

  it('any other error ends the step as itself', async () => {
    await expect(verifyWith([tunnel('a')], { timeoutMs: 2 * MIN, settleMs: 1_000 }, () => new Error('quoted as itself'))).rejects.toThrow(
      'quoted as itself',
    )
  })

  it('stays within the GraphQL budget it is given, waiting for room', async () => {
    let clock = START
    const sent: number[] = []
    await verifyTunnels([tunnel('a')], {
      startedAt: START,
      settleMs: 1_000,
      timeoutMs: 20 * MIN,
      limit: 1000,
      budget: { queries: 3, windowMs: 5 * MIN },
      logger: { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} },
      now: () => clock,
      sleep: async (ms) => {
        clock += ms
      },
      query: async () => {
        sent.push(clock)
        return { rows: rows('a', { fra06: 0 }), mayBeCut: false }
      },
    })
    expect(sent.length).toBeGreaterThan(3)
    for (let i = 3; i < sent.length; i++) expect(sent[i]! - sent[i - 3]!).toBeGreaterThanOrEqual(5 * MIN)
  })
})
