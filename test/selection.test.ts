import { describe, expect, it } from 'vitest'
import type { Tunnel } from '../src/cloudflare.js'
import { InputError } from '../src/inputs.js'
import { isDue } from '../src/rollout.js'
import { globMatches, selectTunnels } from '../src/selection.js'
import { tunnelOf } from './helpers/tunnels.js'

const tunnel = (n: number, name: string, lastGeneratedOn: string | null = null): Tunnel =>
  tunnelOf(name, { id: String(n).repeat(32).slice(0, 32), lastGeneratedOn })
const TUNNELS = [tunnel(1, 'branch_1'), tunnel(2, 'branch_2'), tunnel(3, 'dc-fra'), tunnel(4, 'dc-ams'), tunnel(5, 'Branch_5')]

describe('selectTunnels', () => {
  it('selects all', () => {
    expect(selectTunnels(TUNNELS, { all: true, ids: [], namePatterns: [] })).toEqual(TUNNELS)
  })

  it('selects the union of IDs and name patterns, in account order, once each', () => {
    const selected = selectTunnels(TUNNELS, { all: false, ids: [TUNNELS[3]!.id, TUNNELS[0]!.id], namePatterns: ['branch_*', 'dc-f??'] })
    expect(selected.map((t) => t.name)).toEqual(['branch_1', 'branch_2', 'dc-fra', 'dc-ams'])
  })

  it('fails on an ID that is not in the account', () => {
    const missing = 'f'.repeat(32)
    expect(() => selectTunnels(TUNNELS, { all: false, ids: [missing], namePatterns: [] })).toThrow(
      new InputError('tunnel-ids', `tunnel ${missing} is not in this account's IPsec tunnels.`),
    )
  })

  it('fails on a pattern that matches nothing', () => {
    expect(() => selectTunnels(TUNNELS, { all: false, ids: [], namePatterns: ['branch_*', 'edge-*'] })).toThrow(
      /no tunnel name matches 'edge-\*'/,
    )
  })
})

describe('globMatches', () => {
  it.each([
    ['branch-*', 'branch-12', true],
    ['branch-*', 'branch-', true],
    ['branch-?', 'branch-12', false],
    ['*fra*', 'dc-fra-2', true],
    ['a.b', 'axb', false],
    ['a.b', 'a.b', true],
    ['(x)+[y]', '(x)+[y]', true],
    ['Branch*', 'branch_1', false],
  ])('%s against %s is %s', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected)
  })

  it.each([
    ['**', ''],
    ['*a*a*b', 'aaxab'],
    ['?*?', 'xy'],
    ['*🙂*', 'tunnel-🙂-1'],
  ])('%s against %s agrees with a regular expression', (pattern, name) => {
    const body = [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')
    expect(globMatches(pattern, name)).toBe(new RegExp(`^${body}$`, 'su').test(name))
  })

  it('settles patterns that make a backtracking regex run for seconds', () => {
    // (The regex form of this pattern takes tens of seconds on a 60-character name.)
    expect(globMatches('*a*a*a*a*a*a*a*a*b', 'a'.repeat(60))).toBe(false)
    const pattern = '*a'.repeat(30) + 'b'
    expect(globMatches(pattern, 'a'.repeat(10_000))).toBe(false)
    expect(globMatches(pattern, 'a'.repeat(10_000) + 'b')).toBe(true)
  })
})

describe('isDue', () => {
  const now = Date.parse('2026-06-01T00:00:00Z')
  const day = 86_400_000
  it('is due without max-age, or without a known PSK age', () => {
    expect(isDue(tunnel(1, 'a', '2026-05-31T23:59:00Z'), null, now)).toBe(true)
    expect(isDue(tunnel(1, 'a', null), day, now)).toBe(true)
    expect(isDue(tunnel(1, 'a', 'not a date'), day, now)).toBe(true)
  })
  it('compares the PSK age with max-age', () => {
    expect(isDue(tunnel(1, 'a', '2026-05-01T00:00:00Z'), 30 * day, now)).toBe(true)
    expect(isDue(tunnel(1, 'a', '2026-05-02T00:00:01Z'), 30 * day, now)).toBe(false)
  })
})
