import type { Tunnel } from './cloudflare.js'
import { formatAge, formatDuration } from './durations.js'
import { outside } from './log-text.js'
import type { Logger } from './logger.js'
import { groupByClaim, routerClaims, type RouterClaim, type RouterRules } from './routers.js'

export type Stagger = 'customer-endpoint' | 'none'

export interface RolloutSettings {
  /** Tunnels given a PSK in `psks` (set mode): due whatever their age. */
  explicit: ReadonlySet<string>
  maxAgeMs: number | null
  /** At most this many tunnels rotate in one run; null for no cap. */
  maxTunnels: number | null
  stagger: Stagger
  /** `routers` and `router-pattern`: which tunnels share a router besides a `customer_endpoint`. */
  routerRules: RouterRules
  now: number
}

export interface RolloutPlan {
  /** The tunnels this run rotates, oldest PSK first. */
  rotate: Tunnel[]
  /** Tunnel ID to why the tunnel is not due (its PSK is younger than max-age). */
  skipped: Map<string, string>
  /** Tunnel ID to why a due tunnel waits for a later run. */
  deferred: Map<string, string>
  /** Router key to its selected tunnels, in the order they were listed. */
  routers: Map<string, Tunnel[]>
  /** Tunnel ID to its router. */
  claims: Map<string, RouterClaim>
  /** Tunnels this run rotates without a partner on their router, in words, for the log and the summary. */
  warnings: string[]
}

/**
 * Which of the selected tunnels rotate in this run. A rotation is a cutover (Cloudflare keeps no
 * second key), so the oldest PSKs go first, one tunnel per router at a time (see `routerClaims`
 * for what puts tunnels on one router), then at most `maxTunnels` in all. A tunnel that two
 * `routers` entries claim stops the run here, before anything changes.
 */
export function planRollout(selected: readonly Tunnel[], settings: RolloutSettings): RolloutPlan {
  const claims = routerClaims(selected, settings.routerRules)
  const routers = groupByClaim(selected, claims)
  const skipped = new Map<string, string>()
  const candidates: Tunnel[] = []
  for (const tunnel of selected) {
    if (settings.explicit.has(tunnel.id) || isDue(tunnel, settings.maxAgeMs, settings.now)) candidates.push(tunnel)
    else
      skipped.set(
        tunnel.id,
        `PSK is ${formatAge(tunnel.lastGeneratedOn, settings.now)} old, younger than max-age ${formatDuration(settings.maxAgeMs ?? 0)}`,
      )
  }
  candidates.sort(oldestPskFirst)

  const firstOfRouter = new Map<string, Tunnel>()
  const partners: [Tunnel, Tunnel][] = []
  const staggered: Tunnel[] = []
  for (const tunnel of candidates) {
    const router = settings.stagger === 'customer-endpoint' ? (claims.get(tunnel.id)?.key ?? null) : null
    const first = router ? firstOfRouter.get(router) : undefined
    if (first) {
      partners.push([tunnel, first])
      continue
    }
    if (router) firstOfRouter.set(router, tunnel)
    staggered.push(tunnel)
  }

  const cap = settings.maxTunnels ?? staggered.length
  const rotate = staggered.slice(0, cap)
  const deferred = new Map<string, string>()
  for (const tunnel of staggered.slice(cap)) deferred.set(tunnel.id, `max-tunnels ${cap} reached; its PSK is among the newer due ones`)
  const rotating = new Set(rotate.map((tunnel) => tunnel.id))
  for (const [tunnel, first] of partners) {
    const router = describeRouter(claims.get(tunnel.id))
    deferred.set(
      tunnel.id,
      rotating.has(first.id)
        ? `tunnel ${outside(first.name, 100)} of the same router (${router}) rotates in this run`
        : `tunnel ${outside(first.name, 100)} of the same router (${router}) goes first`,
    )
  }
  return { rotate, skipped, deferred, routers, claims, warnings: loneTunnelWarnings(rotate, routers, claims) }
}

/** At most this many tunnels are named in one warning; the rest are counted. */
const NAMED_IN_ONE_WARNING = 50

/**
 * A tunnel that rotates with no other selected tunnel on its router takes its site down until the
 * router takes the new key. Tunnels without a `customer_endpoint` or a name rule get their own
 * warning: their router is unknown, so a partner may exist that the rollout cannot see.
 */
function loneTunnelWarnings(
  rotate: readonly Tunnel[],
  routers: ReadonlyMap<string, Tunnel[]>,
  claims: ReadonlyMap<string, RouterClaim>,
): string[] {
  const unplaced = rotate.filter((tunnel) => claims.get(tunnel.id)?.by === 'own')
  const alone = rotate.filter((tunnel) => {
    const claim = claims.get(tunnel.id)
    return claim !== undefined && claim.by !== 'own' && routers.get(claim.key)?.length === 1
  })
  const warnings: string[] = []
  if (alone.length > 0) {
    warnings.push(
      `${countOf(alone, 'tunnel rotates', 'tunnels rotate')} with no partner on ${alone.length === 1 ? 'its' : 'their'} router among the selected tunnels: ` +
        `${namesOf(alone, (tunnel) => ` (${describeRouter(claims.get(tunnel.id))})`)}. ` +
        `Each site is down from its rotation until its router takes the new key.`,
    )
  }
  if (unplaced.length > 0) {
    warnings.push(
      `${countOf(unplaced, 'tunnel has', 'tunnels have')} no customer_endpoint and no match in routers or router-pattern, so each is a router of its own and rotates with no partner: ` +
        `${namesOf(unplaced)}. Each site is down from its rotation until its router takes the new key; name the tunnels of one router in routers or router-pattern.`,
    )
  }
  return warnings
}

const countOf = (tunnels: readonly Tunnel[], one: string, many: string) => `${tunnels.length} ${tunnels.length === 1 ? one : many}`

function namesOf(tunnels: readonly Tunnel[], detail: (tunnel: Tunnel) => string = () => ''): string {
  const shown = tunnels.slice(0, NAMED_IN_ONE_WARNING).map((tunnel) => `${outside(tunnel.name, 100)}${detail(tunnel)}`)
  return tunnels.length > NAMED_IN_ONE_WARNING ? `${shown.join(', ')} and ${tunnels.length - NAMED_IN_ONE_WARNING} more` : shown.join(', ')
}

/** "customer_endpoint 2001:db8::1", "router berlin from routers", "router berlin from router-pattern". */
function describeRouter(claim: RouterClaim | undefined): string {
  if (!claim || claim.by === 'own') return 'no customer_endpoint'
  if (claim.by === 'customer_endpoint') return `customer_endpoint ${outside(claim.key, 64)}`
  return `router ${outside(claim.key, 64)} from ${claim.by}`
}

/**
 * The plan router by router (every router and its tunnels, and what each does in this run: in which
 * wave, for a rolling rotation), then the warnings.
 */
export function logRouterPlan(logger: Logger, plan: RolloutPlan, waves: readonly Tunnel[][] | null = null): void {
  const rotating = new Set(plan.rotate.map((tunnel) => tunnel.id))
  const waveOf = new Map((waves ?? []).flatMap((wave, index) => wave.map((tunnel) => [tunnel.id, index + 1] as const)))
  const doing = (tunnel: Tunnel) =>
    waveOf.has(tunnel.id)
      ? `rotates in wave ${waveOf.get(tunnel.id)}`
      : rotating.has(tunnel.id)
        ? 'rotates'
        : plan.deferred.has(tunnel.id)
          ? 'deferred'
          : 'skipped'
  logger.info(`${plan.routers.size} router${plan.routers.size === 1 ? '' : 's'}:`)
  for (const [key, tunnels] of plan.routers) {
    const by = plan.claims.get(tunnels[0]?.id ?? '')?.by ?? 'own'
    const list = tunnels.map((tunnel) => `${outside(tunnel.name, 100)} ${doing(tunnel)}`).join(', ')
    logger.info(`  ${outside(key, 64)} (${by === 'own' ? 'no customer_endpoint or router rule' : `by ${by}`}): ${list}`)
  }
  for (const warning of plan.warnings) logger.warning(warning)
}

/** A tunnel whose PSK is older than `maxAgeMs`, or whose PSK age is unknown, is due for rotation. */
export function isDue(tunnel: Tunnel, maxAgeMs: number | null, now: number): boolean {
  if (maxAgeMs === null || tunnel.lastGeneratedOn === null) return true
  const generated = Date.parse(tunnel.lastGeneratedOn)
  return Number.isNaN(generated) || now - generated >= maxAgeMs
}

/** Tunnels without a known PSK age first, then by that time ascending, ties by name. */
function oldestPskFirst(a: Tunnel, b: Tunnel): number {
  const at = generatedAt(a)
  const bt = generatedAt(b)
  if (at !== bt) return at - bt
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

function generatedAt(tunnel: Tunnel): number {
  const time = tunnel.lastGeneratedOn === null ? Number.NaN : Date.parse(tunnel.lastGeneratedOn)
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time
}
