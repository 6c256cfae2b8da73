import { quoteInput } from '../log-text.js'
import { InputError } from './errors.js'

export const ID_PATTERN = /^[0-9a-f]{32}$/i
/** Printable ASCII without whitespace: what an HTTP header value and a PSK may hold. */
export const PRINTABLE_ASCII = /^[\x21-\x7e]+$/

export function parseBoolean(name: string, value: string, defaultValue: boolean): boolean {
  if (!value) return defaultValue
  if (/^(true|yes|on)$/i.test(value)) return true
  if (/^(false|no|off)$/i.test(value)) return false
  throw new InputError(name, `expected 'true' or 'false', got ${quoteInput(value)}.`)
}

/** A whole number within `limits`, or null when the input is empty. */
export function parseInteger(name: string, value: string, limits: { min: number; max?: number }): number | null {
  if (!value) return null
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN
  const max = limits.max ?? Number.MAX_SAFE_INTEGER
  if (!Number.isSafeInteger(number) || number < limits.min || number > max) {
    const range = limits.max === undefined ? `of at least ${limits.min}` : `from ${limits.min} to ${limits.max}`
    throw new InputError(name, `expected a whole number ${range}, got ${quoteInput(value)}.`)
  }
  return number
}

const SECOND_MS = 1_000
const MINUTE_MS = 60 * SECOND_MS
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS
const WEEK_MS = 7 * DAY_MS
const UNIT_MS: Record<string, number> = { s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: WEEK_MS }
export const DEFAULT_VERIFY_TIMEOUT_MS = 10 * MINUTE_MS
export const DEFAULT_ROUTER_TIMEOUT_MS = 10 * MINUTE_MS
/** The end of the 90–150 s Cloudflare documents for new SAs to reach all its servers. */
export const DEFAULT_VERIFY_SETTLE_MS = 150 * SECOND_MS
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i

/** `30m`, `12h`, `90d`, `2w`, or ISO 8601 such as `P90D` or `PT12H`. Empty: no age limit. */
export function parseMaxAge(value: string): number | null {
  return parseDuration('max-age', value)
}

/** The longest wait a Node.js timer can hold (about 24.8 days); a longer one would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1

/** A duration the action waits for (`verify-timeout`, `verify-settle`, `router-timeout`): at most LONGEST_TIMER_MS. */
export function parseWait(name: string, value: string): number | null {
  const ms = parseDuration(name, value)
  if (ms !== null && ms > LONGEST_TIMER_MS) throw new InputError(name, `is at most 24 days (24d), got ${quoteInput(value)}.`)
  return ms
}

/** A positive duration in `name`: `30m`, `12h`, `90d`, `2w`, or ISO 8601 such as `P90D` or `PT12H`; null when empty. */
export function parseDuration(name: string, value: string): number | null {
  if (!value) return null
  const simple = /^(\d+)\s*([smhdw])$/i.exec(value)
  let ms: number | null = null
  if (simple) {
    ms = Number(simple[1]) * (UNIT_MS[(simple[2] ?? '').toLowerCase()] ?? 0)
  } else {
    const iso = ISO_DURATION.exec(value)
    if (iso && /\d/.test(value) && !value.toUpperCase().endsWith('T')) {
      const [weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = iso.slice(1).map((part) => Number(part ?? 0))
      ms = weeks * WEEK_MS + days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + seconds * SECOND_MS
    }
  }
  if (ms === null || ms <= 0 || !Number.isSafeInteger(ms)) {
    throw new InputError(
      name,
      `expected a positive duration such as '30m', '12h', '90d', '2w' or ISO 8601 'P90D', got ${quoteInput(value)}.`,
    )
  }
  return ms
}
