import type { Credentials } from '../cloudflare.js'
import { authHeaders } from '../cloudflare.js'
import type { HttpClient } from '../http.js'
import { outside } from '../log-text.js'

/** One data centre's view of one tunnel over the queried window: `state` 1 healthy, 0.5 degraded, 0 down. */
export interface HealthRow {
  tunnelName: string
  coloName: string
  state: number
}

/** The GraphQL Analytics API refused the query: most often a token without Account Analytics: Read. */
export class HealthQueryError extends Error {
  constructor(detail: string) {
    super(
      `Cloudflare's GraphQL Analytics API refused the tunnel health query (${detail}). mode: verify needs the account permission 'Account Analytics: Read' on api-token, besides what rotation needs.`,
    )
    this.name = 'HealthQueryError'
  }
}

// The query of Cloudflare's documentation page on tunnel health checks, with documented fields only.
const QUERY = `query GetTunnelHealthCheckResults($accountTag: string, $datetimeStart: string, $datetimeEnd: string) {
  viewer {
    accounts(filter: { accountTag: $accountTag }) {
      magicTransitTunnelHealthChecksAdaptiveGroups(
        limit: 1000
        filter: { datetime_geq: $datetimeStart, datetime_lt: $datetimeEnd }
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
}

/** Every data centre's average tunnel state over [from, to), per tunnel name. */
export async function queryTunnelHealth(source: HealthSource, from: Date, to: Date): Promise<HealthRow[]> {
  const operation = 'read tunnel health checks'
  const response = await source.http.send({
    method: 'POST',
    url: `${source.baseUrl}/graphql`,
    headers: { ...authHeaders(source.credentials), accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({
      query: QUERY,
      variables: { accountTag: source.accountId, datetimeStart: from.toISOString(), datetimeEnd: to.toISOString() },
    }),
    label: operation,
  })
  const body = response.json as { data?: unknown; errors?: unknown } | null
  const errors = Array.isArray(body?.errors) ? (body.errors as unknown[]) : []
  if (response.status === 401 || response.status === 403) throw new HealthQueryError(`HTTP ${response.status}`)
  if (errors.length > 0) throw new HealthQueryError(describeGraphqlErrors(errors))
  if (response.status < 200 || response.status >= 300) throw new HealthQueryError(`HTTP ${response.status}`)
  const accounts = (body?.data as { viewer?: { accounts?: unknown } } | null | undefined)?.viewer?.accounts
  if (!Array.isArray(accounts)) throw new HealthQueryError('the answer had no viewer.accounts')
  return accounts.flatMap((account: unknown) => {
    const groups = (account as { magicTransitTunnelHealthChecksAdaptiveGroups?: unknown } | null)
      ?.magicTransitTunnelHealthChecksAdaptiveGroups
    return Array.isArray(groups) ? groups.flatMap(toRow) : []
  })
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

function describeGraphqlErrors(errors: unknown[]): string {
  const messages = errors.map((error) => {
    const { message, extensions } = (error ?? {}) as { message?: unknown; extensions?: { code?: unknown } }
    const code = typeof extensions?.code === 'string' ? ` [${outside(extensions.code, 40)}]` : ''
    return `${typeof message === 'string' ? outside(message, 200) : 'no message'}${code}`
  })
  return messages.slice(0, 3).join('; ')
}
