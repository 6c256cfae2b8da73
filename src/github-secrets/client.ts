import type { getOctokit } from '@actions/github'
import type Bottleneck from 'bottleneck'
import { fetch as undiciFetch, type Dispatcher } from 'undici'
import { createDispatcher } from '../dispatcher.js'
import { outside } from '../log-text.js'
import { formatSeconds, sleep, type Logger } from '../logger.js'
import { parseRetryAfter } from '../rate-limit.js'
import { failureOf, isRateLimit } from './errors.js'
import { FALLBACK_RETRY_AFTER_SECONDS, MAX_RATE_LIMIT_WAIT_SECONDS, MAX_RETRIES, describeRequest, retryPolicy } from './retry-policy.js'

export type Octokit = ReturnType<typeof getOctokit>
type OctokitPlugin = Parameters<typeof getOctokit>[2]

const API_VERSION = '2022-11-28'
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

export interface ClientSettings {
  logger: Logger
  /** Milliseconds per second of every retry and rate-limit wait (tests shrink it). */
  unitMs: number
  /** One attempt, from sending to the last byte of the answer. */
  timeoutMs: number
  /**
   * The least time from one write's launch to the next's, one write at a time. Default: Octokit's
   * own write pacing (plugin-throttling's write group, 1 s); unit tests shorten it.
   */
  writeGapMs?: number
}

/**
 * Every attempt, retries included, goes through here: the proxy rules of every other request, a
 * time-out of its own and the API version header, and a plain-words line when it fails
 * (plugin-retry then decides whether to retry). No redirect is followed: a sealed PSK goes only to
 * the API whose key sealed it, and a secret counts as stored only when that API itself says so.
 */
function attemptFetch({ logger, timeoutMs }: ClientSettings, dispatcher: Dispatcher): typeof fetch {
  const attempts = new Map<string, number>()
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const request = `${init?.method ?? 'GET'} ${url.pathname}${url.search}`
    const attempt = (attempts.get(request) ?? 0) + 1
    attempts.set(request, attempt)
    const label = `${request} (attempt ${attempt})`
    const headers = new Headers(init?.headers)
    headers.set('x-github-api-version', API_VERSION)
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    try {
      const response = await undiciFetch(url, {
        method: init?.method,
        body: init?.body as string | undefined,
        headers,
        signal,
        redirect: 'manual',
        dispatcher,
      })
      logger.debug(`${label} -> ${response.status}`)
      if (response.status >= 500) logger.info(`GitHub answered HTTP ${response.status} to ${label}.`)
      return response
    } catch (error) {
      const why = timeout.aborted ? `no answer within ${formatSeconds(timeoutMs)}` : outside(connectionFailure(error), 200)
      logger.info(`No answer from GitHub to ${label}: ${why}.`)
      throw init?.signal?.aborted ? error : new Error(why, { cause: error })
    }
  }
}

/** fetch says only "fetch failed": the reason is the innermost cause ("Proxy response (403) …"). */
function connectionFailure(error: unknown): string {
  let current = error
  while (current instanceof Error && current.cause instanceof Error) current = current.cause
  return current instanceof Error ? current.message : String(current)
}

/**
 * A redirect (fetch follows none) fails the request with GitHub's status, like a refusal, so a
 * public key from elsewhere is never used and a PUT that was not stored is never counted.
 */
function refuseRedirects(): OctokitPlugin {
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      const response = await request(options)
      if (!REDIRECT_STATUSES.has(response.status)) return response
      const location = typeof response.headers.location === 'string' ? response.headers.location : ''
      const message = `a redirect to ${redirectTarget(location, String(options.baseUrl))}, which this action does not follow: it reads and writes secrets only at the GitHub API it was given`
      throw Object.assign(new Error(message), {
        status: response.status,
        request: options,
        response: { headers: response.headers, data: { message } },
      })
    })
  }
}

function redirectTarget(location: string, baseUrl: string): string {
  try {
    return outside(new URL(location, baseUrl).origin, 100)
  } catch {
    return 'an unreadable location'
  }
}

/**
 * A plain 429 (neither a primary nor a secondary rate limit, which the throttling plugin handles)
 * waits as its retry-after asks, at most MAX_RATE_LIMIT_WAIT_SECONDS, up to MAX_RETRIES times.
 */
function plainTooManyRequests({ logger, unitMs }: ClientSettings): OctokitPlugin {
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await request(options)
        } catch (error) {
          const failure = failureOf(error)
          if (failure.status !== 429 || isRateLimit(failure) || attempt >= MAX_RETRIES) throw error
          const label = describeRequest(options)
          const retryAfterMs = parseRetryAfter(failure.headers['retry-after'])
          const waitMs = retryAfterMs ?? FALLBACK_RETRY_AFTER_SECONDS * 1000
          if (waitMs > MAX_RATE_LIMIT_WAIT_SECONDS * 1000) {
            logger.info(`GitHub answered HTTP 429 to ${label} and asks to wait ${formatSeconds(waitMs)}; not waiting that long.`)
            throw error
          }
          logger.info(
            `GitHub answered HTTP 429 (too many requests) to ${label}; waiting ${formatSeconds(waitMs)}${retryAfterMs === null ? '' : ' as retry-after asks'} (retry ${attempt + 1} of ${MAX_RETRIES}).`,
          )
          await sleep((waitMs * unitMs) / 1000)
        }
      }
    })
  }
}

/**
 * A write group like plugin-throttling's own (one write at a time, a Redis TTL of 2 minutes), with
 * `gapMs` between launches instead of its 1 s; null for the plugin's own group.
 */
async function writeGroup(gapMs: number | undefined): Promise<Bottleneck.Group | null> {
  if (gapMs === undefined) return null
  const { default: BottleneckLight } = await import('bottleneck/light.js')
  return new BottleneckLight.Group({ id: 'octokit-write', maxConcurrent: 1, minTime: gapMs, timeout: 2 * 60 * 1000 })
}

export async function createClient(token: string, apiUrl: string | undefined, settings: ClientSettings): Promise<Octokit> {
  const [{ getOctokit }, { throttling }, { retry }, write] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-throttling'),
    import('@octokit/plugin-retry'),
    writeGroup(settings.writeGapMs),
  ])
  const { logger } = settings
  const baseUrl = apiUrl ?? process.env.GITHUB_API_URL
  const policy = retryPolicy(logger, settings.unitMs)
  return getOctokit(
    token,
    {
      // A trailing slash (GITHUB_API_URL=https://ghes.example/api/v3/) would double every route's.
      ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}),
      userAgent: 'cloudflare-ipsec-psk-rotate',
      request: { fetch: attemptFetch(settings, createDispatcher({ env: process.env })) },
      log: {
        debug: (message: string) => logger.debug(message),
        info: (message: string) => logger.debug(message),
        warn: (message: string) => logger.warning(message),
        error: (message: string) => logger.error(message),
      },
      ...policy,
      throttle: { ...policy.throttle, ...(write ? { write } : {}) },
    },
    refuseRedirects(),
    plainTooManyRequests(settings),
    throttling,
    retry,
  )
}
