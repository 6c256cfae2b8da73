// Cloudflare's documented tunnel health model (../shared/cloudflare/graphql-tunnel-health.md, "How
// Cloudflare computes tunnel health"), per tunnel and data centre, on a probe clock: new SAs reach
// the data centres over a propagation window (the others drop the tunnel's traffic meanwhile);
// healthy → degraded or down at once; down → degraded after three good probes, degraded → healthy
// after 30 clean ones, neither before a minimum hold. Every duration is scalable for tests.

/** Cloudflare's numbers; `scaled(factor)` shrinks every duration alike. */
export interface HealthTiming {
  /** Between two probes of one data centre (the undocumented rate; an older page said 60 s). */
  probeIntervalMs: number
  /** New SAs reach the first data centre at once, the last after `propagation[1]`. */
  propagationMs: [number, number]
  /** A tunnel stays degraded or down at least this long, even when checks succeed again. */
  holdMs: number
  /** Consecutive good probes for down → degraded. */
  recoveryProbes: number
  /** Consecutive clean probes (failure rate under 0.1%) for degraded → healthy. */
  healthyProbes: number
}

export const CLOUDFLARE_TIMING: HealthTiming = {
  probeIntervalMs: 60_000,
  propagationMs: [90_000, 150_000],
  holdMs: 300_000,
  recoveryProbes: 3,
  healthyProbes: 30,
}

export function scaled(factor: number, timing: HealthTiming = CLOUDFLARE_TIMING): HealthTiming {
  return {
    ...timing,
    probeIntervalMs: Math.round(timing.probeIntervalMs * factor),
    propagationMs: [Math.round(timing.propagationMs[0] * factor), Math.round(timing.propagationMs[1] * factor)],
    holdMs: Math.round(timing.holdMs * factor),
  }
}

/** What one probe through a data centre's path sees: all good, some retries lost, or all lost. */
export type PathOutcome = 'ok' | 'lossy' | 'fail'
type State = 'healthy' | 'degraded' | 'down'
const VALUE: Record<State, number> = { healthy: 1, degraded: 0.5, down: 0 }

interface Track {
  state: State
  badSince: number
  goodStreak: number
  cleanStreak: number
  /** Probes made so far: ticks 0 … lastTick. */
  lastTick: number
  /** The recorded `tunnelState` of each tick, run-length encoded: from `tick` on, `value`. */
  changes: { tick: number; value: number }[]
  path: PathOutcome
}

interface TunnelLink {
  up: boolean
  /** When the SA in use was negotiated; it reaches data centre i at `saAt + delay(i)`. */
  saAt: number
  sa: string
  tracks: Map<string, Track>
}

export class TunnelHealthModel {
  private readonly tunnels = new Map<string, TunnelLink>()
  private readonly origin: number
  private readonly index: Map<string, number>

  constructor(
    readonly colos: readonly string[],
    readonly timing: HealthTiming,
    private readonly now: () => number = Date.now,
  ) {
    if (colos.length === 0) throw new Error('TunnelHealthModel: at least one data centre')
    this.origin = now()
    this.index = new Map(colos.map((colo, i) => [colo, i]))
  }

  /** A tunnel whose router has held a working SA for long: healthy everywhere. */
  addTunnel(name: string): void {
    const tracks = new Map(this.colos.map((colo) => [colo, newTrack()]))
    this.tunnels.set(name, { up: true, saAt: -Infinity, sa: 'initial', tracks })
  }

  has(name: string): boolean {
    return this.tunnels.has(name)
  }

  /**
   * The router's IKE state as Cloudflare's edge would see it: `up` with an SA (a new `sa` name, or
   * coming up from down, means a new SA, which then propagates), or no SA at all.
   */
  setLink(name: string, up: boolean, sa = 'current'): void {
    const link = this.link(name)
    this.advance()
    if (up && (!link.up || sa !== link.sa)) link.saAt = this.now()
    link.up = up
    link.sa = sa
  }

  /** The router authenticated again (with the right key): a new SA, negotiated now. */
  reauthenticate(name: string): void {
    this.setLink(name, true, `sa-${this.now()}`)
  }

  /** A fault on the path through one data centre only (an Internet path issue, say). */
  setPath(name: string, colo: string, outcome: PathOutcome): void {
    const track = this.link(name).tracks.get(colo)
    if (!track) throw new Error(`TunnelHealthModel: no data centre ${colo}`)
    this.advance()
    track.path = outcome
  }

  /** The data centre's state at its latest probe. */
  stateOf(name: string, colo: string): State {
    this.advance()
    return this.link(name).tracks.get(colo)!.state
  }

  /** Names, data centres and the (sum, count) of probe results in [from, to) at every `stride`-th tick, up to `visibleUntil`. */
  *groups(from: number, to: number, visibleUntil: number, names?: ReadonlySet<string>, stride = 1) {
    this.advance()
    for (const [name, link] of this.tunnels) {
      if (names && !names.has(name)) continue
      for (const [colo, track] of link.tracks) {
        const { sum, count } = this.sumOver(track, colo, from, Math.min(to, visibleUntil + 1), stride)
        if (count > 0) yield { name, colo, sum, count }
      }
    }
  }

  /** How many probe results [from, to) holds in all, to decide how much to sample. */
  sampleCount(from: number, to: number, names?: ReadonlySet<string>): number {
    let total = 0
    for (const group of this.groups(from, to, Infinity, names)) total += group.count
    return total
  }

  private link(name: string): TunnelLink {
    const link = this.tunnels.get(name)
    if (!link) throw new Error(`TunnelHealthModel: no tunnel ${name}`)
    return link
  }

  private tickTime(colo: string, tick: number): number {
    // Data centres probe out of step with each other, as independent servers do.
    const offset = ((this.index.get(colo) ?? 0) / this.colos.length) * this.timing.probeIntervalMs
    return this.origin + offset + tick * this.timing.probeIntervalMs
  }

  private advance(): void {
    const now = this.now()
    for (const link of this.tunnels.values()) {
      for (const [colo, track] of link.tracks) {
        for (let tick = track.lastTick + 1; this.tickTime(colo, tick) <= now; tick++) {
          const at = this.tickTime(colo, tick)
          step(track, this.outcome(link, colo, track, at), at, this.timing)
          track.lastTick = tick
          const value = VALUE[track.state]
          if (track.changes.at(-1)?.value !== value) track.changes.push({ tick, value })
        }
      }
    }
  }

  private outcome(link: TunnelLink, colo: string, track: Track, at: number): PathOutcome {
    if (!link.up) return 'fail'
    const [first, last] = this.timing.propagationMs
    const index = this.index.get(colo) ?? 0
    // The negotiating server's data centre has the SA at once; the others within the window.
    const delay = index === 0 ? 0 : first + ((last - first) * (index - 1)) / Math.max(1, this.colos.length - 2)
    if (at < link.saAt + delay) return 'fail'
    return track.path
  }

  private sumOver(track: Track, colo: string, from: number, to: number, stride: number): { sum: number; count: number } {
    const interval = this.timing.probeIntervalMs
    const base = this.tickTime(colo, 0)
    const first = Math.max(0, Math.ceil((from - base) / interval))
    const last = Math.min(track.lastTick, Math.ceil((to - base) / interval) - 1)
    let sum = 0
    let count = 0
    track.changes.forEach((change, i) => {
      const start = Math.max(first, change.tick)
      const end = Math.min(last, (track.changes[i + 1]?.tick ?? Infinity) - 1)
      if (end < start) return
      const ticks = Math.floor(end / stride) - Math.ceil(start / stride) + 1
      sum += ticks * change.value
      count += ticks
    })
    return { sum, count }
  }
}

function newTrack(): Track {
  return { state: 'healthy', badSince: -Infinity, goodStreak: 0, cleanStreak: 0, lastTick: -1, changes: [], path: 'ok' }
}

function step(track: Track, outcome: PathOutcome, at: number, timing: HealthTiming): void {
  track.goodStreak = outcome === 'fail' ? 0 : track.goodStreak + 1
  track.cleanStreak = outcome === 'ok' ? track.cleanStreak + 1 : 0
  const held = at - track.badSince >= timing.holdMs
  if (outcome === 'fail' && track.state !== 'down') {
    track.state = 'down'
    track.badSince = at
  } else if (outcome === 'lossy' && track.state === 'healthy') {
    track.state = 'degraded'
    track.badSince = at
  } else if (track.state === 'down' && held && track.goodStreak >= timing.recoveryProbes) {
    track.state = 'degraded'
  } else if (track.state === 'degraded' && held && track.cleanStreak >= timing.healthyProbes) {
    track.state = 'healthy'
  }
}
