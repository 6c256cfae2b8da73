import type { CloudflareClient, Tunnel } from '../cloudflare.js'
import type { ClosingLine, ModeReport } from '../finish.js'
import type { HttpClient } from '../http.js'
import type { VerifyConfig } from '../inputs.js'
import { LivePsks } from '../live-psks.js'
import { outside } from '../log-text.js'
import { countStatuses, summarySettings, writeSummary } from '../report.js'
import { describeError } from '../errors.js'
import { resultFor, type TunnelResult } from '../rotation.js'
import { selectTunnels } from '../selection.js'
import type { ActionsCore } from '../toolkit.js'
import { GRAPHQL_BUDGET } from '../health/budget.js'
import { PAGE_LIMIT, queryTunnelHealth } from '../health/graphql.js'
import { withBgp } from '../health/judge.js'
import { verifyTunnels, type HealthVerdict } from '../health/verify.js'

export interface VerifyContext {
  cloudflare: CloudflareClient
  http: HttpClient
  core: ActionsCore
  /** When the step started: only health checks newer than this count. */
  startedAt: number
}

/**
 * `mode: verify`: rotates nothing; reads Cloudflare's health checks of the selected tunnels, judged
 * by Cloudflare's own rules, and fails the step when any is down or has no fresh result, naming each.
 */
export async function verifyMode(config: VerifyConfig, { cloudflare, http, core, startedAt }: VerifyContext): Promise<ModeReport> {
  const deadline = startedAt + config.verifyTimeoutMs
  const tunnels = await cloudflare.listTunnels()
  const selected = selectTunnels(tunnels, config.selector)
  const unprobed = selected.filter((tunnel) => !tunnel.healthCheckEnabled)
  core.info(
    `Verifying ${selected.length} of the account's ${tunnels.length} IPsec tunnels with Cloudflare's health checks newer than ${new Date(startedAt + config.verifySettleMs).toISOString()} (the step's start plus verify-settle), until ${new Date(deadline).toISOString()}` +
      `${unprobed.length > 0 ? `; ${unprobed.length} ha${unprobed.length === 1 ? 's' : 've'} health checks off` : ''}.`,
  )
  const source = { http, baseUrl: config.apiBaseUrl, accountId: config.accountId, credentials: config.credentials, deadline }
  const verdicts = await verifyTunnels(selected, {
    query: (names, from, to) => queryTunnelHealth(source, names, from, to),
    limit: PAGE_LIMIT,
    startedAt,
    settleMs: config.verifySettleMs,
    timeoutMs: config.verifyTimeoutMs,
    budget: GRAPHQL_BUDGET,
    logger: core,
  })
  const withSessions = await addBgp(verdicts, cloudflare, core)
  const results: TunnelResult[] = withSessions.map(({ tunnel, status, reason }) => resultFor(tunnel, status, { reason, verdict: status }))
  const counts = countStatuses(results)
  const closing: ClosingLine[] = [
    {
      level: 'info',
      text: `Done: ${counts.healthy} healthy, ${counts.up} up, ${counts.degraded} degraded, ${counts.down} down, ${counts['no-data']} without fresh data, ${counts.unverifiable} unverifiable.`,
    },
  ]
  for (const result of results) {
    const text = `Tunnel ${outside(result.name, 100)} (${result.id}) is ${result.status}: ${result.reason}`
    if (result.status === 'down' || result.status === 'no-data') closing.push({ level: 'error', text })
    else if (result.status === 'degraded' || result.status === 'unverifiable') closing.push({ level: 'warning', text })
  }
  const failing = results.filter((result) => result.status === 'down' || result.status === 'no-data')
  return {
    kind: 'verify',
    results,
    livePsks: new LivePsks(),
    writeSummary: (summary) => writeSummary(summary, summarySettings(config), results),
    closing,
    failure:
      failing.length === 0
        ? null
        : `${failing.length} of ${results.length} tunnel${results.length === 1 ? '' : 's'} not confirmed up: ${failing
            .map((result) => `${outside(result.name, 100)} (${result.status})`)
            .join(', ')}. Check that each router has its new PSK and has authenticated again.`,
  }
}

/**
 * BGP as a second signal for tunnels that have it, read once more now that the checks are in: the
 * session's state at the start of the step says nothing about the new SAs.
 */
async function addBgp(verdicts: HealthVerdict[], cloudflare: CloudflareClient, core: ActionsCore): Promise<HealthVerdict[]> {
  if (!verdicts.some(({ tunnel }) => tunnel.bgpStatus)) return verdicts
  let fresh: Map<string, Tunnel>
  try {
    fresh = new Map((await cloudflare.listTunnels()).map((tunnel) => [tunnel.id, tunnel]))
  } catch (error) {
    core.warning(`Could not read the tunnels' BGP status again, so verdicts use health checks only: ${describeError(error)}`)
    return verdicts
  }
  return verdicts.map((verdict) => {
    const bgp = fresh.get(verdict.tunnel.id)?.bgpStatus
    if (!bgp) return verdict
    const { status, reason } = withBgp({ status: verdict.status, reason: verdict.reason, settled: true }, bgp)
    return { ...verdict, status, reason }
  })
}
