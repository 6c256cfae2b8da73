import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Tunnel } from '../src/cloudflare.js'
import { InputError } from '../src/inputs.js'
import {
  canonicalEndpoint,
  captureRouter,
  groupRouters,
  NO_ROUTER_RULES,
  parseRouterPattern,
  parseRouters,
  routerClaims,
  routerKeyOf,
  type RouterPattern,
  type RouterRules,
} from '../src/routers.js'
import { globMatches, globPrefixMatches } from '../src/selection.js'
import { tunnelOf } from './helpers/tunnels.js'

const tunnel = (name: string, customerEndpoint: string | null = null): Tunnel => tunnelOf(name, { router: { customerEndpoint } })

const rules = (routers: string, pattern = ''): RouterRules => ({ routers: parseRouters(routers), pattern: parseRouterPattern(pattern) })
const pattern = (text: string): RouterPattern => parseRouterPattern(text) ?? { before: '', after: '' }
const inputError = (run: () => unknown): InputError => {
  try {
    run()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('canonicalEndpoint', () => {
  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    [' 2001:db8:0:0:0:0:0:1\t', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['0:0:0:0:0:FFFF:cb00:7107', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.007', '203.0.113.007'],
    [' Router.Example.NET ', 'router.example.net'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
  ])('%j is %j', (endpoint, canonical) => {
    expect(canonicalEndpoint(endpoint)).toBe(canonical)
  })

  it('is null for no endpoint or only blanks', () => {
    expect([null, '', '  \t'].map(canonicalEndpoint)).toEqual([null, null, null])
  })
})

describe('globPrefixMatches', () => {
  it('agrees with globMatches on every prefix, whatever the pattern and the name', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '-', '*', '?', '😀'), maxLength: 12 })
    fc.assert(
      fc.property(text, text, (glob, name) => {
        const chars = [...name]
        const expected = chars.map((_, k) => globMatches(glob, chars.slice(0, k).join('')))
        expected.push(globMatches(glob, name))
        expect(globPrefixMatches(glob, name)).toEqual(expected)
      }),
      { numRuns: 500 },
    )
  })
})

describe('captureRouter', () => {
  it.each([
    ['{router}-isp?', 'berlin-isp1', 'berlin'],
    ['{router}-isp?', 'berlin-isp12', null],
    ['{router}-isp?', '-isp1', null],
    ['site-{router}-*', 'site-berlin-mitte-1', 'berlin'],
    ['site-{router}-*', 'site-berlin', null],
    ['*_{router}', 'fra_ams_par', 'ams_par'],
    ['{router}', 'anything', 'anything'],
    ['😀{router}?', '😀ß😀x', 'ß😀'],
  ])('%s on %s gives %j', (text, name, router) => {
    expect(captureRouter(pattern(text), name)).toBe(router)
  })

  it('is the earliest, then shortest, non-empty split a brute-force search finds', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '-', '*', '?'), maxLength: 6 })
    const name = fc.string({ unit: fc.constantFrom('a', 'b', '-'), maxLength: 10 })
    fc.assert(
      fc.property(text, text, name, (before, after, tunnelName) => {
        let expected: string | null = null
        search: for (let i = 0; i < tunnelName.length; i++) {
          if (!globMatches(before, tunnelName.slice(0, i))) continue
          for (let j = i + 1; j <= tunnelName.length; j++) {
            if (globMatches(after, tunnelName.slice(j))) {
              expected = tunnelName.slice(i, j)
              break search
            }
          }
        }
        expect(captureRouter({ before, after }, tunnelName)).toBe(expected)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('parseRouters and parseRouterPattern', () => {
  it('reads ROUTER: GLOB, GLOB lines, ignoring blank lines', () => {
    expect(parseRouters('berlin: berlin-isp1, berlin-isp2\n\n  paris :paris-*,  \n')).toEqual([
      { name: 'berlin', patterns: ['berlin-isp1', 'berlin-isp2'], line: 1 },
      { name: 'paris', patterns: ['paris-*'], line: 3 },
    ])
    expect(parseRouters('')).toEqual([])
    expect(parseRouterPattern('')).toBeNull()
    expect(parseRouterPattern(' site-{router}-* ')).toEqual({ before: 'site-', after: '-*' })
  })

  it.each([
    ['berlin berlin-isp1', "Input 'routers': line 1 is not of the form 'ROUTER: GLOB, GLOB'"],
    [
      'ber lin: x',
      "Input 'routers': line 1: expected a router name of letters, digits, '.', '_' and '-' (at most 64) before the ':', got 'ber lin'.",
    ],
    [': x', "got ''."],
    ['a:x\nb:y\na:z', "Input 'routers': router a is on lines 1 and 3: give each router one line with all its patterns."],
    ['a: , ,', "Input 'routers': line 1: router a has no tunnel-name pattern after the ':'."],
    [`a: ${'x'.repeat(300)}`, 'is longer than 256 characters.'],
  ])('rejects routers %j', (value, message) => {
    expect(inputError(() => parseRouters(value)).message).toContain(message)
  })

  it.each([
    [
      'site-*',
      "Input 'router-pattern': expected a tunnel-name pattern with exactly one {router}, such as '{router}-isp?' or 'site-{router}-*', got 'site-*'.",
    ],
    ['{router}-{router}', 'exactly one {router}'],
    ['{site}-{router}', "Input 'router-pattern': unknown placeholder '{site}': the only one is {router}."],
    ['{router}-a\nb', "Input 'router-pattern': is one pattern on one line."],
  ])('rejects router-pattern %j', (value, message) => {
    expect(inputError(() => parseRouterPattern(value)).message).toContain(message)
  })
})

describe('routerClaims', () => {
  const fleet = [
    tunnel('hq-isp1', '198.51.100.1'),
    tunnel('hq-isp2', '198.51.100.2'),
    tunnel('berlin-isp1', '198.51.100.3'),
    tunnel('berlin-isp2', '198.51.100.4'),
    tunnel('dual_a', '2001:db8::1'),
    tunnel('dual_b', ' 2001:DB8:0::1'),
    tunnel('loose'),
  ]

  it('takes routers first, then router-pattern, then the endpoint, and a tunnel with none is its own router', () => {
    const claims = routerClaims(fleet, rules('main: hq-*', '{router}-isp?'))
    expect(fleet.map((t) => claims.get(t.id))).toEqual([
      { key: 'main', by: 'routers' },
      { key: 'main', by: 'routers' },
      { key: 'berlin', by: 'router-pattern' },
      { key: 'berlin', by: 'router-pattern' },
      { key: '2001:db8::1', by: 'customer_endpoint' },
      { key: '2001:db8::1', by: 'customer_endpoint' },
      { key: `tunnel-${fleet[6]?.id}`, by: 'own' },
    ])
    expect([...groupRouters(fleet, rules('main: hq-*', '{router}-isp?')).values()].map((ts) => ts.map((t) => t.name))).toEqual([
      ['hq-isp1', 'hq-isp2'],
      ['berlin-isp1', 'berlin-isp2'],
      ['dual_a', 'dual_b'],
      ['loose'],
    ])
  })

  it('without rules groups by the endpoint address alone, as routerKeyOf does tunnel by tunnel', () => {
    const groups = groupRouters(fleet, NO_ROUTER_RULES)
    expect(groups.size).toBe(6)
    expect(groups.get('2001:db8::1')?.map((t) => t.name)).toEqual(['dual_a', 'dual_b'])
    expect(fleet.map((t) => routerKeyOf(t, NO_ROUTER_RULES))).toEqual([
      ...fleet.map((t) => routerClaims(fleet, NO_ROUTER_RULES).get(t.id)?.key),
    ])
  })

  it('puts a routers name and the same {router} text on one router', () => {
    const groups = groupRouters(fleet, rules('hq: hq-isp1', '{router}-isp2'))
    expect(groups.get('hq')?.map((t) => t.name)).toEqual(['hq-isp1', 'hq-isp2'])
  })

  it('stops at a tunnel two routers lines claim, naming it, both routers and their lines', () => {
    const error = inputError(() => routerClaims(fleet, rules('main: hq-*\nbackup: *-isp2\nthird: berlin-isp2, hq-isp2')))
    expect(error.input).toBe('routers')
    expect(error.message).toBe(
      `Input 'routers': tunnel hq-isp2 (${fleet[1]?.id}) matches router main (line 1) and router backup (line 2): a tunnel belongs to one router. Nothing was changed. 1 more tunnel is claimed twice.`,
    )
    expect(() => routerKeyOf(fleet[1] as Tunnel, rules('a: hq-isp2\nb: hq-*'))).toThrow(InputError)
  })

  it('quotes a hostile tunnel name in a conflict only as safe text', () => {
    const hostile = tunnel('::stop-commands::x\n##[add-mask]y')
    const message = inputError(() => routerClaims([hostile], rules('a: ::*\nb: *y'))).message
    expect(message).not.toMatch(/[\n\r]/)
    expect(message).not.toContain('##[')
    expect(message).toContain('tunnel ::stop-commands::x\\n#\u200b#[add-mask]y (')
  })
})
