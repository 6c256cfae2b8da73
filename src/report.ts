import type { OutputSink, SummarySink } from './toolkit.js'
import type { Tunnel } from './cloudflare.js'
import { ENV_VALUE_LIMIT_BYTES, HandoverFiles, writeRouterFiles } from './handover.js'
import type { Config } from './inputs.js'
import type { Stagger } from './rollout.js'
import type { LivePsks } from './live-psks.js'
import { formatAge, formatDuration, formatWait } from './durations.js'
import { bounded, outside } from './log-text.js'
import { canonicalEndpoint } from './routers.js'
import { redact } from './redaction.js'
import { resultFor, type TunnelResult, type TunnelStatus } from './rotation.js'

export type StatusCounts = Record<TunnelStatus, number>

const STATUSES: TunnelStatus[] = [
  'rotated',
  'validated',
  'skipped',
  'deferred',
  'failed',
  'healthy',
  'up',
  'degraded',
  'down',
  'no-data',
  'unverifiable',
]

export function countStatuses(results: TunnelResult[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as StatusCounts
  for (const result of results) counts[result.status]++
  return counts
}

/** Which count outputs a run writes: those of rotation, or those of `mode: verify`. */
export type OutputKind = 'rotation' | 'verify'

const COUNT_OUTPUTS: Record<OutputKind, [TunnelStatus, string][]> = {
  rotation: [
    ['rotated', 'rotated-count'],
    ['validated', 'validated-count'],
    ['skipped', 'skipped-count'],
    ['deferred', 'deferred-count'],
    ['failed', 'failed-count'],
  ],
  verify: [
    ['healthy', 'healthy-count'],
    ['up', 'up-count'],
    ['degraded', 'degraded-count'],
    ['down', 'down-count'],
    ['no-data', 'no-data-count'],
  ],
}

/**
 * The step's outputs, and the same as files for steps that cannot take them through `env`.
 * `results` never holds a PSK; `psks` holds every PSK that is or may be live (all masked already).
 * The outputs are set before any file is written: a file that cannot be written loses nothing.
 */
export function writeOutputs(
  sink: OutputSink,
  results: TunnelResult[],
  livePsks: LivePsks,
  kind: OutputKind = 'rotation',
  files: HandoverFiles = new HandoverFiles(),
): void {
  const counts = countStatuses(results)
  const publicResults = results.map(toPublicResult)
  const resultsJson = JSON.stringify(publicResults)
  const psksJson = livePsks.toJSON()
  sink.setOutput('results', resultsJson)
  sink.setOutput('psks', psksJson)
  for (const [status, output] of COUNT_OUTPUTS[kind]) sink.setOutput(output, String(counts[status]))
  sink.setOutput('psks-file', files.write('psks.json', psksJson))
  sink.setOutput('results-file', files.write('results.json', resultsJson))
  const routers = writeRouterFiles(files, publicResults, livePsks.toRecord(), handoverRouterOf)
  sink.setOutput('routers-file', files.write('routers.json', JSON.stringify(routers)))
}

/** What a run that stops early (a cancel, a bug) still hands over: every PSK that is or may be live. */
export function handOverPsks(sink: OutputSink, livePsks: LivePsks, files: HandoverFiles = new HandoverFiles()): void {
  sink.setOutput('psks', livePsks.toJSON())
  sink.setOutput('psks-file', files.write('psks.json', livePsks.toJSON()))
}

/**
 * Outputs this plan could make too large to pass through `env:` to a later step (Linux's limit on
 * one environment variable), said before anything rotates; null when they fit.
 */
export function outputsTooLargeForEnv(selected: readonly Tunnel[], due: readonly Tunnel[], pskLength: number): string | null {
  // Each result as it would be written, with room for an error message of typical length.
  const resultsBytes = selected.reduce(
    (bytes, tunnel) => bytes + Buffer.byteLength(JSON.stringify(toPublicResult(resultFor(tunnel, 'rotated')))) + 60,
    2,
  )
  const psksBytes = due.length * (32 + pskLength + 6) + 2
  const tooLarge = [
    resultsBytes > ENV_VALUE_LIMIT_BYTES ? `results output (about ${Math.ceil(resultsBytes / 1024)} KiB)` : null,
    psksBytes > ENV_VALUE_LIMIT_BYTES ? `psks output (about ${Math.ceil(psksBytes / 1024)} KiB)` : null,
  ].filter(Boolean)
  if (tooLarge.length === 0) return null
  return `The ${tooLarge.join(' and the ')} ${tooLarge.length === 1 ? 'is' : 'are'} larger than the ${ENV_VALUE_LIMIT_BYTES / 1024} KiB Linux allows one environment variable: a later step given ${tooLarge.length === 1 ? 'it' : 'them'} through env: cannot start. Pass the results-file, psks-file or routers-file output instead.`
}

/**
 * The router a result's tunnel ends on, as the per-router hand-over names it: the rollout's router
 * key; without one (`mode: verify`), the router the endpoint alone gives.
 */
function handoverRouterOf(result: { id: string; customer_endpoint: string | null; router: string | null }): string {
  return result.router ?? canonicalEndpoint(result.customer_endpoint) ?? `tunnel-${result.id}`
}

/** A result as the `results` output shows it: snake_case, every outside text bounded and credential-free. */
export function toPublicResult(result: TunnelResult) {
  return {
    id: result.id,
    name: result.name,
    status: result.status,
    last_generated_on: result.lastGeneratedOn,
    ipsec_id: result.ipsecId,
    customer_endpoint: result.router.customerEndpoint,
    cloudflare_endpoint: result.router.cloudflareEndpoint,
    interface_address: result.router.interfaceAddress,
    fqdn_id: result.router.fqdnId,
    router: result.routerKey,
    secret_name: result.secretName,
    error: result.error === null ? null : bounded(redact(result.error)),
    reason: result.reason === null ? null : bounded(redact(result.reason)),
    wave: result.wave,
    verdict: result.verdict,
  }
}

const STATUS_LABELS: Record<TunnelStatus, string> = {
  rotated: '✅ rotated',
  validated: '☑️ validated',
  skipped: '⏭️ skipped',
  deferred: '⏸️ deferred',
  healthy: '✅ healthy',
  up: '🟢 up',
  degraded: '⚠️ degraded',
  down: '❌ down',
  'no-data': '❔ no data',
  unverifiable: '➖ unverifiable',
  failed: '❌ failed',
}

/** The settings the summary's first line names. */
export interface SummarySettings {
  mode: Config['mode']
  validateOnly: boolean
  maxAgeMs: number | null
  maxTunnels: number | null
  stagger: Stagger
  verifyTimeoutMs: number
}

export function summarySettings(config: Config): SummarySettings {
  if (config.mode === 'verify') {
    return {
      mode: config.mode,
      validateOnly: false,
      maxAgeMs: null,
      maxTunnels: null,
      stagger: 'none',
      verifyTimeoutMs: config.verifyTimeoutMs,
    }
  }
  const { mode, validateOnly, maxAgeMs, maxTunnels, stagger } = config
  return { mode, validateOnly, maxAgeMs, maxTunnels, stagger, verifyTimeoutMs: config.rolling?.verifyTimeoutMs ?? 0 }
}

export async function writeSummary(
  summary: SummarySink,
  config: SummarySettings,
  results: TunnelResult[],
  now: number = Date.now(),
  /** The rollout plan's warnings (tunnels rotating with no partner on their router). */
  warnings: readonly string[] = [],
  /** What goes between the warnings and the tunnel table (a rolling rotation's table by router). */
  before: (summary: SummarySink) => void = () => {},
): Promise<void> {
  const counts = countStatuses(results)
  const showSecrets = results.some((result) => result.secretName !== null)
  const header = ['Tunnel', 'ID', 'Status', 'PSK age before', 'PSK age after', ...(showSecrets ? ['Secret'] : []), 'Details']
  const row = (result: TunnelResult) => [
    escapeHtml(outside(result.name, 100)),
    `<code>${result.id}</code>`,
    STATUS_LABELS[result.status],
    formatAge(result.previousGeneratedOn, now),
    formatAge(result.lastGeneratedOn, now),
    ...(showSecrets ? [result.secretName ? `<code>${escapeHtml(result.secretName)}</code>` : ' '] : []),
    // An empty cell would come out as an unclosed <td> from core.summary.
    escapeHtml(outside(result.error ?? result.reason ?? '', MAX_ERROR_CELL)) || ' ',
  ]
  const { listed, unlisted } = withinBudget(results, row)
  const tally = (Object.keys(counts) as TunnelStatus[])
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status}`)
    .join(', ')
  const verify = config.mode === 'verify'
  const settings = [
    `mode <code>${config.mode}</code>`,
    config.validateOnly ? 'validate-only: nothing was changed' : null,
    config.maxAgeMs === null ? null : `max-age ${formatDuration(config.maxAgeMs)}`,
    config.maxTunnels === null ? null : `max-tunnels ${config.maxTunnels}`,
    verify ? `verify-timeout ${formatWait(config.verifyTimeoutMs)}` : `stagger <code>${config.stagger}</code>`,
  ].filter(Boolean)
  summary
    .addHeading(verify ? 'IPsec tunnel health after rotation' : 'IPsec tunnel PSK rotation', 2)
    .addRaw(`<p>${results.length} tunnel${results.length === 1 ? '' : 's'} selected: ${tally || 'none'}. ${settings.join(' · ')}</p>`, true)
  for (const warning of warnings) summary.addRaw(`<p>⚠️ ${escapeHtml(warning)}</p>`, true)
  before(summary)
  summary.addTable([header.map((data) => ({ data, header: true })), ...listed])
  if (counts.deferred > 0) summary.addRaw(`<p>${escapeHtml(describeDeferred(results))}</p>`, true)
  if (unlisted) summary.addRaw(`<p>${unlisted} Every tunnel is in the step's <code>results</code> output.</p>`, true)
  await summary.write()
}

/** "3 deferred (2 wait for the other tunnel of their router, 1 past max-tunnels): ..." for the log and the summary. */
export function describeDeferred(results: TunnelResult[]): string {
  const deferred = results.filter((result) => result.status === 'deferred')
  const byRouter = deferred.filter((result) => result.reason?.includes('of the same router')).length
  const byCap = deferred.filter((result) => result.reason?.startsWith('max-tunnels')).length
  const byStop = deferred.length - byRouter - byCap
  const parts = [
    byRouter > 0 ? `${byRouter} wait${byRouter === 1 ? 's' : ''} for the other tunnel of ${byRouter === 1 ? 'its' : 'their'} router` : null,
    byCap > 0 ? `${byCap} past max-tunnels` : null,
    byStop > 0 ? `${byStop} on a router that stopped, or not reached before the run ended` : null,
  ].filter(Boolean)
  return `${deferred.length} deferred (${parts.join(', ')}): they keep their PSK until a later run, oldest PSK first.`
}

/** The runner refuses a step summary over 128 KiB; the table stays well inside it at any fleet size. */
const SUMMARY_TABLE_BUDGET_BYTES = 96 * 1024
const MAX_ERROR_CELL = 600
/** The order in which tunnels claim room in the table: what needs attention first. */
const LISTING_PRIORITY: TunnelStatus[] = [
  'failed',
  'down',
  'no-data',
  'degraded',
  'rotated',
  'validated',
  'deferred',
  'skipped',
  'unverifiable',
  'up',
  'healthy',
]

/**
 * The rows that fit the budget, tunnels that need attention first, kept in their original order;
 * the tunnels left out are counted by status.
 */
function withinBudget(results: TunnelResult[], row: (result: TunnelResult) => string[]): { listed: string[][]; unlisted: string } {
  const rows = results.map((result) => {
    const cells = row(result)
    return { result, cells, bytes: Buffer.byteLength(cells.join('')) + cells.length * 10 + 10, kept: false }
  })
  let used = 0
  for (const status of LISTING_PRIORITY) {
    for (const candidate of rows) {
      if (candidate.result.status !== status || used + candidate.bytes > SUMMARY_TABLE_BUDGET_BYTES) continue
      used += candidate.bytes
      candidate.kept = true
    }
  }
  const left = countStatuses(rows.filter(({ kept }) => !kept).map(({ result }) => result))
  const unlisted = LISTING_PRIORITY.filter((status) => left[status] > 0)
    .map((status) => `${left[status]} ${status}`)
    .join(', ')
  return {
    listed: rows.filter(({ kept }) => kept).map(({ cells }) => cells),
    unlisted: unlisted ? `Not listed, to keep this summary within GitHub's size limit: ${unlisted}.` : '',
  }
}

/** Text for a cell or paragraph of the summary's HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;')
}
