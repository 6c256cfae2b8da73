import type { Tunnel } from '../cloudflare.js'
import { DeadlineError, TransportError } from '../http.js'
import { formatSeconds, sleep as defaultSleep, type Logger } from '../logger.js'
import type { HealthStatus } from '../rotation.js'
import { QueryBudget } from './budget.js'
import { HealthBusyError, type HealthPage } from './graphql.js'
import { assess, CLOUDFLARE_HOLD_MS, unreadable, type Assessment, type Observation, type Timing } from './judge.js'
import { readHealth } from './reader.js'

export interface HealthVerdict {
  tunnel: Tunnel
  status: HealthStatus
  /** What was seen, in words (safe for a log line). */
  reason: string
  /** When the verdict was reached: the look that settled it, or the end of the wait. */
  at: number
}

export interface VerifyOptions {
  /** One answer for the named tunnels over [from, to). */
  query: (names: readonly string[], from: Date, to: Date) => Promise<HealthPage>
  /** Rows an answer holds at most. */
  limit: number
  /** When the step started: results older than this plus `settleMs` say nothing about the new SAs. */
  startedAt: number
  settleMs: number
  timeoutMs: number
  budget: { queries: number; windowMs: number }
  /** The account of that budget kept over several waits (a rolling rotation verifies each wave); a new one if left out. */
  budgetAccount?: QueryBudget
  /** Ends the wait at once (a cancel): tunnels still open keep the verdict they had. */
  stop?: AbortSignal
  logger: Logger
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  /** Cloudflare's minimum hold; its documented 5 minutes unless a test says otherwise. */
  holdMs?: number
}

/** Each look reads at most the last five minutes, Cloudflare's own window for calling a tunnel degraded. */
const RECENT_WINDOW_MS = 5 * 60_000
/** A look every twentieth of verify-timeout, within Cloudflare's advice of at most every 15–30 s for long runs. */
const LOOKS_PER_TIMEOUT = 20
const MIN_INTERVAL_MS = 1_000
const MAX_INTERVAL_MS = 30_000

/**
 * Looks at the probed tunnels' health checks from the end of the settle time until every tunnel
 * has a verdict no later look can change (healthy or up; down or degraded after Cloudflare's hold)
 * or verify-timeout is reached, each look reading only the tunnels still open. Tunnels without a
 * whole answer by then are `no-data`.
 */
export async function verifyTunnels(tunnels: readonly Tunnel[], options: VerifyOptions): Promise<HealthVerdict[]> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  const settleEnd = options.startedAt + options.settleMs
  const timing: Timing = {
    settleEnd,
    holdEnd: settleEnd + (options.holdMs ?? CLOUDFLARE_HOLD_MS),
    deadline: options.startedAt + options.timeoutMs,
    timeoutMs: options.timeoutMs,
  }
  const interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.floor(options.timeoutMs / LOOKS_PER_TIMEOUT)))
  const budget = options.budgetAccount ?? new QueryBudget(options.budget, now, sleep)
  const stopped = () => options.stop?.aborted === true
  const probed = tunnels.filter((tunnel) => tunnel.healthCheckEnabled)
  const observations = new Map<string, Observation>()
  const unreadableNames = new Set<string>()
  const rowsPerTunnel = new Map<string, number>()
  let lastProblem: string | null = null
  const assessAll = () =>
    new Map(
      probed.map((tunnel) => [
        tunnel.id,
        unreadableNames.has(tunnel.name) ? unreadable(options.limit) : assess(observations.get(tunnel.name), now(), timing, lastProblem),
      ]),
    )

  // The first look waits for one interval of results after the settle time, so that every data
  // centre has had time to report (within the time-out).
  const firstLook = Math.min(settleEnd + interval, settleEnd + Math.floor((timing.deadline - settleEnd) / 2))
  if (probed.length > 0 && now() < firstLook) {
    options.logger.info(
      `Ignoring results until ${new Date(settleEnd).toISOString()} (verify-settle), while the new SAs reach every data centre; first look at ${new Date(firstLook).toISOString()}.`,
    )
    await sleep(firstLook - now())
  }
  const query = async (names: readonly string[], from: Date, to: Date): Promise<HealthPage> => {
    if (!(await budget.take(timing.deadline)))
      throw new DeadlineError('Cloudflare', 'read tunnel health checks', 'the GraphQL budget has no room before it', false)
    return options.query(names, from, to)
  }

  const settledAt = new Map<string, number>()
  const noteSettled = (verdicts: Map<string, Assessment>) => {
    for (const [id, verdict] of verdicts) if (verdict.settled && !settledAt.has(id)) settledAt.set(id, now())
  }
  let verdicts = assessAll()
  const maxLooks = Math.ceil(options.timeoutMs / interval) + 1
  for (let look = 1; look <= maxLooks && probed.length > 0 && !stopped(); look++) {
    const open = probed.filter((tunnel) => !verdicts.get(tunnel.id)?.settled)
    if (open.length === 0) break
    const to = now()
    const from = Math.max(settleEnd, to - RECENT_WINDOW_MS)
    try {
      const queries = await readHealth([...new Set(open.map((tunnel) => tunnel.name))], from, to, {
        query,
        limit: options.limit,
        rowsPerTunnel,
        onTunnel: (name, rows, window) => {
          // An empty answer keeps the last one: results lag, and sampling may leave a window empty.
          if (rows.length > 0 || !observations.has(name)) observations.set(name, { rows, ...window })
        },
        onUnreadable: (name) => unreadableNames.add(name),
      })
      lastProblem = null
      options.logger.debug(`Health checks, look ${look}: ${open.length} tunnels in ${queries} queries.`)
    } catch (error) {
      if (error instanceof DeadlineError) {
        lastProblem = `verify-timeout ran out (${error.message})`
        break
      }
      if (!(error instanceof HealthBusyError || error instanceof TransportError)) throw error
      lastProblem = error.message
      options.logger.info(`Health checks, look ${look}: ${error.message}; looking again in ${formatSeconds(interval)}.`)
    }
    verdicts = assessAll()
    noteSettled(verdicts)
    const waiting = probed.filter((tunnel) => !verdicts.get(tunnel.id)?.settled)
    if (waiting.length === 0 || now() + interval >= timing.deadline || stopped()) break
    options.logger.info(
      `Health checks, look ${look}: ${probed.length - waiting.length} of ${probed.length} tunnels have a verdict; waiting for ${waiting.length} (${describeWaiting(waiting, verdicts)}; next look in ${formatSeconds(interval)}, until ${new Date(timing.deadline).toISOString()}).`,
    )
    await sleep(interval)
  }

  verdicts = assessAll()
  const end = now()
  return tunnels.map((tunnel) => {
    const verdict = verdicts.get(tunnel.id)
    if (verdict) return { tunnel, status: verdict.status, reason: verdict.reason, at: settledAt.get(tunnel.id) ?? end }
    return {
      tunnel,
      status: 'unverifiable',
      reason: 'health_check.enabled is false: Cloudflare does not probe this tunnel, so nothing can say whether it is up.',
      at: end,
    }
  })
}

function describeWaiting(waiting: readonly Tunnel[], verdicts: Map<string, Assessment>): string {
  const counts = new Map<HealthStatus, number>()
  for (const tunnel of waiting) {
    const status = verdicts.get(tunnel.id)?.status ?? 'no-data'
    counts.set(status, (counts.get(status) ?? 0) + 1)
  }
  return [...counts].map(([status, count]) => `${count} ${status === 'no-data' ? 'without data' : `${status} so far`}`).join(', ')
}
