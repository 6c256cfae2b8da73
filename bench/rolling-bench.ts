// The bench's rolling rows (one a mode): one run with `router-command` rotates 1,000 tunnels on 500
// routers (two tunnels each, grouped by `router-pattern`) in two waves, against the fake's health model at
// 1/600 of Cloudflare's timing (FAST) and simulated routers that authenticate again once the
// command hands them their keys: what the run asks of Cloudflare's two budgets (REST 1,200 requests
// and GraphQL ~300 queries per 5 minutes), how long it takes against the waves' own waits, and
// whether every tunnel came back.
import { BULK_SET_LIMIT } from '../src/cloudflare.js'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeTunnelSeed } from '../test/fakes/cloudflare.js'
import { runAction, type ActionRun } from '../test/helpers/run-action.js'
import { simulatedRouters } from '../test/helpers/simulated-routers.js'
import { FAST } from '../test/helpers/verify-run.js'

export type RollingMode = 'generate' | 'set'

export interface RollingOptions {
  mode: RollingMode
  latencyMs: number
  concurrency: number
  /** The REST budget the fake announces (and enforces): Cloudflare's 1,200 requests per 5 minutes. */
  budget: { limit: number; windowSeconds: number }
}

export interface RollingRow {
  mode: RollingMode
  tunnels: number
  routers: number
  /** Waves the action planned, as its summary says (else as many as the results name). */
  waves: number
  exitCode: number
  rotated: number
  /** Tunnels rotated in each wave, from the results output. */
  perWave: number[]
  routersDone: number
  wallMs: number
  boundMs: number
  /** Each run of router-command, as the action logged it (0.1 s steps). */
  commandMs: number[]
  /** REST requests to the fake (list, psk_generate or bulk set), apart from GraphQL. */
  rest: { list: number; rotate: number; other: number }
  /** Most requests of either kind in any 5-minute window: Cloudflare's API budget counts them all. */
  apiMaxWindow: number
  graphqlQueries: number
  graphqlMaxWindow: number
  /** Per wave, from the fake's clock: its rotation requests; from the last of them to the first router taking its key (the wave's files, the command); from then to the wave's last health answer (re-authentication, settle, looks). */
  phases: { rotateMs: number; commandMs: number; healthMs: number }[]
  /** Requests the action retried (connection errors, 5xx), as it logged them. */
  retries: number
  /** 429s: the REST side and the GraphQL side. */
  rest429: number
  graphql429: number
  statuses: Record<string, number>
  rssBytes: number | undefined
  error: string
}

const TUNNELS = 1000
const ROUTERS = TUNNELS / 2
const SETTLE_S = 1
const TIMEOUT_S = 20
const DAY = 86_400_000
const FIVE_MINUTES = 300_000
/** Cloudflare's GraphQL Analytics budget, as the fake enforces it. */
export const GRAPHQL_QUERIES_PER_5_MIN = 300
/** The action's look schedule (src/health/verify.ts): a look every verify-timeout / 20, 1 s to 30 s apart; the first one interval after the settle. */
const LOOK_INTERVAL_MS = Math.min(30_000, Math.max(1_000, Math.floor((TIMEOUT_S * 1000) / 20)))

/** The most of `times` (epoch ms) within any `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++
    most = Math.max(most, end - start + 1)
  }
  return most
}

/**
 * Each wave's phases from the fake's clock: its rotation requests (after the last wave's routers
 * took their keys and before its own did), the time to the first of its routers taking a key, and
 * from there to the last health answer before the next wave's first rotation request.
 */
function wavePhases(takenByWave: number[][], rotations: number[], queries: number[], latencyMs: number): RollingRow['phases'] {
  return takenByWave.map((taken, index) => {
    const firstTaken = Math.min(...taken)
    const after = index === 0 ? -Infinity : Math.max(...(takenByWave[index - 1] ?? []))
    const own = rotations.filter((at) => at > after && at < firstTaken)
    const next = Math.min(...rotations.filter((at) => at > firstTaken), Infinity)
    const looks = queries.filter((at) => at > firstTaken && at < next)
    const lastRotation = Math.max(...own) + latencyMs
    return {
      rotateMs: lastRotation - Math.min(...own),
      commandMs: firstTaken - lastRotation,
      healthMs: Math.max(...looks) + latencyMs - firstTaken,
    }
  })
}

/**
 * What no run can avoid: per wave, its rotation requests in rounds of `concurrency`, the router
 * command, verify-settle, and the wait from the settle to the first look (the soonest any tunnel
 * can read up); plus the listing and the health-access check before the first wave.
 */
function lowerBound({ mode, latencyMs, concurrency }: RollingOptions, waveSizes: number[], commandMs: number[]): number {
  const rounds = (n: number) => Math.ceil((mode === 'generate' ? n : Math.ceil(n / BULK_SET_LIMIT)) / concurrency)
  const waves = waveSizes.map((n, i) => rounds(n) * latencyMs + (commandMs[i] ?? 0) + SETTLE_S * 1000 + LOOK_INTERVAL_MS + latencyMs)
  return 2 * latencyMs + waves.reduce((a, b) => a + b, 0)
}

export async function measureRolling(options: RollingOptions): Promise<RollingRow> {
  // site0001-isp1 has the older PSK of its router, so every isp1 is in wave 1 and every isp2 in wave 2.
  const tunnels: FakeTunnelSeed[] = Array.from({ length: TUNNELS }, (_, i) => {
    const site = String(Math.floor(i / 2) + 1).padStart(4, '0')
    const isp = (i % 2) + 1
    return { name: `site${site}-isp${isp}`, lastGeneratedOn: new Date(Date.now() - (isp === 1 ? 120 : 100) * DAY).toISOString() }
  })
  const cloudflare = await FakeCloudflare.start({
    tunnels,
    latencyMs: options.latencyMs,
    rateLimit: { ...options.budget, announce: true },
    health: { timing: FAST },
  })
  const routers = await simulatedRouters(cloudflare)
  let run: ActionRun
  try {
    run = await runAction({
      inputs: {
        'account-id': cloudflare.accountId,
        'api-token': DEFAULT_API_TOKEN,
        'api-base-url': cloudflare.baseUrl,
        'tunnel-ids': 'all',
        mode: options.mode,
        concurrency: String(options.concurrency),
        'router-pattern': '{router}-isp?',
        'router-command': routers.command(),
        'verify-settle': `${SETTLE_S}s`,
        'verify-timeout': `${TIMEOUT_S}s`,
      },
      env: routers.env,
      timeoutMs: 120_000,
    }).catch((error: unknown): ActionRun => ({
      exitCode: -1,
      stdout: `::error::${String(error)}`,
      stderr: '',
      outputs: {},
      summary: '',
      durationMs: Number.NaN,
    }))
  } finally {
    await routers.stop()
    await cloudflare.stop()
  }

  const results = JSON.parse(run.outputs['results'] ?? '[]') as {
    id: string
    status: string
    wave?: number | null
    verdict?: string | null
  }[]
  const statuses: Record<string, number> = {}
  const perWave: number[] = []
  const takenByWave: number[][] = []
  for (const { id, status, wave, verdict } of results) {
    const key = verdict ?? status
    statuses[key] = (statuses[key] ?? 0) + 1
    if (status !== 'rotated' || typeof wave !== 'number') continue
    perWave[wave - 1] = (perWave[wave - 1] ?? 0) + 1
    const taken = routers.taken.get(id)
    if (taken !== undefined) (takenByWave[wave - 1] ??= []).push(taken)
  }
  const waves = Number(/Rolling rotation: \d+ of (\d+) waves? run/.exec(run.summary)?.[1] ?? perWave.length)
  const commandMs = [...run.stdout.matchAll(/router-command exited with status \d+ after ([\d.]+) s/g)].map(
    (match) => Number(match[1]) * 1000,
  )
  const graphql = cloudflare.requests.filter((request) => request.path === '/graphql')
  const rest = cloudflare.requests.filter((request) => request.path !== '/graphql')
  const list = rest.filter((request) => request.method === 'GET' && request.path.endsWith('/ipsec_tunnels')).length
  const rotations = rest.filter((request) => request.method === 'POST' && /\/psk(_generate)?$/.test(request.path))
  const rotated = Number(run.outputs['rotated-count'] ?? 0)
  const firstError = run.stdout
    .split('\n')
    .find((line) => line.startsWith('::error::'))
    ?.slice('::error::'.length)
  const ok = run.exitCode === 0 && rotated === TUNNELS && waves === 2 && perWave.every((count) => count === ROUTERS)
  return {
    mode: options.mode,
    tunnels: TUNNELS,
    routers: ROUTERS,
    waves,
    exitCode: run.exitCode,
    rotated,
    perWave,
    routersDone: Number(run.outputs['routers-done-count'] ?? 0),
    wallMs: run.durationMs,
    boundMs: lowerBound(options, perWave, commandMs),
    commandMs,
    rest: { list, rotate: rotations.length, other: rest.length - list - rotations.length },
    phases: wavePhases(
      takenByWave,
      rotations.map((request) => request.at),
      graphql.map((request) => request.at),
      options.latencyMs,
    ),
    retries: [...run.stdout.matchAll(/; retrying in [\d.]+ s/g)].length,
    apiMaxWindow: maxInWindow(
      cloudflare.requests.map((request) => request.at),
      FIVE_MINUTES,
    ),
    graphqlQueries: cloudflare.health.queries.length,
    graphqlMaxWindow: maxInWindow(
      graphql.map((request) => request.at),
      FIVE_MINUTES,
    ),
    rest429: cloudflare.stats.responses429 - cloudflare.health.stats.responses429,
    graphql429: cloudflare.health.stats.responses429,
    statuses,
    rssBytes: run.peakRssBytes,
    error: ok ? '' : `${rotated}/${TUNNELS} rotated in ${perWave.join(' + ') || 'no'} wave(s)${firstError ? `: ${firstError}` : ''}`,
  }
}

const seconds = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a')
const megabytes = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : `${(bytes / 1_000_000).toFixed(1)} MB`)
const share = (part: number, whole: number): string => `${Math.round((100 * part) / whole)}%`
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 200)

export const ROLLING_HEAD = [
  '| run | tunnels / routers | waves | wall time | lower bound | ratio | per wave: rotate + files and command + health | outside the waves | router-command | REST requests | most API requests in 5 min | GraphQL queries | most in 5 min | 429s | retries | verdicts | peak RSS | result |',
  '|---|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|---|',
]

export const rollingRow = (row: RollingRow, budget: { limit: number; windowSeconds: number }): string => {
  const rotation = row.mode === 'generate' ? 'psk_generate' : 'bulk set'
  const rest = `${row.rest.list + row.rest.rotate + row.rest.other} (${row.rest.list} list, ${row.rest.rotate} ${rotation}${row.rest.other ? `, ${row.rest.other} other` : ''})`
  const phases = row.phases
    .map(({ rotateMs, commandMs, healthMs }, i) => `${i + 1}: ${[rotateMs, commandMs, healthMs].map(seconds).join(' + ')}`)
    .join('; ')
  const outside = row.wallMs - row.phases.reduce((sum, phase) => sum + phase.rotateMs + phase.commandMs + phase.healthMs, 0)
  const verdicts = Object.entries(row.statuses)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ')
  const result = row.error
    ? `FAILED (exit ${row.exitCode}): ${row.error}`
    : `ok: exit 0, ${row.rotated} rotated (${row.perWave.join(' + ')}), ${row.routersDone} routers done`
  return (
    `| rolling, ${row.mode} | ${row.tunnels} / ${row.routers} | ${row.waves} | ${seconds(row.wallMs)} | ${seconds(row.boundMs)} | ${(row.wallMs / row.boundMs).toFixed(2)}x | ` +
    `${phases || 'n/a'} | ${seconds(outside)} | ${row.commandMs.map(seconds).join(' + ') || 'n/a'} | ${rest} | ${row.apiMaxWindow} of ${budget.limit} (${share(row.apiMaxWindow, budget.limit)}) | ` +
    `${row.graphqlQueries} | ${row.graphqlMaxWindow} of ${GRAPHQL_QUERIES_PER_5_MIN} (${share(row.graphqlMaxWindow, GRAPHQL_QUERIES_PER_5_MIN)}) | ` +
    `${row.rest429} REST, ${row.graphql429} GraphQL | ${row.retries} | ${verdicts || 'none'} | ${megabytes(row.rssBytes)} | ${cell(result)} |`
  )
}

export function rollingSection(rows: RollingRow[], budget: { limit: number; windowSeconds: number }): string[] {
  if (rows.length === 0) return ['## Rolling rotation (router-command)', '', 'Not run (filtered out by --only).']
  const oneWindow = rows.every((row) => row.wallMs < FIVE_MINUTES)
  return [
    '## Rolling rotation (router-command)',
    '',
    `${TUNNELS.toLocaleString('en')} tunnels on ${ROUTERS} routers (\`site0001-isp1\`, \`site0001-isp2\`, … grouped by \`router-pattern: '{router}-isp?'\`, ` +
      `every isp1 with the older PSK), all due, rotated by one run with \`router-command\`, \`verify-settle: ${SETTLE_S}s\`, \`verify-timeout: ${TIMEOUT_S}s\`. ` +
      "Simulated routers: the command appends the wave's tunnel IDs (from `PSKS_FILE`) to a log, and the bench process re-authenticates each one in the fake's " +
      `health model (3 data centres) at 1/600 of Cloudflare's timing (probes every ${FAST.probeIntervalMs} ms, SAs propagating within ${FAST.propagationMs[1]} ms, ` +
      `a ${FAST.holdMs / 1000} s hold), so a tunnel can read up at the first look after its settle. The fake announces and enforces Cloudflare's API budget of ` +
      `${budget.limit} requests per ${budget.windowSeconds} s (its GraphQL queries count towards it too) and the GraphQL budget of ${GRAPHQL_QUERIES_PER_5_MIN} queries per 5 minutes.`,
    '',
    ...ROLLING_HEAD,
    ...rows.map((row) => rollingRow(row, budget)),
    '',
    `Lower bound (L = latency, c = concurrency): (1 list + 1 health-access query) × L, then per wave its rotation requests ` +
      `(⌈n / c⌉ psk_generate rounds, or ⌈⌈n / ${BULK_SET_LIMIT}⌉ / c⌉ bulk rounds) × L, the router command (as the action logged it), verify-settle ` +
      `(${SETTLE_S} s), the wait from the settle to the first look (one look interval, verify-timeout / 20 but at least 1 s: ${LOOK_INTERVAL_MS / 1000} s), ` +
      'the soonest a tunnel can read up, and one query × L.',
    '',
    "Per wave, from the fake's clock: rotate, from the wave's first rotation request to its last answer; files and command, from there to the first " +
      "router taking its key (writing the wave's hand-over files, then the command); health, from there to the wave's last health answer " +
      "(re-authentication, settle, looks). Outside the waves: the rest of the wall time (start-up, listing, the health-access query, the step's turn between waves, its outputs and files at the end). Router-command: each run from spawn to exit, as the action logged it (bash, and node reading `PSKS_FILE`). " +
      'Most in 5 min: the most requests (REST and GraphQL) or GraphQL queries the fake saw in any 5-minute window' +
      (oneWindow
        ? '; the whole run fits in one, so these are all of them, where a run at real timing (a 150 s settle, looks 30 s apart) spreads its looks wider. '
        : '. ') +
      'Retries: requests the action logged as retried (connection errors, 5xx). Verdicts: what each tunnel read after its wave.',
  ]
}
