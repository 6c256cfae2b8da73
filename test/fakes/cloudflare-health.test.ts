// The fake GraphQL endpoint's own behaviour: what tests rely on it to do as Cloudflare does.
import { describe, expect, it } from 'vitest'
import { FakeTunnelHealth } from './cloudflare-health.js'

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'
const QUERY = (
  limit: number,
  filtered = true,
) => `query Q($accountTag: string, $datetimeStart: string, $datetimeEnd: string, $tunnelNames: [string!]) {
  viewer { accounts(filter: { accountTag: $accountTag }) { magicTransitTunnelHealthChecksAdaptiveGroups(
    limit: ${limit}
    filter: { datetime_geq: $datetimeStart, datetime_lt: $datetimeEnd${filtered ? ', tunnelName_in: $tunnelNames' : ''} }
  ) { avg { tunnelState } dimensions { tunnelName edgeColoName } } } }
}`

const body = (limit: number, names?: string[]) => ({
  query: QUERY(limit, names !== undefined),
  variables: {
    accountTag: ACCOUNT,
    datetimeStart: new Date(Date.now() - 60_000).toISOString(),
    datetimeEnd: new Date(Date.now() + 1_000).toISOString(),
    ...(names ? { tunnelNames: names } : {}),
  },
})

type Rows = { avg: { tunnelState: number }; dimensions: { tunnelName: string; edgeColoName: string } }[]
const rowsOf = (reply: { body: unknown }): Rows =>
  (reply.body as { data: { viewer: { accounts: { magicTransitTunnelHealthChecksAdaptiveGroups: Rows }[] } } }).data.viewer.accounts[0]!
    .magicTransitTunnelHealthChecksAdaptiveGroups

function reported(tunnels: number, colos: number): FakeTunnelHealth {
  const health = new FakeTunnelHealth(ACCOUNT)
  for (let t = 0; t < tunnels; t++) for (let c = 0; c < colos; c++) health.report(`t${t}`, c === 0 ? 0 : 1, { colo: `dc${c}` })
  return health
}

describe('FakeTunnelHealth', () => {
  it('cuts an answer at limit without a word, and filters by tunnelName_in', async () => {
    const health = reported(30, 5)
    const cut = await health.answer(body(100), true)
    expect(rowsOf(cut)).toHaveLength(100)
    expect(JSON.stringify(cut.body)).not.toMatch(/more|truncat|cursor/i)
    const filtered = rowsOf(await health.answer(body(100, ['t3', 't29']), true))
    expect(new Set(filtered.map((row) => row.dimensions.tunnelName))).toEqual(new Set(['t3', 't29']))
    expect(filtered).toHaveLength(10)
    expect(health.queries.map((query) => query.rows)).toEqual([100, 10])
  })

  it('refuses a limit over maxPageSize as a GraphQL error, not a cut answer', async () => {
    const health = reported(1, 1)
    health.maxPageSize = 50
    const reply = await health.answer(body(100), true)
    expect(reply.body).toMatchObject({ data: null, errors: [{ message: expect.stringMatching(/limit must be at most 50/) }] })
  })

  it('answers 429 with Retry-After once the budget is spent, and 503 beyond maxConcurrent', async () => {
    const health = reported(1, 1)
    health.budget = { queries: 2, windowMs: 60_000 }
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await health.answer(body(10, ['t0']), true)).status)
    expect(statuses).toEqual([200, 200, 429])
    const limited = await health.answer(body(10, ['t0']), true)
    expect(limited.headers?.['Retry-After']).toMatch(/^\d+$/)

    const busy = reported(1, 1)
    busy.maxConcurrent = 1
    busy.latencyMs = 50
    const replies = await Promise.all([busy.answer(body(10), true), busy.answer(body(10), true)])
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 503])
    expect(busy.stats).toMatchObject({ responses503: 1, maxInFlight: 2 })
  })

  it('models every tunnel when started with `health`, and samples large ranges', async () => {
    const health = new FakeTunnelHealth(ACCOUNT, { colos: ['fra06', 'ams01'], timing: { probeIntervalMs: 10 } })
    health.model?.addTunnel('branch')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const whole = rowsOf(await health.answer(body(100, ['branch']), true))
    expect(whole.map((row) => row.avg.tunnelState)).toEqual([1, 1])
    health.sampleBudget = 4
    const sampled = rowsOf(await health.answer(body(100, ['branch']), true))
    expect(sampled.every((row) => row.avg.tunnelState === 1)).toBe(true)
    expect(() => new FakeTunnelHealth(ACCOUNT).setLink('branch', false)).toThrow(/start the fake with `health`/)
  })
})
