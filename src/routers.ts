import { isIP, SocketAddress } from 'node:net'
import type { Tunnel } from './cloudflare.js'
import { InputError } from './inputs.js'
import { outside, quoteInput } from './log-text.js'
import { globMatches, globPrefixMatches } from './selection.js'

/** One line of `routers`: a router named outright, with the tunnel-name globs of its tunnels. */
export interface NamedRouter {
  name: string
  patterns: string[]
  /** Its line in the input, for messages. */
  line: number
}

/** `router-pattern` split at its `{router}` placeholder. */
export interface RouterPattern {
  before: string
  after: string
}

export interface RouterRules {
  routers: NamedRouter[]
  pattern: RouterPattern | null
}

export const NO_ROUTER_RULES: RouterRules = { routers: [], pattern: null }

/** What put a tunnel on its router, in order of precedence; `own`: nothing did, it is a router of its own. */
export type RouterSource = 'routers' | 'router-pattern' | 'customer_endpoint' | 'own'

export interface RouterClaim {
  /** The router's key: a router name, the canonical `customer_endpoint`, or `tunnel-<id>`. */
  key: string
  by: RouterSource
}

const ROUTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const MAX_PATTERN_LENGTH = 256
const PLACEHOLDER = '{router}'
const ROUTERS_FORM = "lines of 'ROUTER: GLOB, GLOB', such as 'berlin: berlin-isp1, berlin-isp2'"

/** `routers`: lines of `ROUTER: GLOB, GLOB…`; blank lines are ignored. */
export function parseRouters(raw: string): NamedRouter[] {
  const routers: NamedRouter[] = []
  const lineOf = new Map<string, number>()
  raw.split('\n').forEach((text, index) => {
    const line = index + 1
    const trimmed = text.trim()
    if (!trimmed) return
    const colon = trimmed.indexOf(':')
    if (colon < 0) throw new InputError('routers', `line ${line} is not of the form 'ROUTER: GLOB, GLOB': expected ${ROUTERS_FORM}.`)
    const name = trimmed.slice(0, colon).trim()
    if (!ROUTER_NAME.test(name)) {
      throw new InputError(
        'routers',
        `line ${line}: expected a router name of letters, digits, '.', '_' and '-' (at most 64) before the ':', got ${quoteInput(name)}.`,
      )
    }
    const earlier = lineOf.get(name)
    if (earlier !== undefined) {
      throw new InputError('routers', `router ${name} is on lines ${earlier} and ${line}: give each router one line with all its patterns.`)
    }
    const patterns = trimmed
      .slice(colon + 1)
      .split(',')
      .map((pattern) => pattern.trim())
      .filter(Boolean)
    if (patterns.length === 0) throw new InputError('routers', `line ${line}: router ${name} has no tunnel-name pattern after the ':'.`)
    for (const pattern of patterns) checkPatternLength('routers', pattern)
    lineOf.set(name, line)
    routers.push({ name, patterns: [...new Set(patterns)], line })
  })
  return routers
}

/** `router-pattern`: a tunnel-name glob with exactly one `{router}`; null when empty. */
export function parseRouterPattern(raw: string): RouterPattern | null {
  const text = raw.trim()
  if (!text) return null
  const parts = text.split(PLACEHOLDER)
  if (parts.length !== 2) {
    throw new InputError(
      'router-pattern',
      `expected a tunnel-name pattern with exactly one {router}, such as '{router}-isp?' or 'site-{router}-*', got ${quoteInput(text)}.`,
    )
  }
  const [before = '', after = ''] = parts
  const unknown = /\{[A-Za-z_]*\}/.exec(before) ?? /\{[A-Za-z_]*\}/.exec(after)
  if (unknown) throw new InputError('router-pattern', `unknown placeholder ${quoteInput(unknown[0])}: the only one is {router}.`)
  if (/[\n\r]/.test(text)) throw new InputError('router-pattern', 'is one pattern on one line.')
  checkPatternLength('router-pattern', text)
  return { before, after }
}

function checkPatternLength(input: string, pattern: string): void {
  if ([...pattern].length > MAX_PATTERN_LENGTH) {
    throw new InputError(input, `pattern ${quoteInput(pattern)} is longer than ${MAX_PATTERN_LENGTH} characters.`)
  }
}

/**
 * What `{router}` stands for in `name`, or null when the name does not match. When a name splits
 * more than one way, the earliest and then shortest non-empty `{router}` wins (a `*` before it
 * takes as little as it can): `site-{router}-*` on `site-berlin-mitte-1` gives `berlin`.
 */
export function captureRouter(pattern: RouterPattern, name: string): string | null {
  const chars = [...name]
  const n = chars.length
  const beforeEndsAt = globPrefixMatches(pattern.before, name)
  // `after` matches chars[j..] exactly when its reverse matches the first n - j reversed characters.
  const afterFromEnd = globPrefixMatches(reverse(pattern.after), reverse(name))
  const afterStartsFrom: number[] = new Array<number>(n + 2).fill(-1)
  for (let j = n; j >= 0; j--) afterStartsFrom[j] = afterFromEnd[n - j] ? j : (afterStartsFrom[j + 1] ?? -1)
  for (let i = 0; i < n; i++) {
    if (!beforeEndsAt[i]) continue
    const j = afterStartsFrom[i + 1] ?? -1
    if (j !== -1) return chars.slice(i, j).join('')
  }
  return null
}

const reverse = (text: string): string => [...text].reverse().join('')

/**
 * `customer_endpoint` as one router address: blanks trimmed, an IPv4 or IPv6 address in its
 * canonical form (an IPv4-mapped IPv6 address as the IPv4 address), any other text case-folded.
 * Null when there is none.
 */
export function canonicalEndpoint(endpoint: string | null): string | null {
  const text = endpoint?.trim() ?? ''
  if (!text) return null
  const family = isIP(text)
  // isIP accepts only dotted decimal without leading zeros: already canonical.
  if (family === 4) return text
  // A zone (`%eth0`) would be dropped by SocketAddress, which could merge two routers.
  if (family === 6 && !text.includes('%')) {
    const address = new SocketAddress({ address: text, family: 'ipv6' }).address
    return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1] ?? address
  }
  return text.toLowerCase()
}

/**
 * The router of each tunnel, by tunnel ID: a `routers` entry first, then `router-pattern`, then
 * the canonical `customer_endpoint`; a tunnel with none of them is a router of its own. Keys are
 * shared across sources: a name in `routers` and the same `{router}` text are one router. A tunnel
 * that two `routers` entries claim is an input error naming it and both routers.
 */
export function routerClaims(tunnels: readonly Tunnel[], rules: RouterRules): Map<string, RouterClaim> {
  const claimantsOf = namedRouterIndex(rules.routers)
  const claims = new Map<string, RouterClaim>()
  const conflicts: string[] = []
  for (const tunnel of tunnels) {
    const claimants = claimantsOf(tunnel.name)
    const [first, second] = claimants
    if (first && second) {
      conflicts.push(
        `tunnel ${outside(tunnel.name, 100)} (${tunnel.id}) matches router ${first.name} (line ${first.line}) and router ${second.name} (line ${second.line})`,
      )
      continue
    }
    claims.set(tunnel.id, claimOf(tunnel, first, rules.pattern))
  }
  const [conflict] = conflicts
  if (conflict) {
    const more =
      conflicts.length > 1 ? ` ${conflicts.length - 1} more tunnel${conflicts.length === 2 ? ' is' : 's are'} claimed twice.` : ''
    throw new InputError('routers', `${conflict}: a tunnel belongs to one router. Nothing was changed.${more}`)
  }
  return claims
}

function claimOf(tunnel: Tunnel, named: NamedRouter | undefined, pattern: RouterPattern | null): RouterClaim {
  if (named) return { key: named.name, by: 'routers' }
  const captured = pattern ? captureRouter(pattern, tunnel.name) : null
  if (captured !== null) return { key: captured, by: 'router-pattern' }
  const endpoint = canonicalEndpoint(tunnel.router.customerEndpoint)
  if (endpoint !== null) return { key: endpoint, by: 'customer_endpoint' }
  return { key: `tunnel-${tunnel.id}`, by: 'own' }
}

/**
 * The first two `routers` entries (in line order) whose patterns match a name; two is already a
 * conflict. Patterns without `*` or `?` are looked up, the rest matched one by one.
 */
function namedRouterIndex(routers: readonly NamedRouter[]): (name: string) => NamedRouter[] {
  const entries = routers.map((router) => ({
    router,
    literal: new Set(router.patterns.filter((pattern) => !/[*?]/.test(pattern))),
    wildcard: router.patterns.filter((pattern) => /[*?]/.test(pattern)),
  }))
  return (name) => {
    const found: NamedRouter[] = []
    for (const { router, literal, wildcard } of entries) {
      if (literal.has(name) || wildcard.some((pattern) => globMatches(pattern, name))) found.push(router)
      if (found.length === 2) break
    }
    return found
  }
}

/** The tunnels of each router, in the order given, keyed as `routerClaims` keys them. */
export function groupByClaim(tunnels: readonly Tunnel[], claims: ReadonlyMap<string, RouterClaim>): Map<string, Tunnel[]> {
  const routers = new Map<string, Tunnel[]>()
  for (const tunnel of tunnels) {
    const key = claims.get(tunnel.id)?.key ?? `tunnel-${tunnel.id}`
    const router = routers.get(key)
    if (router) router.push(tunnel)
    else routers.set(key, [tunnel])
  }
  return routers
}

/** Router key to its tunnels: the unit of a rollout, and of the per-router hand-over. */
export function groupRouters(tunnels: readonly Tunnel[], rules: RouterRules): Map<string, Tunnel[]> {
  return groupByClaim(tunnels, routerClaims(tunnels, rules))
}

/** The key of the router a tunnel is on, by the same rules (and the same conflict) as `groupRouters`. */
export function routerKeyOf(tunnel: Tunnel, rules: RouterRules): string {
  return routerClaims([tunnel], rules).get(tunnel.id)?.key ?? `tunnel-${tunnel.id}`
}
