// `npm run bench [-- flags]`: runs the bundled action (dist/index.js) as a child process against the
// loopback fakes and writes bench/results.md. Flags: --latency <ms> (20), --sizes 10,100,1000,
// --modes generate,set, --concurrency <n> (4), --rate-limit <limit>/<seconds> (300/10; `off` skips
// that group), --startup-runs <n> (15), --with-large-secrets (or BENCH_LARGE_SECRETS=1: secrets for
// N > 100, ~17 min per mode by design), --only "<words>" (runs whose tags include every word, tags
// being mode, N, no-secrets|secrets, scope, rate-limit|unpaced, or `startup`, or `verify` for the
// mode: verify row, or `rolling` for the router-command rows, one for each of --modes, tagged with
// their mode and 1000), e.g. --only "set 1000", --only rolling.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { arch, cpus, platform } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { BULK_SET_LIMIT } from '../src/cloudflare.js'
import { DEFAULT_API_TOKEN, FakeCloudflare } from '../test/fakes/cloudflare.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub } from '../test/fakes/github.js'
import { DEFAULT_ENTRY, runAction, type ActionRun } from '../test/helpers/run-action.js'
import { measureVerify, VERIFY_HEAD, verifyRow, verifySection, type VerifyRow } from './verify-bench.js'
import { measureRolling, ROLLING_HEAD, rollingRow, rollingSection, type RollingRow } from './rolling-bench.js'

type Mode = 'generate' | 'set'
type Scope = 'none' | 'repository' | 'organization'
interface Budget {
  limit: number
  windowSeconds: number
}
interface RunSpec {
  mode: Mode
  n: number
  scope: Scope
  budget: Budget
  rateLimited: boolean
  optIn: boolean
  /** `secret-layout: bundle`: every PSK in one secret, written once. */
  bundle?: boolean
}
interface Row {
  spec: RunSpec
  wallMs: number
  boundMs: number
  firstRequestMs: number
  /** Runs without secrets: from the Cloudflare fake's last answer (its last request plus the latency) to the process's exit. */
  exitAfterLastAnswerMs: number
  cloudflareRequests: number
  githubRequests: number
  /** 429s from both fakes, plus the GitHub fake's 403 "secondary rate limit" answers. */
  limited: number
  /** Each rate-limit wait the action logged, in seconds. */
  waitsS: number[]
  rssBytes: number | undefined
  /** Empty when every tunnel was rotated (and its secret stored). */
  error: string
}

const { values: flags } = parseArgs({
  options: {
    latency: { type: 'string', default: '20' },
    sizes: { type: 'string', default: '10,100,1000' },
    modes: { type: 'string', default: 'generate,set' },
    concurrency: { type: 'string', default: '4' },
    only: { type: 'string', default: '' },
    'rate-limit': { type: 'string', default: '300/10' },
    'with-large-secrets': { type: 'boolean', default: process.env['BENCH_LARGE_SECRETS'] === '1' },
    'startup-runs': { type: 'string', default: '15' },
  },
})
const integer = (name: string, text: string): number => {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name}: expected a positive whole number, got '${text}'`)
  return Number(text)
}
const latency = integer('latency', flags.latency)
const concurrency = integer('concurrency', flags.concurrency)
const startupRuns = integer('startup-runs', flags['startup-runs'])
const sizes = flags.sizes.split(',').map((size) => integer('sizes', size.trim()))
const modes = flags.modes.split(',').map((mode) => {
  if (mode.trim() !== 'generate' && mode.trim() !== 'set') throw new Error(`--modes: expected generate or set, got '${mode}'`)
  return mode.trim() as Mode
})
const rateLimitMatch = /^(\d+)\/(\d+)$/.exec(flags['rate-limit'])
if (!rateLimitMatch && flags['rate-limit'] !== 'off') throw new Error("--rate-limit: expected <limit>/<seconds> or 'off'")
const tightBudget = rateLimitMatch ? { limit: Number(rateLimitMatch[1]), windowSeconds: Number(rateLimitMatch[2]) } : null
const largeSecrets = flags['with-large-secrets']
const onlyWords = flags.only.split(/\s+/).filter(Boolean)
const selected = (tags: string[]): boolean => onlyWords.every((word) => tags.includes(word))

const CLOUDFLARE_BUDGET: Budget = { limit: 1200, windowSeconds: 300 } // what Cloudflare announces per user
const GITHUB_WRITES_PER_MINUTE = 80 // GitHub's content-creation limit, answered with 403 "secondary rate limit"
const WRITE_PACING_MS = 1000 // @octokit/plugin-throttling: one secret write at a time, starts >= 1 s apart
const SECRETS_PREFLIGHT = 1 // the public key must be read before the first write; other reads can run beside it
const MB = 1_000_000
const REPOSITORY = 'octo-org/network'
const ORGANIZATION = 'octo-org'
const RESULTS = join(import.meta.dirname, 'results.md')

const tags = (spec: RunSpec): string[] => [
  spec.mode,
  String(spec.n),
  spec.scope === 'none' ? 'no-secrets' : 'secrets',
  spec.scope,
  spec.rateLimited ? 'rate-limit' : 'unpaced',
  spec.bundle ? 'bundle' : 'per-tunnel',
]
const label = (spec: RunSpec): string =>
  spec.mode +
  (spec.scope === 'none' ? '' : ` + ${spec.scope} ${spec.bundle ? 'bundle secret' : 'secrets'}`) +
  (spec.rateLimited ? `, budget ${spec.budget.limit}/${spec.budget.windowSeconds} s` : '')

function plannedRuns(): { runs: RunSpec[]; notRun: string[] } {
  const all: RunSpec[] = []
  for (const mode of modes) {
    for (const n of sizes) {
      const base = { mode, n, scope: 'none' as Scope, budget: CLOUDFLARE_BUDGET, rateLimited: false, optIn: false }
      // Repositories and environments hold at most 100 secrets.
      all.push(base, { ...base, scope: n <= 100 ? 'repository' : 'organization', optIn: n > 100 })
    }
    if (tightBudget) all.push({ mode, n: Math.max(...sizes), scope: 'none', budget: tightBudget, rateLimited: true, optIn: false })
  }
  // A fleet past the per-tunnel layout's limits: one bundle secret, one write.
  all.push({ mode: 'set', n: 500, scope: 'repository', budget: CLOUDFLARE_BUDGET, rateLimited: false, optIn: false, bundle: true })
  const matching = all.filter((spec) => selected(tags(spec)))
  const runs = matching.filter((spec) => largeSecrets || !spec.optIn)
  const notRun = matching
    .filter((spec) => !runs.includes(spec))
    .map(
      (spec) =>
        `${spec.mode} N=${spec.n} with ${spec.scope} secrets (opt-in: --with-large-secrets; ~${Math.ceil(spec.n / 60)} min by design)`,
    )
  if (!tightBudget) notRun.push('the rate-limit group (--rate-limit off)')
  if (matching.length < all.length) notRun.push(`${all.length - matching.length} run(s) filtered out by --only "${flags.only}"`)
  return { runs, notRun }
}

/** Requests that must run one after another × latency, plus the pacing no correct run can avoid. */
function lowerBound({ mode, n, scope, budget, bundle }: RunSpec): number {
  const cloudflareRequests = 1 + (mode === 'generate' ? n : Math.ceil(n / BULK_SET_LIMIT))
  const rounds = Math.ceil((mode === 'generate' ? n : Math.ceil(n / BULK_SET_LIMIT)) / concurrency)
  const bounds = [(1 + rounds) * latency]
  if (scope !== 'none') bounds.push((1 + SECRETS_PREFLIGHT + 1 + 1) * latency + (bundle ? 0 : (n - 1) * WRITE_PACING_MS))
  bounds.push((Math.ceil(cloudflareRequests / budget.limit) - 1) * budget.windowSeconds * 1000 + latency)
  return Math.max(...bounds)
}

async function measure(spec: RunSpec): Promise<Row> {
  const tunnels = Array.from({ length: spec.n }, (_, i) => ({ name: `tunnel_${String(i + 1).padStart(4, '0')}` }))
  const cloudflare = await FakeCloudflare.start({ tunnels, latencyMs: latency, rateLimit: { ...spec.budget, announce: true } })
  const github = await FakeGitHub.start({ latencyMs: latency, secondaryRateLimit: { writesPerMinute: GITHUB_WRITES_PER_MINUTE } })
  github.addRepository(REPOSITORY)
  github.addOrganization(ORGANIZATION)
  const boundMs = lowerBound(spec)
  const secretInputs: Record<string, string> =
    spec.scope === 'none'
      ? {}
      : {
          'secret-scope': spec.scope,
          'github-token': DEFAULT_GITHUB_TOKEN,
          ...(spec.scope === 'organization' ? { organization: ORGANIZATION } : { repository: REPOSITORY }),
          ...(spec.bundle ? { 'secret-layout': 'bundle' } : {}),
        }
  const started = Date.now()
  const run = await runAction({
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'tunnel-ids': 'all',
      mode: spec.mode,
      concurrency: String(concurrency),
      ...secretInputs,
    },
    env: { GITHUB_API_URL: github.url },
    timeoutMs: 3 * boundMs + 120_000,
  }).catch((error: unknown): ActionRun => ({
    exitCode: -1,
    stdout: `::error::${String(error)}`,
    stderr: '',
    outputs: {},
    summary: '',
    durationMs: Number.NaN,
  }))
  await Promise.all([cloudflare.stop(), github.stop()])
  const rotated = Number(run.outputs['rotated-count'] ?? 0)
  const stored = github.stats.writes
  const ok = run.exitCode === 0 && rotated === spec.n && (spec.scope === 'none' || stored === (spec.bundle ? 1 : spec.n))
  const firstError = run.stdout
    .split('\n')
    .find((line) => line.startsWith('::error::'))
    ?.slice('::error::'.length)
  return {
    spec,
    boundMs,
    wallMs: run.durationMs,
    firstRequestMs: (cloudflare.requests[0]?.at ?? Number.NaN) - started,
    exitAfterLastAnswerMs:
      spec.scope === 'none'
        ? started + run.durationMs - (Math.max(...cloudflare.requests.map((request) => request.at)) + latency)
        : Number.NaN,
    cloudflareRequests: cloudflare.requests.length,
    githubRequests: github.requests.length,
    limited: cloudflare.stats.responses429 + github.stats.responses429 + github.stats.secondaryRateLimited,
    waitsS: [...run.stdout.matchAll(/(?:pausing for|; waiting) ([\d.]+) s/g)].map((match) => Number(match[1])),
    rssBytes: run.peakRssBytes,
    error: ok ? '' : `${rotated}/${spec.n} rotated, ${stored} stored${firstError ? `: ${firstError}` : ''}`,
  }
}

const seconds = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`)
const milliseconds = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : `${Math.round(ms)} ms`)
const megabytes = (bytes: number | undefined): string =>
  bytes === undefined ? 'n/a' : bytes < MB ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / MB).toFixed(1)} MB`
const ratio = (row: Row): number => row.wallMs / row.boundMs
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 200)
const TABLE_HEAD = [
  '| run | N | wall time | lower bound | ratio | first request after | exit after last answer | Cloudflare requests | GitHub requests | 429s | rate-limit waits | peak RSS | result |',
  '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
]
const tableRow = (row: Row): string => {
  const waits = row.waitsS.length === 0 ? '0' : `${row.waitsS.length} (${row.waitsS.reduce((a, b) => a + b, 0).toFixed(1)} s)`
  return (
    `| ${label(row.spec)} | ${row.spec.n} | ${seconds(row.wallMs)} | ${seconds(row.boundMs)} | ${ratio(row).toFixed(2)}x | ` +
    `${milliseconds(row.firstRequestMs)} | ${milliseconds(row.exitAfterLastAnswerMs)} | ${row.cloudflareRequests} | ${row.githubRequests} | ${row.limited} | ${waits} | ${megabytes(row.rssBytes)} | ${cell(row.error ? `FAILED: ${row.error}` : 'ok')} |`
  )
}

interface Startup {
  actionMs: number[]
  bareMs: number[]
  actionOutput: string
  bundleBytes: number
  distBytes: number
}

/** `node dist/index.js` with no inputs (fails on 'account-id') against bare `node -e 0`, alternating. */
function measureStartup(): Startup {
  const env = { PATH: process.env['PATH'] ?? '' }
  const time = (args: string[]): { ms: number; stdout: string } => {
    const started = performance.now()
    const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' })
    return { ms: performance.now() - started, stdout: result.stdout }
  }
  const actionOutput = time([DEFAULT_ENTRY]).stdout.trim() // warm-up, and proof of the input error
  time(['-e', '0'])
  const actionMs: number[] = []
  const bareMs: number[] = []
  for (let i = 0; i < startupRuns; i++) {
    actionMs.push(time([DEFAULT_ENTRY]).ms)
    bareMs.push(time(['-e', '0']).ms)
  }
  const dist = dirname(DEFAULT_ENTRY)
  const distBytes = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .map((file) => statSync(join(dist, file)))
    .filter((stat) => stat.isFile())
    .reduce((sum, stat) => sum + stat.size, 0)
  return { actionMs, bareMs, actionOutput, bundleBytes: statSync(DEFAULT_ENTRY).size, distBytes }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function startupSection(startup: Startup): string[] {
  const ms = (values: number[]): string => `${median(values).toFixed(1)} ms | ${Math.min(...values).toFixed(1)} ms`
  return [
    '## Start-up',
    '',
    `${startupRuns} runs of each, alternating, after one warm-up run of each; wall time from spawn to exit.`,
    '',
    '| command | median | min |',
    '|---|--:|--:|',
    `| \`node dist/index.js\` with no inputs | ${ms(startup.actionMs)} |`,
    `| \`node -e 0\` | ${ms(startup.bareMs)} |`,
    '',
    `Ratio of the medians: **${(median(startup.actionMs) / median(startup.bareMs)).toFixed(2)}x**. ` +
      `The action printed: \`${cell(startup.actionOutput.split('\n')[0] ?? '')}\``,
    '',
    `\`dist/index.js\`: ${startup.bundleBytes.toLocaleString('en')} bytes (${megabytes(startup.bundleBytes)}); ` +
      `\`dist/\` in total: ${startup.distBytes.toLocaleString('en')} bytes.`,
  ]
}

function targetsSection(rows: Row[], startup: Startup | null): string[] {
  const good = rows.filter((row) => !row.error)
  const verdict = (pass: boolean | null): string => (pass === null ? 'NOT MEASURED' : pass ? 'PASS' : 'FAIL')
  const line = (target: string, measured: string, pass: boolean | null): string => `| ${target} | ${measured} | ${verdict(pass)} |`
  const set1000 = good.filter((row) => row.spec.mode === 'set' && row.spec.n === 1000)
  const unpaced = good.filter(
    (row) => row.spec.mode === 'generate' && row.spec.scope === 'none' && !row.spec.rateLimited && row.waitsS.length === 0,
  )
  const large = good.filter((row) => row.spec.n === 1000 && row.rssBytes !== undefined)
  const maxRss = Math.max(...large.map((row) => row.rssBytes!))
  const limited = rows.reduce((sum, row) => sum + row.limited, 0)
  const waits = rows.reduce((sum, row) => sum + row.waitsS.length, 0)
  const startupRatio = startup && median(startup.actionMs) / median(startup.bareMs)
  const some = <T>(items: T[], pass: () => boolean): boolean | null => (items.length === 0 ? null : pass())
  return [
    '## Targets',
    '',
    '| target | measured | result |',
    '|---|---|---|',
    line(
      'set mode, 1,000 tunnels: at most 12 Cloudflare requests',
      set1000.map((row) => `${row.cloudflareRequests} (${label(row.spec)})`).join(', ') || 'no run',
      some(set1000, () => set1000.every((row) => row.cloudflareRequests <= 12)),
    ),
    line(
      'generate mode, no rate limit in play: wall time at most 1.3x the lower bound',
      unpaced.map((row) => `N=${row.spec.n}: ${ratio(row).toFixed(2)}x`).join(', ') +
        (unpaced.length
          ? `; without the time to the first request: ${unpaced.map((row) => `${((row.wallMs - row.firstRequestMs) / row.boundMs).toFixed(2)}x`).join(', ')}`
          : 'no run'),
      some(unpaced, () => unpaced.every((row) => ratio(row) <= 1.3)),
    ),
    line(
      'zero 429s from fakes that announce their budget',
      `${limited} in ${rows.length} runs (the action waited ${waits} times on rate limits)`,
      some(rows, () => limited === 0),
    ),
    line(
      'peak RSS under 128 MB at 1,000 tunnels',
      large.length ? `max ${megabytes(maxRss)} over ${large.length} runs` : 'no run',
      some(large, () => maxRss < 128 * MB),
    ),
    line(
      'start-up within 1.5x of `node -e 0`',
      startupRatio ? `${startupRatio.toFixed(2)}x` : 'not run',
      startupRatio === null ? null : startupRatio <= 1.5,
    ),
    line(
      '`dist/index.js` at most 1.5 MB',
      startup ? `${megabytes(startup.bundleBytes)} (all of \`dist/\`: ${megabytes(startup.distBytes)})` : 'not run',
      startup === null ? null : startup.bundleBytes <= 1.5 * MB,
    ),
    '',
    'MB = 1,000,000 bytes. Failed runs are left out of the first, second and fourth targets; see their rows. ' +
      'The start-up path (an input error) exits before the rest of the action loads; the "first request after" column ' +
      'shows the start-up cost of a real run: from spawn to the first request reaching the Cloudflare fake.',
  ]
}

const quote = (arg: string): string => (/^[\w.,/=-]+$/.test(arg) ? arg : `"${arg}"`)

function header(runs: RunSpec[], notRun: string[]): string[] {
  const cpu = cpus()
  return [
    '# Benchmark results',
    '',
    `Made by \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).map(quote).join(' ')}` : ''}\` on ${new Date().toISOString()}: ` +
      `Node ${process.version}, ${platform()} ${arch()}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}). ` +
      `Per-request latency ${latency} ms on both fakes; action input \`concurrency: ${concurrency}\`.`,
    '',
    `Runs made: ${runs.length}. Not run: ${notRun.join('; ') || 'nothing'}.`,
    '',
    `Every Cloudflare fake announces its budget in \`Ratelimit\` headers: Cloudflare's ${CLOUDFLARE_BUDGET.limit} requests per ` +
      `${CLOUDFLARE_BUDGET.windowSeconds} s, or ${tightBudget ? `${tightBudget.limit} per ${tightBudget.windowSeconds} s` : '(not run)'} ` +
      `in the rate-limit group, which runs the largest N so that generate mode must slow down. The GitHub fake emulates the content-creation limit: more than ` +
      `${GITHUB_WRITES_PER_MINUTE} secret writes a minute are answered 403 "secondary rate limit" (counted under 429s).`,
  ]
}

const FORMULA = [
  `Lower bound (L = latency, c = concurrency, the largest that applies): generate (1 list + ⌈N / c⌉ psk_generate rounds) × L; ` +
    `set (1 list + ⌈⌈N / ${BULK_SET_LIMIT}⌉ / c⌉ bulk rounds) × L; with secrets at least (1 list + ${SECRETS_PREFLIGHT} public-key read + ` +
    `1 first rotation + 1 last write) × L + (N − 1) × ${WRITE_PACING_MS / 1000} s, since @octokit/plugin-throttling starts one secret ` +
    `write at a time at least ${WRITE_PACING_MS / 1000} s apart (by design, for GitHub's content-creation limits); with a budget of ` +
    `B requests per W s and R Cloudflare requests, (⌈R / B⌉ − 1) × W + L.`,
  '',
  'Wall time: spawn to exit of the action process, node start-up included. First request after: spawn to the first request ' +
    'reaching the Cloudflare fake (the start-up cost of a real run). Exit after last answer (runs without secrets): from the ' +
    "Cloudflare fake's last answer to the exit of the process (the exit cost). Peak RSS: maximum resident set size of the " +
    'action process (GNU time). 429s: 429 answers from both fakes plus the GitHub fake\'s 403 "secondary rate limit" answers. ' +
    'Rate-limit waits: the waits the action logged (Cloudflare budget pauses, Retry-After and GitHub rate-limit waits), and their total.',
]

async function main(): Promise<void> {
  const { runs, notRun } = plannedRuns()
  // Start-up first: its warm-up runs also bring dist/ into the page cache before the timed runs.
  const startup = selected(['startup']) ? measureStartup() : null
  const rows: Row[] = []
  console.log(TABLE_HEAD.join('\n'))
  for (const spec of runs) {
    const row = await measure(spec)
    rows.push(row)
    console.log(tableRow(row))
  }
  const verifyRows: VerifyRow[] = []
  if (selected(['verify', '1000'])) {
    console.log(`\n${VERIFY_HEAD.join('\n')}`)
    const row = await measureVerify(latency)
    verifyRows.push(row)
    console.log(verifyRow(row))
  }
  const rollingRows: RollingRow[] = []
  // One rolling row for each of --modes: 1,000 tunnels on 500 routers, rotated in two waves.
  const rollingModes = modes.filter((mode) => selected(['rolling', mode, '1000']))
  if (rollingModes.length > 0) console.log(`\n${ROLLING_HEAD.join('\n')}`)
  for (const mode of rollingModes) {
    const row = await measureRolling({ mode, latencyMs: latency, concurrency, budget: CLOUDFLARE_BUDGET })
    rollingRows.push(row)
    console.log(rollingRow(row, CLOUDFLARE_BUDGET))
  }
  const document = [
    ...header(runs, notRun),
    '',
    '## Runs',
    '',
    ...TABLE_HEAD,
    ...rows.map(tableRow),
    '',
    ...FORMULA,
    '',
    ...verifySection(verifyRows),
    '',
    ...rollingSection(rollingRows, CLOUDFLARE_BUDGET),
    '',
    ...(startup ? startupSection(startup) : ['## Start-up', '', 'Not measured (filtered out by --only).']),
    '',
    ...targetsSection(rows, startup),
    '',
  ].join('\n')
  writeFileSync(RESULTS, document)
  console.log(`\n${document}\nWritten to ${RESULTS}`)
}

await main()
