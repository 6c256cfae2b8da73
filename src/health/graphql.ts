import { ActionError } from '../errors.js'
import type { Credentials } from '../cloudflare.js'
import { authHeaders } from '../cloudflare.js'
import type { HttpClient } from '../http.js'
import { outside } from '../log-text.js'

/** One data centre's view of one tunnel over the queried window: `state` 1 healthy, 0.5 degraded, 0 down (averaged). */
export interface HealthRow {
  tunnelName: string
  coloName: string
  state: number
}

/** One answer; `mayBeCut` when it holds `limit` rows, since nothing else marks an answer as cut. */
export interface HealthPage {
  rows: HealthRow[]
  mayBeCut: boolean
}

/** Rows per answer asked for: the largest of the documented examples. */
export const PAGE_LIMIT = 1000

const PERMISSION =
  "reading tunnel health (mode: verify, and each wave of router-command) needs the account permission 'Account Analytics: Read' on api-token, besides what rotation needs"

/** The token may not read analytics: says which permission is missing. */
export class HealthPermissionError extends ActionError {
  constructor(detail: string) {
    super(`Cloudflare's GraphQL Analytics API refused the tunnel health query (${detail}): ${PERMISSION}.`)
    this.name = 'HealthPermissionError'
  }
}

/** Any other error the API answered with, quoted as itself: waiting does not help. */
export class HealthQueryError extends ActionError {
  constructor(detail: string) {
    super(`Cloudflare's GraphQL Analytics API answered the tunnel health query with ${detail}.`)
    this.name = 'HealthQueryError'
  }
}

/** 429 (the budget is spent) or 5xx (503: too many queries at once) after the HTTP client's own retries: try again later. */
export class HealthBusyError extends ActionError {
  constructor(readonly status: number) {
    super(
      `Cloudflare's GraphQL Analytics API answered HTTP ${status}${
        status === 429
          ? ' (its budget of about 300 queries per 5 minutes per user is spent)'
          : status === 503
            ? ' (too many queries at once)'
            : ''
      }`,
    )
    this.name = 'HealthBusyError'
  }
}

// The query of Cloudflare's documentation page on tunnel health checks, filtered to some tunnels.
const QUERY = `query GetTunnelHealthCheckResults($accountTag: string, $datetimeStart: string, $datetimeEnd: string, $tunnelNames: [string!]) {
  viewer {
    accounts(filter: { accountTag: $accountTag }) {
      magicTransitTunnelHealthChecksAdaptiveGroups(
        limit: ${PAGE_LIMIT}
        filter: { datetime_geq: $datetimeStart, datetime_lt: $datetimeEnd, tunnelName_in: $tunnelNames }
      ) {
        avg { tunnelState }
        dimensions { tunnelName edgeColoName }
      }
    }
  }
}`

export interface HealthSource {
  http: HttpClient
  baseUrl: string
  accountId: string
  credentials: Credentials
  /** Epoch ms by which every query and retry must be over. */
  deadline: number
}

/** Every data centre's average state of the named tunnels over [from, to): one answer, perhaps cut. */
export async function queryTunnelHealth(source: HealthSource, names: readonly string[], from: Date, to: Date): Promise<HealthPage> {
  const response = await source.http.send({
    method: 'POST',
    url: `${source.baseUrl}/graphql`,
    headers: { ...authHeaders(source.credentials), accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({
      query: QUERY,
      variables: {
        accountTag: source.accountId,
        datetimeStart: from.toISOString(),
        datetimeEnd: to.toISOString(),
        tunnelNames: names,
      },
    }),
    label: 'read tunnel health checks',
    deadline: source.deadline,
  })
  const body = response.json as { data?: unknown; errors?: unknown } | null
  const errors = Array.isArray(body?.errors) ? (body.errors as unknown[]) : []
  if (response.status === 401 || response.status === 403) {
    throw new HealthPermissionError(`HTTP ${response.status}${errors.length > 0 ? `: ${quoteErrors(errors)}` : ''}`)
  }
  if (response.status === 429 || response.status >= 500) throw new HealthBusyError(response.status)
  if (errors.length > 0) {
    if (errors.some(isPermissionError)) throw new HealthPermissionError(quoteErrors(errors))
    throw new HealthQueryError(`${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ${quoteErrors(errors)}`)
  }
  if (response.status < 200 || response.status >= 300) throw new HealthQueryError(`HTTP ${response.status} and no error message`)
  const accounts = (body?.data as { viewer?: { accounts?: unknown } } | null | undefined)?.viewer?.accounts
  if (!Array.isArray(accounts)) throw new HealthQueryError('an answer without viewer.accounts')
  const groups = accounts.flatMap((account: unknown) => {
    const list = (account as { magicTransitTunnelHealthChecksAdaptiveGroups?: unknown } | null)
      ?.magicTransitTunnelHealthChecksAdaptiveGroups
    return Array.isArray(list) ? (list as unknown[]) : []
  })
  return { rows: groups.flatMap(toRow), mayBeCut: groups.length >= PAGE_LIMIT }
}

function toRow(group: unknown): HealthRow[] {
  const { avg, dimensions } = (group ?? {}) as {
    avg?: { tunnelState?: unknown }
    dimensions?: { tunnelName?: unknown; edgeColoName?: unknown }
  }
  const state = avg?.tunnelState
  if (typeof state !== 'number' || !Number.isFinite(state) || typeof dimensions?.tunnelName !== 'string') return []
  return [
    {
      tunnelName: dimensions.tunnelName,
      coloName: typeof dimensions.edgeColoName === 'string' ? dimensions.edgeColoName : 'unknown',
      state,
    },
  ]
}

const PERMISSION_CODES = new Set(['authz', 'unauthorized', 'forbidden', 'unauthenticated'])

function isPermissionError(error: unknown): boolean {
  const { message, extensions } = (error ?? {}) as { message?: unknown; extensions?: { code?: unknown } }
  if (typeof extensions?.code === 'string' && PERMISSION_CODES.has(extensions.code.toLowerCase())) return true
  return typeof message === 'string' && /not authori[sz]ed|permission|access denied|authentication error/i.test(message)
}

const QUOTED_ERRORS = 3

/** The first few errors, each neutralised and quoted with its code; the rest counted. */
function quoteErrors(errors: unknown[]): string {
  const quoted = errors.slice(0, QUOTED_ERRORS).map((error) => {
    const { message, extensions } = (error ?? {}) as { message?: unknown; extensions?: { code?: unknown } }
    const code = typeof extensions?.code === 'string' ? ` [${outside(extensions.code, 40)}]` : ''
    return `${typeof message === 'string' ? `"${outside(message, 200)}"` : 'no message'}${code}`
  })
  const more = errors.length - quoted.length
  return `${quoted.join('; ')}${more > 0 ? `; and ${more} more` : ''}`
}
