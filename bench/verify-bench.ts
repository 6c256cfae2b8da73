// The bench's mode: verify row: 1,000 tunnels × 50 data centres after a normal rotation (every
// router re-authenticated just before the step), against the fake's health model at 1/120 of
// Cloudflare's timing and its real GraphQL budget of 300 queries per 5 minutes: how many queries,
// how many answers reached the limit, how long, and what the step read.
import { DEFAULT_API_TOKEN, FakeCloudflare } from '../test/fakes/cloudflare.js'
import { scaled } from '../test/fakes/tunnel-health-model.js'
import { runAction } from '../test/helpers/run-action.js'

export interface VerifyRow {
  tunnels: number
  colos: number
  wallMs: number
  queries: number
  /** Answers that reached `limit` rows: the step had to split their batch. */
  cut: number
  responses429: number
  statuses: Record<string, number>
  exitCode: number
}

const TUNNELS = 1000
const COLOS = 50
const TIMING = scaled(1 / 120)

export async function measureVerify(latencyMs: number): Promise<VerifyRow> {
  const colos = Array.from({ length: COLOS }, (_, i) => `dc${String(i).padStart(2, '0')}`)
  const tunnels = Array.from({ length: TUNNELS }, (_, i) => ({ name: `tunnel_${String(i + 1).padStart(4, '0')}` }))
  const cloudflare = await FakeCloudflare.start({ tunnels, latencyMs, health: { colos, timing: TIMING } })
  try {
    for (const { name } of tunnels) cloudflare.health.reauthenticate(name)
    const run = await runAction({
      inputs: {
        'account-id': cloudflare.accountId,
        'api-token': DEFAULT_API_TOKEN,
        'api-base-url': cloudflare.baseUrl,
        'tunnel-ids': 'all',
        mode: 'verify',
        'verify-settle': '2s',
        'verify-timeout': '60s',
      },
      timeoutMs: 120_000,
    })
    const results = JSON.parse(run.outputs['results'] ?? '[]') as { status: string }[]
    const statuses: Record<string, number> = {}
    for (const { status } of results) statuses[status] = (statuses[status] ?? 0) + 1
    return {
      tunnels: TUNNELS,
      colos: COLOS,
      wallMs: run.durationMs,
      queries: cloudflare.health.queries.length,
      cut: cloudflare.health.queries.filter((query) => query.rows >= 1000).length,
      responses429: cloudflare.health.stats.responses429,
      statuses,
      exitCode: run.exitCode,
    }
  } finally {
    await cloudflare.stop()
  }
}

export const VERIFY_HEAD = [
  '| run | tunnels × data centres | wall time | GraphQL queries | answers at the limit | 429s | verdicts | exit code |',
  '|---|--:|--:|--:|--:|--:|---|--:|',
]

export const verifyRow = (row: VerifyRow): string =>
  `| verify after a normal rotation | ${row.tunnels} × ${row.colos} | ${(row.wallMs / 1000).toFixed(1)} s | ${row.queries} | ${row.cut} | ${row.responses429} | ` +
  `${Object.entries(row.statuses)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ')} | ${row.exitCode} |`

export function verifySection(rows: VerifyRow[]): string[] {
  if (rows.length === 0) return ['## mode: verify', '', 'Not run (filtered out by --only).']
  return [
    '## mode: verify',
    '',
    `Health from the fake's model of Cloudflare's rules at 1/120 of its timing (probes every ${TIMING.probeIntervalMs} ms, a ${TIMING.holdMs / 1000} s hold), ` +
      "every router re-authenticated just before the step, `verify-settle: 2s`, `verify-timeout: 60s`, the fake's GraphQL budget " +
      '300 queries per 5 minutes and answers of at most 1,000 rows. Wall time includes the settle time and the wait for the hold.',
    '',
    ...VERIFY_HEAD,
    ...rows.map(verifyRow),
  ]
}
