import type { Tunnel } from './cloudflare.js'
import { formatAge, formatDuration } from './durations.js'
import { outside } from './log-text.js'

export type Stagger = 'customer-endpoint' | 'none'

export interface RolloutSettings {
  /** Tunnels given a PSK in `psks` (set mode): due whatever their age. */
  explicit: ReadonlySet<string>
  maxAgeMs: number | null
  /** At most this many tunnels rotate in one run; null for no cap. */
  maxTunnels: number | null
  stagger: Stagger
  now: number
}

export interface RolloutPlan {
  /** The tunnels this run rotates, oldest PSK first. */
  rotate: Tunnel[]
  /** Tunnel ID to why the tunnel is not due (its PSK is younger than max-age). */
  skipped: Map<string, string>
  /** Tunnel ID to why a due tunnel waits for a later run. */
  deferred: Map<string, string>
}

/**
 * Which of the selected tunnels rotate in this run. A rotation is a cutover (Cloudflare keeps no
 * second key), so the oldest PSKs go first, one tunnel per router at a time (tunnels that share
 * a `customer_endpoint` end on the same router), then at most `maxTunnels` in all.
 */
export function planRollout(selected: readonly Tunnel[], settings: RolloutSettings): RolloutPlan {
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
    const router = settings.stagger === 'customer-endpoint' ? tunnel.router.customerEndpoint : null
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
    const endpoint = outside(tunnel.router.customerEndpoint ?? '', 64)
    deferred.set(
      tunnel.id,
      rotating.has(first.id)
        ? `tunnel ${outside(first.name, 100)} of the same router (customer_endpoint ${endpoint}) rotates in this run`
        : `tunnel ${outside(first.name, 100)} of the same router (customer_endpoint ${endpoint}) goes first`,
    )
  }
  return { rotate, skipped, deferred }
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
