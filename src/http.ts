import { ActionError } from './errors.js'
import { request, type Dispatcher } from 'undici'
import { formatSeconds, sleep, type Logger } from './logger.js'
import { MAX_PACING_WAIT_MS, parseRetryAfter, type RateLimitPacer, type ResponseHeaders } from './rate-limit.js'
import { StoppedError, unlessStopped } from './stop.js'

export interface RetryPolicy {
  /** Whole request, from sending to the last byte of the body. */
  timeoutMs: number
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
  /** A 429 asking for a longer wait than this is returned to the caller instead of waited out. */
  maxRetryAfterMs: number
}

const DEFAULT_RETRY_POLICY: RetryPolicy = {
  timeoutMs: 30_000,
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: MAX_PACING_WAIT_MS,
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT'
  url: string
  headers: Record<string, string>
  body?: string
  /** What the request does, for log lines: "list tunnels", "generate PSK for branch-1". */
  label: string
  /**
   * Whether a 2xx body is the documented answer. One that is not (garbled, cut off, missing its
   * fields) is treated as a lost answer: the call may have taken effect, and it is retried.
   */
  isAnswer?: (json: unknown) => boolean
  /** Epoch ms by which the request, its retries and its waits must be over (see HttpClientOptions.deadline). */
  deadline?: number
}

export interface HttpResponse {
  status: number
  headers: ResponseHeaders
  /** Parsed JSON, or null when the body is empty or not JSON. */
  json: unknown
  /**
   * An earlier attempt of this request may have taken effect without its answer arriving (a
   * reset or timeout after sending, or a 5xx/408), so a non-idempotent call may have run twice.
   */
  earlierAttemptMayHaveApplied: boolean
  /** A 2xx whose body `isAnswer` rejected on every attempt. */
  notAnAnswer: boolean
}

/** The request never produced a response. */
export class TransportError extends ActionError {
  constructor(
    message: string,
    /**
     * The request may have taken effect with no answer to confirm it: an attempt may have reached
     * the server (a reset or timeout after sending, or an earlier 5xx/408 or undocumented answer).
     */
    readonly mayHaveApplied: boolean,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

/** The request could not be answered before its deadline: no attempt, retry or wait runs past it. */
export class DeadlineError extends TransportError {
  constructor(service: string, label: string, detail: string, mayHaveApplied: boolean) {
    super(`${service} request to ${label} could not finish before the deadline: ${detail}.`, mayHaveApplied)
    this.name = 'DeadlineError'
  }
}

export interface HttpClientOptions {
  dispatcher: Dispatcher
  logger: Logger
  /** Names the remote side in log lines: "Cloudflare". */
  service: string
  retry?: Partial<RetryPolicy>
  pacer?: RateLimitPacer
  wait?: (ms: number) => Promise<void>
  random?: () => number
  /** Aborted when the run is cancelled: no attempt or retry starts after that. */
  stop?: AbortSignal
  /**
   * Epoch ms by which every request must be over: each attempt's timeout is cut to the time left,
   * and a retry or wait that would end past it is not made.
   */
  deadline?: number
  now?: () => number
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_INVALID_ARG',
])

// undici's words when the proxy answers a CONNECT with anything but 200.
const PROXY_REFUSAL = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
])

/**
 * JSON over HTTP with a timeout on every request, bounded retries with exponential backoff and
 * jitter for 5xx, 408 and connection errors, and Retry-After for 429. Bodies are never logged:
 * they carry PSKs.
 */
export class HttpClient {
  private readonly policy: RetryPolicy
  private readonly wait: (ms: number) => Promise<void>
  private readonly random: () => number
  private readonly now: () => number

  constructor(private readonly options: HttpClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.wait = options.wait ?? sleep
    this.random = options.random ?? Math.random
    this.now = options.now ?? Date.now
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const { logger, service, pacer, stop } = this.options
    const attempts = this.policy.maxRetries + 1
    let mayHaveApplied = false
    const stopped = () => new StoppedError(req.label, mayHaveApplied)
    const pause = (ms: number) => unlessStopped(this.wait(ms), stop, stopped)
    const deadline = Math.min(req.deadline ?? Infinity, this.options.deadline ?? Infinity)
    const left = () => deadline - this.now()
    const late = (detail: string) => new DeadlineError(service, req.label, detail, mayHaveApplied)
    for (let attempt = 1; ; attempt++) {
      if (stop?.aborted) throw stopped()
      if (left() <= 0) throw late(attempt === 1 ? 'no time was left to send it' : 'no time was left to try again')
      await unlessStopped(beforeDeadline(pacer?.acquire() ?? Promise.resolve(), left(), late), stop, stopped)
      const timeoutMs = Math.min(this.policy.timeoutMs, left())
      let response: Omit<HttpResponse, 'earlierAttemptMayHaveApplied' | 'notAnAnswer'>
      try {
        response = await this.sendOnce(req, timeoutMs)
      } catch (error) {
        pacer?.release(null)
        const failure = describeTransportFailure(error, timeoutMs)
        mayHaveApplied ||= failure.mayHaveApplied
        if (attempt >= attempts) {
          throw new TransportError(`${service} request to ${req.label} failed after ${attempts} attempts: ${failure.text}.`, mayHaveApplied)
        }
        const delay = this.backoff(attempt)
        if (delay >= left()) throw late(failure.text)
        logger.info(`${req.label}: ${failure.text}; retrying in ${formatSeconds(delay)} (attempt ${attempt + 1} of ${attempts}).`)
        await pause(delay)
        continue
      }
      pacer?.release(response.headers)
      logger.debug(`${req.method} ${new URL(req.url).pathname} -> ${response.status}`)
      const ok = response.status >= 200 && response.status < 300
      const notAnAnswer = ok && req.isAnswer !== undefined && !req.isAnswer(response.json)
      const result = { ...response, earlierAttemptMayHaveApplied: mayHaveApplied, notAnAnswer }
      if (attempt >= attempts) return result

      if (response.status === 429) {
        const retryAfter = parseRetryAfter(response.headers['retry-after'])
        const delay = retryAfter ?? this.backoff(attempt)
        if (delay > this.policy.maxRetryAfterMs || delay >= left()) return result
        logger.info(
          `${service} rate limit hit (HTTP 429) on ${req.label}; waiting ${formatSeconds(delay)}${retryAfter === null ? '' : ' as Retry-After asks'} (attempt ${attempt + 1} of ${attempts}).`,
        )
        pacer?.holdFor(delay)
        await pause(delay)
        continue
      }
      if (response.status >= 500 || response.status === 408 || notAnAnswer) {
        mayHaveApplied = true
        const delay = this.backoff(attempt)
        if (delay >= left()) return { ...result, earlierAttemptMayHaveApplied: true }
        const what = notAnAnswer
          ? `${service} answered HTTP ${response.status} without the documented answer`
          : `${service} answered HTTP ${response.status}`
        logger.info(`${req.label}: ${what}; retrying in ${formatSeconds(delay)} (attempt ${attempt + 1} of ${attempts}).`)
        await pause(delay)
        continue
      }
      return result
    }
  }

  private async sendOnce(req: HttpRequest, timeoutMs: number): Promise<Omit<HttpResponse, 'earlierAttemptMayHaveApplied' | 'notAnAnswer'>> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new RequestTimeout()), timeoutMs)
    try {
      const response = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: this.options.dispatcher,
        signal: controller.signal,
      })
      const text = await response.body.text()
      return { status: response.statusCode, headers: response.headers, json: parseJson(text) }
    } finally {
      clearTimeout(timer)
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1))
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2)
  }
}

/** `waiting`, unless `ms` pass first: then it throws what `late` makes. */
async function beforeDeadline<T>(waiting: Promise<T>, ms: number, late: (detail: string) => Error): Promise<T> {
  if (ms === Infinity) return waiting
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(late('the wait for the rate limit outlasted it')), ms)
  })
  try {
    return await Promise.race([waiting, expired])
  } finally {
    clearTimeout(timer)
  }
}

class RequestTimeout extends ActionError {
  constructor() {
    super('request timed out')
    this.name = 'RequestTimeout'
  }
}

function parseJson(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function describeTransportFailure(error: unknown, timeoutMs: number): { text: string; mayHaveApplied: boolean } {
  if (error instanceof RequestTimeout || (error instanceof Error && error.cause instanceof RequestTimeout)) {
    return { text: `no complete answer within ${formatSeconds(timeoutMs)}`, mayHaveApplied: true }
  }
  const code = errorCode(error)
  const reason = error instanceof Error ? error.message : String(error)
  const refusal = PROXY_REFUSAL.exec(innermostMessage(error))
  if (refusal) return { text: `the proxy refused the connection (HTTP ${refusal[1]})`, mayHaveApplied: false }
  if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return {
      text: `the server's TLS certificate is not trusted (${code}: ${reason}); if a private CA signs it, as for a TLS-inspecting proxy, give that CA's certificate file in NODE_EXTRA_CA_CERTS`,
      mayHaveApplied: false,
    }
  }
  return {
    text: `connection error (${code ? `${code}: ` : ''}${reason})`,
    mayHaveApplied: !NOT_SENT_CODES.has(code),
  }
}

function innermostMessage(error: unknown): string {
  let current = error
  while (current instanceof Error && current.cause instanceof Error) current = current.cause
  return current instanceof Error ? current.message : ''
}

function errorCode(error: unknown): string {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return ''
}
