import { describe, expect, it } from 'vitest'
import { describeRouterRun, describeWaveEnd, rollingOutputs, rollingSummary, routerOutcomes, routerStops } from '../src/rolling-report.js'
import { recordingSummary } from './helpers/summary-recorder.js'
import { resultFor, type TunnelResult } from '../src/rotation.js'
import { tunnelOf } from './helpers/tunnels.js'

const on = (router: string, name: string, fields: Partial<TunnelResult>): TunnelResult =>
  resultFor(tunnelOf(name), fields.status ?? 'rotated', { routerKey: router, ...fields })

describe('routerOutcomes', () => {
  const results = [
    on('alpha', 'alpha-1', { wave: 1, verdict: 'up' }),
    on('alpha', 'alpha-2', { wave: 2, verdict: 'healthy' }),
    on('bravo', 'bravo-1', { wave: 1, status: 'failed', verdict: 'down', error: 'down after the router step' }),
    on('bravo', 'bravo-2', { wave: 2, status: 'deferred', reason: 'tunnel bravo-1 did not come back' }),
    on('charlie', 'charlie-1', { wave: 1, verdict: 'up' }),
    on('charlie', 'charlie-2', { status: 'deferred', reason: 'max-tunnels 3 reached' }),
    on('delta', 'delta-1', { status: 'skipped', reason: 'young' }),
  ]

  it('calls a router done when every due tunnel rotated and reads up, stopped at any failure, else left; skipped tunnels do not count', () => {
    const outcomes = routerOutcomes(results)
    expect(Object.fromEntries([...outcomes].map(([key, { outcome }]) => [key, outcome]))).toEqual({
      alpha: 'done',
      bravo: 'stopped',
      charlie: 'left',
    })
    expect(rollingOutputs(results)).toEqual({ 'routers-done-count': '1', 'routers-stopped-count': '1', 'routers-left-count': '1' })
  })

  it('names the tunnel a router stops at, with what was seen, and lets a carried tunnel go on', () => {
    expect(routerStops(results[0]!)).toBeNull()
    expect(routerStops(results[2]!)).toBe(`tunnel bravo-1 (${tunnelOf('bravo-1').id}) did not come back: down after the router step`)
    expect(routerStops(on('x', 'x-1', { verdict: 'degraded' }))).toMatch(/did not come back: Cloudflare reads it degraded$/)
    expect(routerStops(on('x', 'x-1\n::error::y', {}))).toMatch(/^tunnel x-1\\n::error::y .*nothing confirmed it carries traffic$/)
  })
})

describe('describeRouterRun', () => {
  const base = { exitCode: 0, signal: null, stoppedBy: null, reported: null, reportProblem: null, durationMs: 1234 } as const
  it.each([
    [base, 'router-command exited with status 0 after 1.2 s; no ROUTER_REPORT.'],
    [
      { ...base, reported: ['a', 'b'] },
      'router-command exited with status 0 after 1.2 s; ROUTER_REPORT names 2 tunnels or routers that did not take the new PSK.',
    ],
    [
      { ...base, exitCode: null, signal: 'SIGKILL' as const, stoppedBy: 'router-timeout' as const },
      'router-command was stopped at router-timeout (after 1.2 s); no ROUTER_REPORT.',
    ],
    [{ ...base, exitCode: null, signal: 'SIGTERM' as const }, 'router-command was ended by SIGTERM after 1.2 s; no ROUTER_REPORT.'],
    [
      { ...base, reportProblem: 'ROUTER_REPORT is not a regular file' },
      'router-command exited with status 0 after 1.2 s; ROUTER_REPORT is not a regular file.',
    ],
    [{ ...base, stoppedBy: 'cancel' as const }, 'router-command was stopped by the cancel (after 1.2 s); no ROUTER_REPORT.'],
  ])('%o: %s', (outcome, line) => {
    expect(describeRouterRun(outcome)).toBe(line)
  })
})

describe('describeWaveEnd', () => {
  it('says per router what its tunnel of the wave did and whether the router goes on', () => {
    const [a, b] = [tunnelOf('alpha-1'), tunnelOf('bravo-1')]
    const results = new Map([
      [a.id, on('alpha', 'alpha-1', { verdict: 'up' })],
      [b.id, on('bravo', 'bravo-1', { status: 'failed', verdict: 'down' })],
    ])
    const routerOf = (tunnel: { id: string }) => (tunnel.id === a.id ? 'alpha' : 'bravo')
    expect(describeWaveEnd(1, [a, b], results, new Map([['bravo', 'why']]), routerOf)).toEqual([
      'Wave 1: 1 of 2 routers go on.',
      '  router alpha: alpha-1 rotated, up; goes on',
      '  router bravo: bravo-1 failed, down; stops here',
    ])
  })
})

describe('rollingSummary', () => {
  it('puts a table by router first, stopped routers first, with the tunnel that needs attention', async () => {
    const { sink, parts } = recordingSummary()
    const results = [
      on('alpha', 'alpha-1', { wave: 1, verdict: 'up' }),
      on('bravo', 'bravo-<1>', { wave: 1, status: 'failed', verdict: 'down', error: 'down' }),
      on('bravo', 'bravo-2', { wave: 2, status: 'deferred', reason: 'tunnel bravo-1 did not come back' }),
    ]
    const settings = {
      mode: 'generate' as const,
      validateOnly: false,
      maxAgeMs: null,
      maxTunnels: null,
      stagger: 'customer-endpoint' as const,
      verifyTimeoutMs: 600_000,
    }
    await rollingSummary(sink, settings, results, [], 1, 2)
    expect(parts).toContain('<p>Rolling rotation: 1 of 2 waves run.</p>')
    const table = JSON.parse(parts.find((part) => part.includes('Needs attention')) ?? '[]') as ({ data: string } | string)[][]
    expect(table.slice(1).map((row) => row[1])).toEqual(['❌ stopped', '✅ done'])
    expect(table[1]?.[2]).toBe('bravo-&lt;1&gt;: wave 1, failed, down<br>bravo-2: wave 2, deferred')
    expect(table[1]?.[3]).toMatch(/^tunnel bravo-&lt;1&gt; \([0-9a-f]{32}\) did not come back: down$/)
    expect(table[2]?.[3]).toBe(' ')
  })
})
