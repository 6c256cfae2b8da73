import type { Tunnel } from '../cloudflare.js'
import { formatWait } from '../durations.js'
import { outside } from '../log-text.js'
import { formatSeconds, type Logger } from '../logger.js'
import type { HealthStatus } from '../rotation.js'
import type { HealthRow } from './graphql.js'

export interface HealthVerdict {
  tunnel: Tunnel
  status: HealthStatus
  /** What was seen, in words (safe for a log line). */
  reason: string
}

export interface VerifyOptions {
  /** Every data centre's view of every tunnel over [from, to). */
  query: (from: Date, to: Date) => Promise<HealthRow[]>
  /** Results older than this (the step's start) say nothing about the new PSKs. */
  startedAt: number
  timeoutMs: number
  logger: Logger
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/** The GraphQL Analytics API allows about 300 queries per 5 minutes; Cloudflare advises 15–30 s between polls. */
const MAX_POLL_INTERVAL_MS = 30_000
const MIN_POLL_INTERVAL_MS = 5_000
/** Each poll reads the most recent minutes only (never before the step's start), so a tunnel that came up counts as up. */
const RECENT_WINDOW_MS = 5 * 60_000

/**
 * Waits for health-check results newer than `startedAt` until every probed tunnel is healthy or
 * the time is up, polling every quarter of the time-out (between 5 and 30 s). A tunnel still not
 * healthy at the end gets the verdict of its latest fresh results, or `no-data` without any.
 */
export async function verifyTunnels(tunnels: readonly Tunnel[], options: VerifyOptions): Promise<HealthVerdict[]> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const probed = tunnels.filter((tunnel) => tunnel.healthCheckEnabled)
  const interval = Math.min(MAX_POLL_INTERVAL_MS, Math.max(MIN_POLL_INTERVAL_MS, Math.floor(options.timeoutMs / 4)))
  const deadline = options.startedAt + options.timeoutMs
  const latest = new Map<string, HealthRow[]>()
  const seenAt = new Map<string, number>()

  for (let poll = 1; probed.length > 0; poll++) {
    const to = now()
    const rows = await options.query(new Date(Math.max(options.startedAt, to - RECENT_WINDOW_MS)), new Date(to))
    for (const tunnel of probed) {
      const own = rows.filter((row) => row.tunnelName === tunnel.name)
      if (own.length > 0) {
        latest.set(tunnel.id, own)
        seenAt.set(tunnel.id, to)
      }
    }
    const verdicts = probed.map((tunnel) => judge(tunnel, latest.get(tunnel.id), seenAt.get(tunnel.id)))
    const healthy = verdicts.filter((verdict) => verdict.status === 'healthy').length
    const waiting = verdicts.length - healthy
    if (waiting === 0 || to + interval > deadline) break
    options.logger.info(
      `Health checks, look ${poll}: ${healthy} of ${probed.length} tunnels healthy; waiting for ${waiting} (next look in ${formatSeconds(interval)}, until ${new Date(deadline).toISOString()}).`,
    )
    await sleep(interval)
  }

  return tunnels.map((tunnel) =>
    tunnel.healthCheckEnabled
      ? judge(tunnel, latest.get(tunnel.id), seenAt.get(tunnel.id), options)
      : {
          tunnel,
          status: 'unverifiable',
          reason: 'health_check.enabled is false: Cloudflare does not probe this tunnel, so nothing can say whether it is up.',
        },
  )
}

function judge(tunnel: Tunnel, rows: HealthRow[] | undefined, seenAt: number | undefined, options?: VerifyOptions): HealthVerdict {
  if (!rows || seenAt === undefined) {
    const waited = options ? ` within verify-timeout ${formatWait(options.timeoutMs)}` : ''
    return {
      tunnel,
      status: 'no-data',
      reason: `No health-check result newer than the step's start${options ? ` (${new Date(options.startedAt).toISOString()})` : ''}${waited}; results lag by up to a few minutes.`,
    }
  }
  const colos = (predicate: (state: number) => boolean) =>
    rows
      .filter((row) => predicate(row.state))
      .map((row) => outside(row.coloName, 40))
      .join(', ')
  const at = `as of ${new Date(seenAt).toISOString()}`
  const up = colos((state) => state >= 1)
  const down = colos((state) => state <= 0)
  const partial = colos((state) => state > 0 && state < 1)
  if (!down && !partial) return { tunnel, status: 'healthy', reason: `State 1 (healthy) in ${rows.length} data centre(s): ${up}, ${at}.` }
  if (!up && !partial) return { tunnel, status: 'down', reason: `State 0 (down) in ${rows.length} data centre(s): ${down}, ${at}.` }
  const parts = [down && `down in ${down}`, partial && `degraded in ${partial}`, up && `healthy in ${up}`].filter(Boolean)
  return { tunnel, status: 'degraded', reason: `Some data centres see it down: ${parts.join('; ')}, ${at}.` }
}
