import type { Tunnel } from './cloudflare.js'
import type { RouterClaim } from './routers.js'

/**
 * The waves of a rolling rotation: wave k holds the k-th due tunnel of every router, in the
 * order given (oldest PSK first), so no router has two tunnels cut over at once. With `stagger:
 * none` every due tunnel is in the one wave.
 */
export function planWaves(due: readonly Tunnel[], claims: ReadonlyMap<string, RouterClaim>, staggered: boolean): Tunnel[][] {
  if (!staggered) return due.length > 0 ? [[...due]] : []
  const waves: Tunnel[][] = []
  const placed = new Map<string, number>()
  for (const tunnel of due) {
    const router = claims.get(tunnel.id)?.key ?? `tunnel-${tunnel.id}`
    const index = placed.get(router) ?? 0
    placed.set(router, index + 1)
    const wave = (waves[index] ??= [])
    wave.push(tunnel)
  }
  return waves
}
