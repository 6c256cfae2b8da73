// The fake's health model against the documented rules, on a fake clock.
import { describe, expect, it } from 'vitest'
import { TunnelHealthModel, scaled, type HealthTiming } from './tunnel-health-model.js'

const TIMING: HealthTiming = { probeIntervalMs: 1_000, propagationMs: [3_000, 5_000], holdMs: 10_000, recoveryProbes: 3, healthyProbes: 30 }

function model(colos = ['fra06', 'ams01', 'lhr01', 'cdg01']) {
  let clock = 0
  const m = new TunnelHealthModel(colos, TIMING, () => clock)
  m.addTunnel('t')
  /** States of every data centre at each whole second until `until`. */
  const run = (until: number) => {
    const seen: Record<string, string[]> = Object.fromEntries(colos.map((colo) => [colo, []]))
    for (; clock < until; clock += 1_000) for (const colo of colos) seen[colo]!.push(m.stateOf('t', colo))
    return seen
  }
  return { m, run, at: () => clock }
}

const firstIndex = (states: string[], state: string) => states.indexOf(state)

describe('TunnelHealthModel', () => {
  it('a re-authentication: the negotiating data centre stays healthy, the others go down until the SA reaches them, then recover through degraded after the hold', () => {
    const { m, run } = model()
    run(5_000)
    m.reauthenticate('t')
    const seen = run(60_000)
    expect(seen.fra06!.every((state) => state === 'healthy')).toBe(true)
    for (const colo of ['ams01', 'lhr01', 'cdg01']) {
      const states = seen[colo]!
      const down = firstIndex(states, 'down')
      const degraded = firstIndex(states, 'degraded')
      const healthy = states.lastIndexOf('down') < 0 ? -1 : states.indexOf('healthy', degraded)
      // Down at the first probe after the re-authentication, the SA not there yet.
      expect(down).toBeLessThanOrEqual(1)
      // Down for at least the hold, degraded before healthy, healthy after 30 clean probes.
      expect(degraded - down).toBeGreaterThanOrEqual(10)
      expect(healthy - down).toBeGreaterThanOrEqual(30)
      expect(states.slice(degraded, healthy).every((state) => state === 'degraded')).toBe(true)
    }
  })

  it('a router without an SA is down everywhere and stays down; a path fault hits its data centre only', () => {
    const { m, run } = model()
    m.setLink('t', false)
    m.setPath('t', 'fra06', 'ok')
    const seen = run(40_000)
    for (const states of Object.values(seen)) expect(states.slice(2)).toEqual(Array(38).fill('down'))

    const other = model()
    other.m.setPath('t', 'lhr01', 'lossy')
    const lossy = other.run(20_000)
    expect(lossy.lhr01!.slice(2).every((state) => state === 'degraded')).toBe(true)
    expect(lossy.fra06!.every((state) => state === 'healthy')).toBe(true)
  })

  it('averages probe results over a window, sampling every k-th when asked, and hides what is past visibleUntil', () => {
    const { m, run, at } = model(['fra06'])
    run(10_000)
    m.setLink('t', false)
    run(20_000)
    const [all] = [...m.groups(0, at(), at())]
    expect(all).toMatchObject({ name: 't', colo: 'fra06' })
    expect(all!.sum / all!.count).toBeGreaterThan(0.4)
    expect(all!.sum / all!.count).toBeLessThan(0.6)
    const [sampled] = [...m.groups(0, at(), at(), undefined, 4)]
    expect(sampled!.count).toBeLessThanOrEqual(Math.ceil(all!.count / 4))
    const [early] = [...m.groups(0, at(), 9_500)]
    expect(early!.sum).toBe(early!.count)
  })

  it('scales every duration alike', () => {
    expect(scaled(1 / 600)).toMatchObject({
      probeIntervalMs: 100,
      propagationMs: [150, 250],
      holdMs: 500,
      recoveryProbes: 3,
      healthyProbes: 30,
    })
  })
})
