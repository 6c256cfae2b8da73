import type { HealthPage, HealthRow } from './graphql.js'

/** One query: the named tunnels over [from, to). */
export type PageQuery = (names: readonly string[], from: Date, to: Date) => Promise<HealthPage>

export interface ReadOptions {
  query: PageQuery
  /** Rows an answer holds at most. */
  limit: number
  /** Rows each tunnel had last time (one a data centre), to pack the next batches. */
  rowsPerTunnel: Map<string, number>
  /** A whole answer for the tunnel, read over [from, to) (the newest part of the window when it had to be narrowed). */
  onTunnel: (name: string, rows: HealthRow[], window: { from: number; to: number }) => void
  /** A tunnel with `limit` rows even alone in the narrowest window: it cannot be read whole. */
  onUnreadable: (name: string) => void
}

/** Batches aim at this share of `limit`, leaving room for data centres that were not seen last time. */
const FILL = 0.8
/** A first guess of data centres per tunnel, before any answer told. */
const FIRST_GUESS_ROWS = 10
/** Names in one `tunnelName_in` filter at most, to keep a query small. */
const MAX_NAMES = 200
/** A lone tunnel's window is halved (newest half kept) at most this many times. */
const MAX_HALVINGS = 4

interface Batch {
  names: string[]
  from: number
  to: number
  halvings: number
}

/**
 * Reads every row of `names` over [from, to) in batches of `tunnelName_in`, never judging from an
 * answer that reached `limit`: such a batch is split (sized by what the cut answer showed), and a
 * lone tunnel's window narrowed to its newest half. Throws what the query throws; tunnels already
 * read have been handed to `onTunnel` by then.
 */
export async function readHealth(names: readonly string[], from: number, to: number, options: ReadOptions): Promise<number> {
  const { query, limit, rowsPerTunnel } = options
  let guess = averageRows(rowsPerTunnel) ?? FIRST_GUESS_ROWS
  const estimate = (name: string) => rowsPerTunnel.get(name) ?? guess
  const queue: Batch[] = pack(names, estimate, limit, MAX_NAMES).map((batch) => ({ names: batch, from, to, halvings: 0 }))
  let queries = 0
  // Each round either finishes a batch or splits it into smaller ones or halves its window.
  const maxRounds = 4 * names.length + MAX_HALVINGS * names.length + 16
  for (let round = 0; round < maxRounds; round++) {
    const batch = queue.shift()
    if (!batch) break
    const page = await query(batch.names, new Date(batch.from), new Date(batch.to))
    queries++
    if (!page.mayBeCut) {
      const byName = new Map(batch.names.map((name) => [name, [] as HealthRow[]]))
      for (const row of page.rows) byName.get(row.tunnelName)?.push(row)
      for (const [name, rows] of byName) {
        if (rows.length > 0) rowsPerTunnel.set(name, rows.length)
        options.onTunnel(name, rows, { from: batch.from, to: batch.to })
      }
      continue
    }
    if (batch.names.length === 1) {
      const [name] = batch.names as [string]
      if (batch.halvings >= MAX_HALVINGS) options.onUnreadable(name)
      else queue.unshift({ ...batch, from: batch.from + Math.floor((batch.to - batch.from) / 2), halvings: batch.halvings + 1 })
      continue
    }
    // A cut answer still tells how many data centres its tunnels have: the next batches are sized by it.
    const seen = new Set(page.rows.map((row) => row.tunnelName)).size
    guess = Math.max(guess, Math.ceil(page.rows.length / Math.max(1, seen)))
    for (const name of batch.names) rowsPerTunnel.set(name, Math.max(rowsPerTunnel.get(name) ?? 0, guess))
    // The batches still waiting were sized by the old guess: packed again, behind the cut one's halves.
    const narrowed = queue.filter((waiting) => waiting.halvings > 0)
    const rest = queue.filter((waiting) => waiting.halvings === 0).flatMap((waiting) => waiting.names)
    const smaller = [...pack(batch.names, estimate, limit, Math.ceil(batch.names.length / 2)), ...pack(rest, estimate, limit, MAX_NAMES)]
    queue.splice(0, queue.length, ...narrowed, ...smaller.map((names) => ({ names, from, to, halvings: 0 })))
  }
  for (const batch of queue) for (const name of batch.names) options.onUnreadable(name)
  return queries
}

/** Consecutive batches whose estimated rows stay within FILL × limit, each of at most `maxNames`. */
function pack(names: readonly string[], estimate: (name: string) => number, limit: number, maxNames: number): string[][] {
  const target = Math.max(1, Math.floor(limit * FILL))
  const batches: string[][] = []
  let current: string[] = []
  let rows = 0
  for (const name of names) {
    const own = estimate(name)
    if (current.length > 0 && (rows + own > target || current.length >= maxNames)) {
      batches.push(current)
      current = []
      rows = 0
    }
    current.push(name)
    rows += own
  }
  if (current.length > 0) batches.push(current)
  return batches
}

function averageRows(rowsPerTunnel: Map<string, number>): number | null {
  if (rowsPerTunnel.size === 0) return null
  let sum = 0
  for (const rows of rowsPerTunnel.values()) sum += rows
  return Math.ceil(sum / rowsPerTunnel.size)
}
