import { describe, expect, it } from 'vitest'
import type { HealthPage, HealthRow } from '../src/health/graphql.js'
import { readHealth } from '../src/health/reader.js'

/** An API over `colos(name)` data centres a tunnel, answering at most `limit` rows, in the order `order` gives. */
function api(colos: (name: string) => number, limit: number, order: 'by-tunnel' | 'interleaved' = 'by-tunnel') {
  const asked: { names: readonly string[]; from: number; to: number; rows: number }[] = []
  const query = async (names: readonly string[], from: Date, to: Date): Promise<HealthPage> => {
    const all: HealthRow[] = names.flatMap((name) =>
      Array.from({ length: colos(name) }, (_, i) => ({ tunnelName: name, coloName: `dc${i}`, state: 1 })),
    )
    if (order === 'interleaved') all.sort((a, b) => a.coloName.localeCompare(b.coloName))
    const rows = all.slice(0, limit)
    asked.push({ names, from: from.getTime(), to: to.getTime(), rows: rows.length })
    return { rows, mayBeCut: rows.length >= limit }
  }
  return { query, asked }
}

async function read(names: string[], query: ReturnType<typeof api>['query'], limit: number, rowsPerTunnel = new Map<string, number>()) {
  const got = new Map<string, HealthRow[]>()
  const unreadable: string[] = []
  const queries = await readHealth(names, 0, 600_000, {
    query,
    limit,
    rowsPerTunnel,
    onTunnel: (name, rows) => got.set(name, rows),
    onUnreadable: (name) => unreadable.push(name),
  })
  return { got, unreadable, queries }
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`)

describe('readHealth', () => {
  it('reads every row of every tunnel, in answers under the limit, sizing batches from what a cut answer showed', async () => {
    const { query, asked } = api(() => 50, 1000)
    const { got, unreadable, queries } = await read(names(1000), query, 1000)
    expect(unreadable).toEqual([])
    expect([...got.values()].every((rows) => rows.length === 50)).toBe(true)
    expect(got.size).toBe(1000)
    // One cut answer for the first guess, then batches of 16 tunnels (800 rows).
    expect(asked.filter(({ rows }) => rows >= 1000)).toHaveLength(1)
    expect(queries).toBeLessThanOrEqual(64)
  })

  it('uses what the last look saw: no cut answer at all', async () => {
    const { query, asked } = api(() => 50, 1000)
    const known = new Map(names(1000).map((name) => [name, 50]))
    await read(names(1000), query, 1000, known)
    expect(asked.every(({ rows }) => rows < 1000)).toBe(true)
    expect(asked.length).toBe(63)
  })

  it('still reads every row when a cut answer mixes tunnels and so under-tells their size', async () => {
    const { query } = api((name) => (name === 't7' ? 90 : 20), 100, 'interleaved')
    const { got, unreadable } = await read(names(40), query, 100)
    expect(unreadable).toEqual([])
    expect(got.get('t7')).toHaveLength(90)
    expect([...got].filter(([name]) => name !== 't7').every(([, rows]) => rows.length === 20)).toBe(true)
  })

  it('narrows a lone tunnel’s window to its newest half, and gives no verdict when even that is too much', async () => {
    const { query, asked } = api((name) => (name === 'huge' ? 500 : 5), 100)
    const { got, unreadable } = await read(['a', 'huge', 'b'], query, 100)
    expect(unreadable).toEqual(['huge'])
    expect(got.has('huge')).toBe(false)
    expect(got.get('a')).toHaveLength(5)
    const windows = asked.filter(({ names: asked }) => asked.length === 1 && asked[0] === 'huge').map(({ from, to }) => to - from)
    expect(windows).toEqual([600_000, 300_000, 150_000, 75_000, 37_500])
  })
})
