import { describe, expect, it } from 'vitest'
import { routerClaims, NO_ROUTER_RULES } from '../src/routers.js'
import { planWaves } from '../src/waves.js'
import { tunnelOf } from './helpers/tunnels.js'

const names = (waves: { name: string }[][]) => waves.map((wave) => wave.map((tunnel) => tunnel.name))

describe('planWaves', () => {
  const dueOldestFirst = [
    tunnelOf('a1', { router: { customerEndpoint: '192.0.2.1' } }),
    tunnelOf('b1', { router: { customerEndpoint: '192.0.2.2' } }),
    tunnelOf('a2', { router: { customerEndpoint: '192.0.2.1' } }),
    tunnelOf('lone', { router: { customerEndpoint: '192.0.2.3' } }),
    tunnelOf('a3', { router: { customerEndpoint: '192.0.2.1' } }),
    tunnelOf('b2', { router: { customerEndpoint: '192.0.2.2' } }),
  ]
  const claims = routerClaims(dueOldestFirst, NO_ROUTER_RULES)

  it('puts the k-th due tunnel of every router in wave k, in the order given', () => {
    expect(names(planWaves(dueOldestFirst, claims, true))).toEqual([['a1', 'b1', 'lone'], ['a2', 'b2'], ['a3']])
  })

  it('puts every due tunnel in one wave with stagger: none, and plans no wave when nothing is due', () => {
    expect(names(planWaves(dueOldestFirst, claims, false))).toEqual([['a1', 'b1', 'a2', 'lone', 'a3', 'b2']])
    expect(planWaves([], claims, true)).toEqual([])
    expect(planWaves([], claims, false)).toEqual([])
  })
})
