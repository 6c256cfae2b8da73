import { ActionError } from './errors.js'
import { formatSeconds, type Logger } from './logger.js'

export type HeaderValue = string | string[] | undefined
export type ResponseHeaders = Record<string, HeaderValue>

export interface RateLimitState {
  remaining: number
  resetInMs: number
}

/**
 * Reads the budget a server announces: the structured `Ratelimit: "default";r=50;t=30` header
 * Cloudflare sends, or the older `RateLimit-Remaining` / `RateLimit-Reset` pair.
 */
export function parseRateLimit(headers: ResponseHeaders): RateLimitState | null {
  const structured = headerText(headers['ratelimit'])
  if (structured) {
    const remaining = /(?:^|;)\s*r=(\d+)/.exec(structured)
    const reset = /(?:^|;)\s*t=(\d+)/.exec(structured)
    if (remaining && reset) return { remaining: Number(remaining[1]), resetInMs: secondsToMs(reset[1]) }
  }
  const remaining = headerText(headers['ratelimit-remaining'])
  const reset = headerText(headers['ratelimit-reset'])
  if (remaining && reset && /^\d+$/.test(remaining) && /^\d+$/.test(reset)) {
    return { remaining: Number(remaining), resetInMs: secondsToMs(reset) }
  }
  return null
}

/** Announced seconds in milliseconds, held to a finite number however many digits they have. */
function secondsToMs(seconds: string | undefined): number {
  return Math.min(Number(seconds) * 1000, Number.MAX_SAFE_INTEGER)
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: HeaderValue, now = Date.now()): number | null {
  const text = headerText(value)
  if (!text) return null
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  const date = Date.parse(text)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

export function headerText(value: HeaderValue): string {
  return (Array.isArray(value) ? value.join(', ') : (value ?? '')).trim()
}

const NEW_WINDOW_TOLERANCE_MS = 1500
/** Cloudflare blocks a user for five minutes once its budget is exceeded; a longer pause is not waited out. */
export const MAX_PACING_WAIT_MS = 330_000

/** The announced budget resets later than this run is willing to wait. */
class RateLimitWaitTooLong extends ActionError {
  constructor(service: string, waitMs: number) {
    super(
      `${service} rate limit: the request budget is used up and resets in ${formatSeconds(waitMs)}, longer than the ${formatSeconds(MAX_PACING_WAIT_MS)} this action waits; not sent. Re-run once the budget has reset.`,
    )
    this.name = 'RateLimitWaitTooLong'
  }
}
const RESET_MARGIN_MS = 250

/**
 * Keeps requests inside the budget the server announces, so a long run slows down before the
 * budget runs out instead of running into 429s (which on Cloudflare block the whole user).
 * Without announced headers it lets everything through; concurrency and Retry-After still apply.
 */
export class RateLimitPacer {
  private remaining: number | null = null
  private resetAt = 0
  private inFlight = 0
  private pause: Promise<void> | null = null

  constructor(
    private readonly service: string,
    private readonly logger: Logger,
    private readonly wait: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(): Promise<void> {
    for (;;) {
      const now = this.now()
      if (this.remaining !== null && now >= this.resetAt) this.remaining = null
      if (this.remaining === null || this.remaining > 0) {
        if (this.remaining !== null) this.remaining--
        this.inFlight++
        return
      }
      const waitMs = this.resetAt - now + RESET_MARGIN_MS
      if (waitMs > MAX_PACING_WAIT_MS) throw new RateLimitWaitTooLong(this.service, waitMs)
      this.pause ??= this.pauseUntilReset(waitMs)
      await this.pause
    }
  }

  /**
   * The budget counts down locally as requests go out; each answer can only lower it, since the
   * server's figure does not yet include the requests still in flight.
   */
  release(headers: ResponseHeaders | null): void {
    this.inFlight = Math.max(0, this.inFlight - 1)
    const state = headers && parseRateLimit(headers)
    if (!state) return
    const now = this.now()
    const resetAt = now + state.resetInMs
    const announced = Math.max(0, state.remaining - this.inFlight)
    // A new window only once the current one is (nearly) over: a late answer from the current
    // window would otherwise look like a new one and raise the budget.
    const newWindow = now >= this.resetAt - NEW_WINDOW_TOLERANCE_MS && resetAt > this.resetAt + NEW_WINDOW_TOLERANCE_MS
    if (this.remaining === null || newWindow) {
      this.remaining = announced
      this.resetAt = resetAt
    } else if (resetAt >= this.resetAt - NEW_WINDOW_TOLERANCE_MS) {
      this.remaining = Math.min(this.remaining, announced)
    }
  }

  /** After a 429, every request waits as long as the one that was refused. */
  holdFor(ms: number): void {
    this.remaining = 0
    this.resetAt = Math.max(this.resetAt, this.now() + ms)
  }

  private async pauseUntilReset(ms: number): Promise<void> {
    this.logger.info(
      `${this.service} rate limit: the request budget for this window is used up; pausing for ${formatSeconds(ms)} until it resets.`,
    )
    await this.wait(ms)
    this.pause = null
  }
}
