import type { BgpStatus } from '../cloudflare.js'
import { formatWait } from '../durations.js'
import { outside } from '../log-text.js'
import type { HealthStatus } from '../rotation.js'
import type { HealthRow } from './graphql.js'

/** A tunnel's latest whole answer: one row a data centre, averaged over [from, to). */
export interface Observation {
  rows: HealthRow[]
  from: number
  to: number
}

/** The moments a verdict depends on (epoch ms). */
export interface Timing {
  /** Start of the step plus verify-settle: older results are ignored. */
  settleEnd: number
  /** When Cloudflare's minimum hold could have cleared a data centre that went down by the step's start. */
  holdEnd: number
  deadline: number
  timeoutMs: number
}

export interface Assessment {
  status: HealthStatus
  /** In words, safe for a log line. */
  reason: string
  /** No later look can change the verdict: stop looking at this tunnel. */
  settled: boolean
}

/** Cloudflare keeps a tunnel degraded or down for at least this long, even when checks succeed again. */
export const CLOUDFLARE_HOLD_MS = 5 * 60_000
const NAMED_COLOS = 8

/**
 * Cloudflare's own rules, per data centre (an average of 1 is healthy, 0 down, anything between
 * degraded): `healthy` when every one is healthy; `up` when none is down; with some down, the
 * verdict waits for Cloudflare's hold, then is `down` (all down) or `degraded` (some).
 */
export function assess(observation: Observation | undefined, now: number, timing: Timing, lastProblem: string | null): Assessment {
  if (!observation || observation.rows.length === 0) {
    return {
      status: 'no-data',
      reason: `No health-check result newer than the step's start plus verify-settle (${iso(timing.settleEnd)}) within verify-timeout ${formatWait(timing.timeoutMs)}; results lag by up to a few minutes.${lastProblem ? ` The last look failed: ${lastProblem}` : ''}`,
      settled: false,
    }
  }
  const { rows } = observation
  const healthy = rows.filter((row) => row.state >= 0.999)
  const down = rows.filter((row) => row.state <= 0.001)
  const degraded = rows.filter((row) => row.state > 0.001 && row.state < 0.999)
  const at = `as of ${iso(observation.to)}`
  if (down.length === 0 && degraded.length === 0) {
    return { status: 'healthy', reason: `State 1 (healthy) in all ${rows.length} data centre(s): ${colos(healthy)}, ${at}.`, settled: true }
  }
  if (down.length === 0) {
    return {
      status: 'up',
      reason: `Up: no data centre sees it down. Degraded in ${colos(degraded)}${healthy.length > 0 ? `, healthy in ${colos(healthy)}` : ''}, ${at}; Cloudflare takes up to 30 minutes to call a recovered tunnel healthy.`,
      settled: true,
    }
  }
  const afterHold = now >= timing.holdEnd
  const hold = afterHold
    ? " after Cloudflare's 5-minute hold could have cleared it"
    : `. Cloudflare keeps a data centre down for at least 5 minutes; verify-timeout ended before that hold could clear it (${iso(timing.holdEnd)}), so a longer verify-timeout can tell a late recovery from a failure`
  if (down.length === rows.length) {
    return {
      status: 'down',
      reason: `State 0 (down) in all ${rows.length} data centre(s): ${colos(down)}, ${at}${hold}.`,
      settled: afterHold,
    }
  }
  const others = [degraded.length > 0 && `degraded in ${colos(degraded)}`, healthy.length > 0 && `healthy in ${colos(healthy)}`]
  return {
    status: 'degraded',
    reason: `Down in ${down.length} of ${rows.length} data centres: ${colos(down)}; ${others.filter(Boolean).join(', ')}, ${at}${hold}.`,
    settled: afterHold,
  }
}

/** A tunnel whose answer reaches `limit` rows even alone in the narrowest window. */
export function unreadable(limit: number): Assessment {
  return {
    status: 'unverifiable',
    reason: `Its health checks reach the GraphQL answer limit of ${limit} rows even alone over a short window, so no answer is known to be whole: no verdict.`,
    settled: true,
  }
}

/**
 * BGP as a second signal: a session not `BGP_UP` turns passing health checks into `degraded`;
 * otherwise the session's state is added to the reason.
 */
export function withBgp(assessment: Assessment, bgp: BgpStatus | undefined): Assessment {
  if (!bgp) return assessment
  const session = `BGP session ${outside(bgp.state, 40)}${bgp.updatedAt ? ` (updated ${outside(bgp.updatedAt, 40)})` : ''}`
  if (bgp.state !== 'BGP_UP' && (assessment.status === 'healthy' || assessment.status === 'up')) {
    return {
      status: 'degraded',
      reason: `Health checks pass, but the ${session} is not up, so no routes are learnt over it: ${assessment.reason}`,
      settled: true,
    }
  }
  return { ...assessment, reason: `${assessment.reason} ${session}.` }
}

function colos(rows: HealthRow[]): string {
  const names = rows.slice(0, NAMED_COLOS).map((row) => outside(row.coloName, 40))
  return rows.length > NAMED_COLOS ? `${names.join(', ')} and ${rows.length - NAMED_COLOS} more` : names.join(', ')
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
