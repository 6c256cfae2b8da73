import type { Tunnel } from './cloudflare.js'
import { InputError, type TunnelSelector } from './inputs.js'
import { quoteInput } from './log-text.js'

/**
 * The account's tunnels that `tunnel-ids` and `tunnel-names` select (their union), in the order
 * Cloudflare lists them. An ID that is not in the account, or a pattern that matches nothing, is
 * an input error: a typo must not silently leave a tunnel unrotated.
 */
export function selectTunnels(tunnels: Tunnel[], selector: TunnelSelector): Tunnel[] {
  if (selector.all) return tunnels
  const known = new Set(tunnels.map((tunnel) => tunnel.id))
  const missing = selector.ids.filter((id) => !known.has(id))
  if (missing.length > 0) {
    throw new InputError(
      'tunnel-ids',
      `${missing.length === 1 ? 'tunnel' : 'tunnels'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in this account's IPsec tunnels.`,
    )
  }
  const patterns = selector.namePatterns.map((pattern) => ({ pattern, matches: (name: string) => globMatches(pattern, name) }))
  const unmatched = patterns.filter(({ matches }) => !tunnels.some((tunnel) => matches(tunnel.name)))
  if (unmatched.length > 0) {
    throw new InputError('tunnel-names', `no tunnel name matches ${unmatched.map(({ pattern }) => quoteInput(pattern)).join(', ')}.`)
  }
  const ids = new Set(selector.ids)
  return tunnels.filter((tunnel) => ids.has(tunnel.id) || patterns.some(({ matches }) => matches(tunnel.name)))
}

/**
 * `*` matches any run of characters, `?` one character; everything else is literal. Case-sensitive.
 * Matched without a regular expression: a greedy scan that goes back only to the last `*` takes at
 * most name × pattern steps, where a backtracking regex can take exponential time.
 */
export function globMatches(pattern: string, name: string): boolean {
  const glob = [...pattern]
  const text = [...name]
  let g = 0
  let t = 0
  let star = -1
  let resume = 0
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || (glob[g] !== '*' && glob[g] === text[t]))) {
      g++
      t++
    } else if (g < glob.length && glob[g] === '*') {
      star = g++
      resume = t
    } else if (star !== -1) {
      g = star + 1
      t = ++resume
    } else {
      return false
    }
  }
  while (g < glob.length && glob[g] === '*') g++
  return g === glob.length
}

/**
 * For each k from 0 to the length of `text` (in characters), whether `pattern` matches the first k
 * characters of `text`, with the rules of `globMatches`. Simulates the pattern as a set of
 * positions, one character at a time: name × pattern steps however the pattern is written.
 */
export function globPrefixMatches(pattern: string, text: string): boolean[] {
  const glob = [...pattern]
  const chars = [...text]
  let active = new Uint8Array(glob.length + 1)
  active[0] = 1
  const close = (states: Uint8Array) => {
    // A `*` may match nothing: being at it is also being just past it.
    for (let g = 0; g < glob.length; g++) if (states[g] && glob[g] === '*') states[g + 1] = 1
  }
  close(active)
  const matches: boolean[] = [active[glob.length] === 1]
  for (const char of chars) {
    const next = new Uint8Array(glob.length + 1)
    let any = false
    for (let g = 0; g < glob.length; g++) {
      if (!active[g]) continue
      if (glob[g] === '*') next[g] = 1
      else if (glob[g] === '?' || glob[g] === char) next[g + 1] = 1
      else continue
      any = true
    }
    close(next)
    active = next
    matches.push(active[glob.length] === 1)
    if (!any) break
  }
  while (matches.length <= chars.length) matches.push(false)
  return matches
}
