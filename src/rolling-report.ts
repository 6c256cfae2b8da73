import type { Tunnel } from './cloudflare.js'
import { bounded, outside } from './log-text.js'
import { escapeHtml, writeSummary, type SummarySettings } from './report.js'
import type { RouterCommandOutcome } from './router-command.js'
import type { TunnelResult } from './rotation.js'
import type { SummarySink } from './toolkit.js'

export type RouterOutcome = 'done' | 'stopped' | 'left'

/** A tunnel that rotated and that Cloudflare reads `up` or `healthy`: its router may go on. */
const carried = (result: TunnelResult) => result.status === 'rotated' && (result.verdict === 'up' || result.verdict === 'healthy')

/** Why a tunnel's router stops after its wave, naming the tunnel; null when it may go on. */
export function routerStops(result: TunnelResult): string | null {
  if (carried(result)) return null
  const what =
    result.status === 'failed'
      ? (result.error ?? 'it failed')
      : result.verdict
        ? `Cloudflare reads it ${result.verdict}`
        : 'nothing confirmed it carries traffic'
  return `tunnel ${outside(result.name, 100)} (${result.id}) did not come back: ${bounded(what, 300)}`
}

/** The router command's end in one line. */
export function describeRouterRun(outcome: RouterCommandOutcome): string {
  const took = `after ${Math.round(outcome.durationMs / 100) / 10} s`
  const ended =
    outcome.stoppedBy === 'router-timeout'
      ? `router-command was stopped at router-timeout (${took})`
      : outcome.stoppedBy === 'cancel'
        ? `router-command was stopped by the cancel (${took})`
        : outcome.signal
          ? `router-command was ended by ${outcome.signal} ${took}`
          : `router-command exited with status ${outcome.exitCode} ${took}`
  const report =
    outcome.reportProblem ??
    (outcome.reported === null
      ? 'no ROUTER_REPORT'
      : `ROUTER_REPORT names ${outcome.reported.length} tunnel${outcome.reported.length === 1 ? '' : 's'} or router${outcome.reported.length === 1 ? '' : 's'} that did not take the new PSK`)
  return `${ended}; ${report}.`
}

/** After a wave, one log line each: the tally, then per router what rotated and whether it goes on. */
export function describeWaveEnd(
  wave: number,
  going: readonly Tunnel[],
  results: ReadonlyMap<string, TunnelResult>,
  stopped: ReadonlyMap<string, string>,
  routerOf: (tunnel: Tunnel) => string,
): string[] {
  const lines = going.map((tunnel) => {
    const router = routerOf(tunnel)
    const result = results.get(tunnel.id)
    const state = `${result?.status ?? 'not reached'}${result?.verdict ? `, ${result.verdict}` : ''}`
    const next = stopped.has(router) ? 'stops here' : 'goes on'
    return `  router ${outside(router, 64)}: ${outside(tunnel.name, 100)} ${state}; ${next}`
  })
  const stops = going.filter((tunnel) => stopped.has(routerOf(tunnel))).length
  return [
    `Wave ${wave}: ${going.length - stops} of ${going.length} router${going.length === 1 ? '' : 's'} go on.`,
    ...lines.slice(0, 200),
    ...(lines.length > 200 ? [`  and ${lines.length - 200} more routers`] : []),
  ]
}

/** Each router with a due tunnel: done (every due tunnel rotated and carried), stopped (one did not), or left for a later run. */
export function routerOutcomes(results: readonly TunnelResult[]): Map<string, { outcome: RouterOutcome; tunnels: TunnelResult[] }> {
  const routers = new Map<string, { outcome: RouterOutcome; tunnels: TunnelResult[] }>()
  for (const result of results) {
    if (result.status === 'skipped') continue
    const key = result.routerKey ?? `tunnel-${result.id}`
    const router = routers.get(key) ?? { outcome: 'done' as RouterOutcome, tunnels: [] }
    router.tunnels.push(result)
    routers.set(key, router)
  }
  for (const router of routers.values()) {
    router.outcome = router.tunnels.some((result) => result.status === 'failed')
      ? 'stopped'
      : router.tunnels.every(carried)
        ? 'done'
        : 'left'
  }
  return routers
}

/** `routers-done-count`, `routers-stopped-count`, `routers-left-count`. */
export function rollingOutputs(results: readonly TunnelResult[]): Record<string, string> {
  const counts: Record<RouterOutcome, number> = { done: 0, stopped: 0, left: 0 }
  for (const { outcome } of routerOutcomes(results).values()) counts[outcome]++
  return {
    'routers-done-count': String(counts.done),
    'routers-stopped-count': String(counts.stopped),
    'routers-left-count': String(counts.left),
  }
}

const ROUTER_ROWS = 300
const OUTCOME_LABELS: Record<RouterOutcome, string> = { done: '✅ done', stopped: '❌ stopped', left: '⏸️ left for a later run' }

/** The rotation's summary with a table by router first: stopped routers, then those left, then those done. */
export async function rollingSummary(
  summary: SummarySink,
  config: SummarySettings,
  results: TunnelResult[],
  warnings: readonly string[],
  reachedWave: number,
  waves: number,
): Promise<void> {
  const routers = [...routerOutcomes(results)]
  const order: RouterOutcome[] = ['stopped', 'left', 'done']
  routers.sort(([, a], [, b]) => order.indexOf(a.outcome) - order.indexOf(b.outcome))
  const shown = routers.slice(0, ROUTER_ROWS)
  const cell = (result: TunnelResult) =>
    `${escapeHtml(outside(result.name, 100))}: ${result.wave === null ? '' : `wave ${result.wave}, `}${result.status}${result.verdict ? `, ${result.verdict}` : ''}`
  const rows = shown.map(([key, router]) => [
    `<code>${escapeHtml(outside(key, 64))}</code>`,
    OUTCOME_LABELS[router.outcome],
    router.tunnels.map(cell).join('<br>'),
    escapeHtml(outside(router.tunnels.map(routerStops).find((why) => why !== null && router.outcome === 'stopped') ?? '', 400)) || ' ',
  ])
  const before = (sink: SummarySink) => {
    sink.addRaw(`<p>Rolling rotation: ${reachedWave} of ${waves} wave${waves === 1 ? '' : 's'} run.</p>`, true)
    sink.addTable([['Router', 'Outcome', 'Tunnels', 'Needs attention'].map((data) => ({ data, header: true })), ...rows])
    if (routers.length > shown.length) sink.addRaw(`<p>${routers.length - shown.length} more routers are not listed.</p>`, true)
  }
  await writeSummary(summary, config, results, Date.now(), warnings, before)
}
