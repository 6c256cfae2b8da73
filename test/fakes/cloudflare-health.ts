// The fake Cloudflare's GraphQL Analytics endpoint for tunnel health checks
// (dataset magicTransitTunnelHealthChecksAdaptiveGroups), with health that tests script over time.
// Shapes follow ../shared/cloudflare/graphql-tunnel-health.md: errors come back as HTTP 200 with
// `data: null` and an `errors` list, as GraphQL does them.

interface Sample {
  tunnelName: string
  colo: string
  state: number
  at: number
}

export interface GraphqlReply {
  status: number
  body: unknown
}

const DATASET = 'magicTransitTunnelHealthChecksAdaptiveGroups'
const MAX_RANGE_MS = 7 * 24 * 3_600_000
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

export class FakeTunnelHealth {
  /** A result becomes visible only this long after it was measured, as Cloudflare's analytics lag. */
  lagMs = 0
  /** When set, every query is refused with this GraphQL error (a token without Account Analytics: Read, say). */
  refusal: { message: string; code: string } | null = null
  /** Every query's time range, as asked. */
  readonly queries: { from: string; to: string }[] = []
  private readonly samples: Sample[] = []

  constructor(private readonly accountId: string) {}

  /** Records a probe result: `tunnelName` seen in `state` (1 up, 0.5 degraded, 0 down) from data centre `colo` at `at`. */
  report(tunnelName: string, state: number, { colo = 'fra06', at = Date.now() }: { colo?: string; at?: number } = {}): void {
    this.samples.push({ tunnelName, colo, state, at })
  }

  answer(body: unknown, authenticated: boolean): GraphqlReply {
    if (!authenticated) return graphqlError('Authentication error', 'authz')
    if (this.refusal) return graphqlError(this.refusal.message, this.refusal.code)
    const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> }
    if (typeof query !== 'string' || !query.includes(DATASET) || !/accounts\(filter: \{ accountTag: \$accountTag \}\)/.test(query)) {
      return graphqlError(`unknown field or malformed query: expected viewer.accounts.${DATASET}`, 'GRAPHQL_VALIDATION_FAILED')
    }
    if (!/avg \{ tunnelState \}/.test(query) || !/dimensions \{ tunnelName edgeColoName \}/.test(query)) {
      return graphqlError(
        'the query must select avg { tunnelState } and dimensions { tunnelName edgeColoName }',
        'GRAPHQL_VALIDATION_FAILED',
      )
    }
    const from = variables?.datetimeStart
    const to = variables?.datetimeEnd
    if (variables?.accountTag !== this.accountId) return graphqlError('account not found or not accessible', 'authz')
    if (typeof from !== 'string' || typeof to !== 'string' || !ISO_TIME.test(from) || !ISO_TIME.test(to)) {
      return graphqlError('datetime_geq and datetime_lt must be ISO 8601 timestamps', 'GRAPHQL_VALIDATION_FAILED')
    }
    const fromMs = Date.parse(from)
    const toMs = Date.parse(to)
    if (toMs <= fromMs || toMs - fromMs > MAX_RANGE_MS) return graphqlError('the time range must be positive and at most one week', 'quota')
    this.queries.push({ from, to })

    const visibleUntil = Date.now() - this.lagMs
    const groups = new Map<string, Sample[]>()
    for (const sample of this.samples) {
      if (sample.at < fromMs || sample.at >= toMs || sample.at > visibleUntil) continue
      const key = `${sample.tunnelName}\u0000${sample.colo}`
      groups.set(key, [...(groups.get(key) ?? []), sample])
    }
    const rows = [...groups.values()].map((group) => ({
      avg: { tunnelState: group.reduce((sum, sample) => sum + sample.state, 0) / group.length },
      dimensions: { tunnelName: group[0]?.tunnelName, edgeColoName: group[0]?.colo },
    }))
    return { status: 200, body: { data: { viewer: { accounts: [{ [DATASET]: rows }] } }, errors: null } }
  }
}

function graphqlError(message: string, code: string): GraphqlReply {
  return { status: 200, body: { data: null, errors: [{ message, path: null, extensions: { code } }] } }
}
