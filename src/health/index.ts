import type { ActionsCore } from '../action.js'
import type { CloudflareClient } from '../cloudflare.js'
import type { HttpClient } from '../http.js'
import type { Config } from '../inputs.js'
import { LivePsks } from '../live-psks.js'
import { outside } from '../log-text.js'
import { countStatuses, writeOutputs, writeSummary } from '../report.js'
import { describeError, resultFor, type TunnelResult } from '../rotation.js'
import { selectTunnels } from '../selection.js'
import { queryTunnelHealth } from './graphql.js'
import { verifyTunnels } from './verify.js'

export interface VerifyDeps {
  cloudflare: CloudflareClient
  http: HttpClient
  core: ActionsCore
  /** When the step started: only health checks newer than this count. */
  startedAt: number
}

/**
 * `mode: verify`: rotates nothing; reads Cloudflare's health checks of the selected tunnels and
 * fails the step when any is down or has no fresh result, naming each.
 */
export async function verifyRun(config: Config, { cloudflare, http, core, startedAt }: VerifyDeps): Promise<void> {
  const tunnels = await cloudflare.listTunnels()
  const selected = selectTunnels(tunnels, config.selector)
  const unprobed = selected.filter((tunnel) => !tunnel.healthCheckEnabled)
  core.info(
    `Verifying ${selected.length} of the account's ${tunnels.length} IPsec tunnels with Cloudflare's health checks newer than ${new Date(startedAt).toISOString()}` +
      `${unprobed.length > 0 ? `; ${unprobed.length} ha${unprobed.length === 1 ? 's' : 've'} health checks off` : ''}.`,
  )
  const source = { http, baseUrl: config.apiBaseUrl, accountId: config.accountId, credentials: config.credentials }
  const verdicts = await verifyTunnels(selected, {
    query: (from, to) => queryTunnelHealth(source, from, to),
    startedAt,
    timeoutMs: config.verifyTimeoutMs,
    logger: core,
  })
  const results: TunnelResult[] = verdicts.map(({ tunnel, status, reason }) => resultFor(tunnel, status, { reason }))
  writeOutputs(core, results, new LivePsks(), 'verify')
  try {
    await writeSummary(core.summary, config, results)
  } catch (error) {
    core.warning(`Could not write the job summary: ${describeError(error)}`)
  }

  const counts = countStatuses(results)
  core.info(
    `Done: ${counts.healthy} healthy, ${counts.degraded} degraded, ${counts.down} down, ${counts['no-data']} without fresh data, ${counts.unverifiable} unverifiable.`,
  )
  for (const result of results) {
    const line = `Tunnel ${outside(result.name, 100)} (${result.id}) is ${result.status}: ${result.reason}`
    if (result.status === 'down' || result.status === 'no-data') core.error(line)
    else if (result.status === 'degraded' || result.status === 'unverifiable') core.warning(line)
  }
  const failing = results.filter((result) => result.status === 'down' || result.status === 'no-data')
  if (failing.length > 0) {
    core.setFailed(
      `${failing.length} of ${results.length} tunnel${results.length === 1 ? '' : 's'} not confirmed up: ${failing
        .map((result) => `${outside(result.name, 100)} (${result.status})`)
        .join(', ')}. Check that each router has its new PSK and has authenticated again.`,
    )
  }
}
