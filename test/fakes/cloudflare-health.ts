// The fake Cloudflare's GraphQL Analytics endpoint for tunnel health checks (dataset
// magicTransitTunnelHealthChecksAdaptiveGroups), as ../shared/cloudflare/graphql-tunnel-health.md
// describes it: health from the documented model (tunnel-health-model.ts) or from results tests
// report; answers of at most `limit` rows, cut silently; adaptive sampling; a per-user budget
// answered 429 when spent, 503 when too many queries run at once. Errors come back as GraphQL
// does them: HTTP 200 with `data: null` and an `errors` list.
import { CLOUDFLARE_TIMING, TunnelHealthModel, type HealthTiming, type PathOutcome } from './tunnel-health-model.js'

export interface GraphqlReply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export interface FakeHealthOptions {
  /** Data centres that probe every tunnel; the first is where routers negotiate their SAs. */
  colos?: string[]
  timing?: Partial<HealthTiming>
}

interface Sample {
  tunnelName: string
  colo: string
  state: number
  at: number
}

const DATASET = 'magicTransitTunnelHealthChecksAdaptiveGroups'
const MAX_RANGE_MS = 7 * 24 * 3_600_000
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

export class FakeTunnelHealth {
  /** A result becomes visible only this long after it was measured, as Cloudflare's analytics lag. */
  lagMs = 0
  /** When set, every query is refused with these GraphQL errors (a token without Account Analytics: Read, say). */
  refusal: { message: string; code: string }[] | null = null
  /** The largest `limit` a query may ask for; more is a GraphQL error, as over a dataset's limits. */
  maxPageSize = 10_000
  /** Above this many probe results in a query's range, only every k-th is counted (adaptive sampling). */
  sampleBudget = Infinity
  /** The per-user budget: more queries in one window are answered 429. */
  budget: { queries: number; windowMs: number } = { queries: 300, windowMs: 300_000 }
  /** More queries than this at once are answered 503. */
  maxConcurrent = 4
  /** Each query takes this long to answer; Infinity never answers. */
  latencyMs = 0
  /** Every query answered (or refused), in order. */
  readonly queries: { from: string; to: string; names: string[] | null; rows: number; status: number }[] = []
  readonly stats = { responses429: 0, responses503: 0, maxInFlight: 0 }
  /** The documented model, when the fake was started with `health`; null: only reported results. */
  readonly model: TunnelHealthModel | null
  private readonly samples: Sample[] = []
  private inFlight = 0
  private window = { startedAt: 0, count: 0 }
  private readonly hanging = new Set<() => void>()

  constructor(
    private readonly accountId: string,
    options?: FakeHealthOptions,
  ) {
    this.model = options
      ? new TunnelHealthModel(options.colos ?? ['fra06', 'ams01', 'lhr01'], { ...CLOUDFLARE_TIMING, ...options.timing })
      : null
  }

  /** Records one probe result directly: `tunnelName` seen in `state` (1 up, 0.5 degraded, 0 down) from `colo` at `at`. */
  report(tunnelName: string, state: number, { colo = 'fra06', at = Date.now() }: { colo?: string; at?: number } = {}): void {
    this.samples.push({ tunnelName, colo, state, at })
  }

  /**
   * Drives a modelled tunnel from an external "SA established or not" signal (the IKE lab's edge):
   * `up` with an SA named `sa` (a new name is a new SA, which propagates), or no SA.
   */
  setLink(tunnelName: string, up: boolean, sa?: string): void {
    this.requireModel().setLink(tunnelName, up, sa)
  }

  /** The router authenticated again with the right key: a new SA, propagating from now. */
  reauthenticate(tunnelName: string): void {
    this.requireModel().reauthenticate(tunnelName)
  }

  /** A path fault through one data centre of a modelled tunnel. */
  setPath(tunnelName: string, colo: string, outcome: PathOutcome): void {
    this.requireModel().setPath(tunnelName, colo, outcome)
  }

  /** Answers every query still hanging (with a 503), so the server can close. */
  release(): void {
    for (const resolve of this.hanging) resolve()
    this.hanging.clear()
  }

  async answer(body: unknown, authenticated: boolean): Promise<GraphqlReply> {
    this.inFlight++
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight)
    try {
      if (this.inFlight > this.maxConcurrent) return this.refuse(body, 503, 'too many concurrent queries', 'concurrency')
      if (this.overBudget()) return this.refuse(body, 429, 'rate limiter budget depleted, try again later', 'budget')
      if (this.latencyMs === Infinity) {
        await new Promise<void>((resolve) => this.hanging.add(resolve))
        return this.refuse(body, 503, 'the fake was stopped', 'stopped')
      }
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs))
      const reply = this.read(body, authenticated)
      this.record(body, reply)
      return reply
    } finally {
      this.inFlight--
    }
  }

  private read(body: unknown, authenticated: boolean): GraphqlReply {
    if (!authenticated) return graphqlError('Authentication error', 'authz')
    if (this.refusal)
      return {
        status: 200,
        body: { data: null, errors: this.refusal.map(({ message, code }) => ({ message, path: null, extensions: { code } })) },
      }
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
    const limit = Number(/\blimit: (\d+)/.exec(query)?.[1] ?? Number.NaN)
    if (!Number.isSafeInteger(limit) || limit < 1) return graphqlError('limit must be a positive integer', 'GRAPHQL_VALIDATION_FAILED')
    if (limit > this.maxPageSize) return graphqlError(`limit must be at most ${this.maxPageSize} for ${DATASET}`, 'quota')
    if (variables?.accountTag !== this.accountId) return graphqlError('account not found or not accessible', 'authz')
    const from = variables?.datetimeStart
    const to = variables?.datetimeEnd
    if (typeof from !== 'string' || typeof to !== 'string' || !ISO_TIME.test(from) || !ISO_TIME.test(to)) {
      return graphqlError('datetime_geq and datetime_lt must be ISO 8601 timestamps', 'GRAPHQL_VALIDATION_FAILED')
    }
    const names = this.nameFilter(query, variables)
    if (names === 'invalid') return graphqlError('tunnelName_in must be a list of strings', 'GRAPHQL_VALIDATION_FAILED')
    const fromMs = Date.parse(from)
    const toMs = Date.parse(to)
    if (toMs <= fromMs || toMs - fromMs > MAX_RANGE_MS) return graphqlError('the time range must be positive and at most one week', 'quota')

    const visibleUntil = Date.now() - this.lagMs
    const groups = new Map<string, { tunnelName: string; colo: string; sum: number; count: number }>()
    const add = (tunnelName: string, colo: string, sum: number, count: number) => {
      const key = `${tunnelName}\u0000${colo}`
      const group = groups.get(key) ?? { tunnelName, colo, sum: 0, count: 0 }
      group.sum += sum
      group.count += count
      groups.set(key, group)
    }
    for (const sample of this.samples) {
      if (sample.at < fromMs || sample.at >= toMs || sample.at > visibleUntil || (names && !names.has(sample.tunnelName))) continue
      add(sample.tunnelName, sample.colo, sample.state, 1)
    }
    if (this.model) {
      const total = this.sampleBudget === Infinity ? 0 : this.model.sampleCount(fromMs, toMs, names ?? undefined)
      const stride = total > this.sampleBudget ? Math.ceil(total / this.sampleBudget) : 1
      for (const group of this.model.groups(fromMs, toMs, visibleUntil, names ?? undefined, stride))
        add(group.name, group.colo, group.sum, group.count)
    }
    // At most `limit` rows, cut without a word: nothing in the answer says more were left out.
    const rows = [...groups.values()].slice(0, limit).map((group) => ({
      avg: { tunnelState: group.sum / group.count },
      dimensions: { tunnelName: group.tunnelName, edgeColoName: group.colo },
    }))
    return { status: 200, body: { data: { viewer: { accounts: [{ [DATASET]: rows }] } }, errors: null } }
  }

  private nameFilter(query: string, variables: Record<string, unknown> | undefined): Set<string> | null | 'invalid' {
    if (!/tunnelName_in: \$tunnelNames/.test(query)) return null
    const names = variables?.tunnelNames
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) return 'invalid'
    return new Set(names)
  }

  private overBudget(): boolean {
    const now = Date.now()
    if (now >= this.window.startedAt + this.budget.windowMs) this.window = { startedAt: now, count: 0 }
    this.window.count++
    return this.window.count > this.budget.queries
  }

  private refuse(body: unknown, status: 429 | 503, message: string, code: string): GraphqlReply {
    if (status === 429) this.stats.responses429++
    else this.stats.responses503++
    const resetS = Math.max(1, Math.ceil((this.window.startedAt + this.budget.windowMs - Date.now()) / 1000))
    const reply = { ...graphqlError(message, code), status, ...(status === 429 ? { headers: { 'Retry-After': String(resetS) } } : {}) }
    this.record(body, reply)
    return reply
  }

  private record(body: unknown, reply: GraphqlReply): void {
    const variables = ((body ?? {}) as { variables?: Record<string, unknown> }).variables ?? {}
    const data = (reply.body as { data?: { viewer?: { accounts?: Record<string, unknown[]>[] } } | null }).data
    this.queries.push({
      from: String(variables.datetimeStart),
      to: String(variables.datetimeEnd),
      names: Array.isArray(variables.tunnelNames) ? (variables.tunnelNames as string[]) : null,
      rows: data?.viewer?.accounts?.[0]?.[DATASET]?.length ?? 0,
      status: reply.status,
    })
  }

  private requireModel(): TunnelHealthModel {
    if (!this.model) throw new Error('FakeTunnelHealth: start the fake with `health` options to model tunnel health')
    return this.model
  }
}

function graphqlError(message: string, code: string): GraphqlReply {
  return { status: 200, body: { data: null, errors: [{ message, path: null, extensions: { code } }] } }
}
