import { formatSeconds, type Logger } from '../logger.js'

/** Retries of one request for 5xx/network errors, for plain 429s and for each kind of rate limit. */
export const MAX_RETRIES = 3
/** A rate limit asking for a longer wait than this fails the request instead of stalling the job. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 300
/** GitHub's advice when a rate-limited answer carries no retry-after: wait at least a minute. */
export const FALLBACK_RETRY_AFTER_SECONDS = 60
/** plugin-retry's default list of statuses it leaves alone, plus 429, which `retry-after` decides. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

type RequestOptions = { method?: string; url?: string; [key: string]: unknown }

/** "PUT /repos/octo-org/network/actions/secrets/IPSEC_PSK_A": a route with its parameters filled in. */
export function describeRequest(options: RequestOptions): string {
  const path = String(options.url ?? '')
    .replace(/\{(\w+)\}/g, (match, key: string) => {
      const value = options[key]
      return typeof value === 'string' || typeof value === 'number' ? encodeURIComponent(value) : match
    })
    .replace(/^https?:\/\/[^/]+/, '')
  return `${String(options.method ?? 'GET').toUpperCase()} ${path}`
}

/**
 * Whether to wait out a rate limit, as @octokit/plugin-throttling asks: at most MAX_RETRIES
 * times and never longer than MAX_RATE_LIMIT_WAIT_SECONDS; each decision logged in plain words.
 */
export function rateLimitDecision(
  kind: string,
  logger: Logger,
): (retryAfter: number, options: unknown, octokit: unknown, retryCount: number) => boolean {
  return (retryAfter, options, _octokit, retryCount) => {
    const label = describeRequest(options as RequestOptions)
    const wait = formatSeconds(retryAfter * 1000)
    if (retryCount >= MAX_RETRIES) {
      logger.info(`GitHub ${kind} on ${label}; giving up after ${MAX_RETRIES} retries.`)
      return false
    }
    if (retryAfter > MAX_RATE_LIMIT_WAIT_SECONDS) {
      logger.info(`GitHub ${kind} on ${label} asks to wait ${wait}, longer than ${MAX_RATE_LIMIT_WAIT_SECONDS} s; not waiting.`)
      return false
    }
    logger.info(`GitHub ${kind} on ${label}; waiting ${wait} (retry ${retryCount + 1} of ${MAX_RETRIES}).`)
    return true
  }
}

/**
 * The options of @octokit/plugin-throttling and @octokit/plugin-retry: the whole retry policy.
 * `unitMs` is the length of one second of waiting (tests shrink it).
 */
export function retryPolicy(logger: Logger, unitMs: number) {
  return {
    // Writes stay paced one at a time, 1 s apart (the plugin's default write group; createClient can shorten it for tests).
    throttle: {
      onSecondaryRateLimit: rateLimitDecision('secondary rate limit', logger),
      onRateLimit: rateLimitDecision('API rate limit for this token is used up', logger),
      fallbackSecondaryRateRetryAfter: FALLBACK_RETRY_AFTER_SECONDS,
      retryAfterBaseValue: unitMs,
    },
    retry: { retries: MAX_RETRIES, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: unitMs },
  }
}
