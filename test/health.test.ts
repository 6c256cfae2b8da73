import { describe, expect, it } from 'vitest'
import type { Tunnel } from '../src/cloudflare.js'
import type { HealthRow } from '../src/health/graphql.js'
import { verifyTunnels } from '../src/health/verify.js'

const START = Date.parse('2026-06-01T12:00:00Z')

function tunnel(name: string, healthCheckEnabled = true): Tunnel {
  return {
    id: name.padEnd(32, 'a').slice(0, 32),
    name,
    lastGeneratedOn: null,
    healthCheckEnabled,
    router: { customerEndpoint: null, cloudflareEndpoint: null, interfaceAddress: null, fqdnId: null },
  }
}

/** verifyTunnels on a fake clock; `rowsAt(elapsedMs)` says what a query sees at that moment. */
async function verifyWith(tunnels: Tunnel[], timeoutMs: number, rowsAt: (elapsedMs: number) => HealthRow[]) {
  let clock = START + 200
  const windows: { from: number; to: number }[] = []
  const verdicts = await verifyTunnels(tunnels, {
    startedAt: START,
    timeoutMs,
    logger: { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms
    },
    query: async (from, to) => {
      windows.push({ from: from.getTime(), to: to.getTime() })
      return rowsAt(to.getTime() - START)
    },
  })
  return { verdicts: Object.fromEntries(verdicts.map(({ tunnel: t, status }) => [t.name, status])), windows }
}

describe('verifyTunnels', () => {
  it('stops at the first look that finds every probed tunnel healthy', async () => {
    const { verdicts, windows } = await verifyWith([tunnel('a'), tunnel('b'), tunnel('off', false)], 600_000, () => [
      { tunnelName: 'a', coloName: 'fra06', state: 1 },
      { tunnelName: 'b', coloName: 'fra06', state: 1 },
    ])
    expect(verdicts).toEqual({ a: 'healthy', b: 'healthy', off: 'unverifiable' })
    expect(windows).toHaveLength(1)
    expect(windows[0]?.from).toBe(START)
  })

  it('looks every 30 s at most, never before the start, and gives up at the time-out', async () => {
    const { verdicts, windows } = await verifyWith([tunnel('a')], 600_000, () => [])
    expect(verdicts).toEqual({ a: 'no-data' })
    expect(windows.length).toBe(20)
    expect(windows.every(({ from }) => from >= START)).toBe(true)
    expect(windows.at(-1)!.to - START).toBeLessThanOrEqual(600_000)
    // Each look reads the last five minutes only, so a tunnel that came up is seen as up.
    expect(windows.at(-1)!.to - windows.at(-1)!.from).toBe(5 * 60_000)
  })

  it('takes the latest fresh results: down first, then up', async () => {
    const { verdicts, windows } = await verifyWith([tunnel('a')], 120_000, (elapsed) => [
      { tunnelName: 'a', coloName: 'fra06', state: elapsed < 60_000 ? 0 : 1 },
    ])
    expect(verdicts).toEqual({ a: 'healthy' })
    expect(windows.map(({ to }) => to - START)).toEqual([200, 30_200, 60_200])
  })

  it('polls no faster than every 5 s, even with a short time-out', async () => {
    const { verdicts, windows } = await verifyWith([tunnel('a')], 8_000, () => [{ tunnelName: 'a', coloName: 'x', state: 0 }])
    expect(verdicts).toEqual({ a: 'down' })
    expect(windows.map(({ to }) => to - START)).toEqual([200, 5_200])
  })
})
