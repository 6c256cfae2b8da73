import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HttpClient, TransportError, type RetryPolicy } from '../src/http.js'
import type { Logger } from '../src/logger.js'
import { RateLimitPacer, parseRateLimit, parseRetryAfter } from '../src/rate-limit.js'

type Step = (req: IncomingMessage, res: ServerResponse) => void

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
const reset: Step = (req) => req.socket.destroy()

class ScriptedServer {
  private steps: Step[] = []
  hits = 0
  private server!: Server
  url = ''

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        this.hits++
        const step = this.steps.shift() ?? json(500, { error: 'script exhausted' })
        step(req, res)
      })
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/thing`
  }

  script(...steps: Step[]): void {
    this.steps.push(...steps)
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const push = (message: string) => lines.push(message)
  return { lines, info: push, warning: push, error: push, debug: () => {} }
}

describe('HttpClient', () => {
  let server: ScriptedServer
  let dispatcher: Agent
  let logger: ReturnType<typeof recordingLogger>
  let waits: number[]

  const client = (retry: Partial<RetryPolicy> = {}, pacer?: RateLimitPacer) =>
    new HttpClient({
      dispatcher,
      logger,
      service: 'Example',
      retry: { baseDelayMs: 100, ...retry },
      pacer,
      wait: async (ms) => {
        waits.push(ms)
      },
      random: () => 0.5,
    })
  const get = (http: HttpClient) => http.send({ method: 'GET', url: server.url, headers: {}, label: 'fetch thing' })

  beforeEach(async () => {
    server = new ScriptedServer()
    await server.start()
    dispatcher = new Agent()
    logger = recordingLogger()
    waits = []
  })
  afterEach(async () => {
    await dispatcher.close()
    await server.stop()
  })

  it('returns parsed JSON', async () => {
    server.script(json(200, { ok: true }))
    const response = await get(client())
    expect(response).toMatchObject({ status: 200, json: { ok: true } })
  })

  it('retries 5xx and 408 with growing, jittered backoff', async () => {
    server.script(json(502, {}), json(503, {}), json(408, {}), json(200, { ok: 1 }))
    const response = await get(client())
    expect(response.status).toBe(200)
    expect(server.hits).toBe(4)
    expect(waits).toEqual([75, 150, 300])
    expect(logger.lines[0]).toMatch(/fetch thing: Example answered HTTP 502; retrying in 0.1 s \(attempt 2 of 5\)/)
  })

  it('gives up after maxRetries and returns the last 5xx', async () => {
    server.script(json(500, {}), json(500, {}), json(500, { last: true }))
    const response = await get(client({ maxRetries: 2 }))
    expect(response).toMatchObject({ status: 500, json: { last: true } })
    expect(server.hits).toBe(3)
  })

  it('caps backoff at maxDelayMs', async () => {
    server.script(json(500, {}), json(500, {}), json(500, {}), json(200, {}))
    await get(client({ baseDelayMs: 1000, maxDelayMs: 1500 }))
    expect(waits).toEqual([750, 1125, 1125])
  })

  it('does not retry other 4xx', async () => {
    server.script(json(403, { success: false }), json(200, {}))
    const response = await get(client())
    expect(response.status).toBe(403)
    expect(server.hits).toBe(1)
  })

  it('waits for Retry-After in seconds on 429', async () => {
    server.script(json(429, {}, { 'retry-after': '7' }), json(200, {}))
    const response = await get(client())
    expect(response.status).toBe(200)
    expect(waits).toEqual([7000])
    expect(logger.lines[0]).toMatch(/Example rate limit hit \(HTTP 429\) on fetch thing; waiting 7 s as Retry-After asks/)
  })

  it('waits for Retry-After given as an HTTP date', async () => {
    const date = new Date(Date.now() + 20_000).toUTCString()
    server.script(json(429, {}, { 'retry-after': date }), json(200, {}))
    await get(client())
    expect(waits[0]).toBeGreaterThan(17_000)
    expect(waits[0]).toBeLessThanOrEqual(20_000)
  })

  it('returns a 429 whose Retry-After is longer than it may wait', async () => {
    server.script(json(429, {}, { 'retry-after': '3600' }))
    const response = await get(client({ maxRetryAfterMs: 60_000 }))
    expect(response.status).toBe(429)
    expect(waits).toEqual([])
  })

  it('retries a reset connection and reports an unknown outcome when it keeps failing', async () => {
    server.script(reset, reset, reset)
    const error = await get(client({ maxRetries: 2 })).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).mayHaveApplied).toBe(true)
    expect((error as TransportError).message).toMatch(/Example request to fetch thing failed after 3 attempts: connection error/)
    expect(server.hits).toBe(3)
  })

  it('remembers that an earlier attempt may have taken effect when a later one is refused', async () => {
    server.script(reset, json(400, { success: false }))
    const response = await get(client())
    expect(response).toMatchObject({ status: 400, earlierAttemptMayHaveApplied: true })
  })

  it('says nothing may have taken effect when the first answer is final', async () => {
    server.script(json(200, {}))
    expect((await get(client())).earlierAttemptMayHaveApplied).toBe(false)
  })

  it('succeeds after a reset', async () => {
    server.script(reset, json(200, { ok: true }))
    expect((await get(client())).json).toEqual({ ok: true })
  })

  it('times out a request that never answers', async () => {
    server.script(
      () => {},
      () => {},
    )
    const error = await get(client({ timeoutMs: 200, maxRetries: 1 })).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).message).toMatch(/no complete answer within 0.2 s/)
    expect((error as TransportError).mayHaveApplied).toBe(true)
  })

  it('knows a refused connection never reached the server', async () => {
    await server.stop()
    const error = await get(client({ maxRetries: 1 })).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).mayHaveApplied).toBe(false)
    expect((error as TransportError).message).toMatch(/ECONNREFUSED/)
    server = new ScriptedServer()
    await server.start()
  })

  it('treats a 2xx that is not the documented answer as lost: retried, and flagged when it stays that way', async () => {
    const plain =
      (body: string): Step =>
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(body)
      }
    server.script(plain('{"success": tr'), json(200, { success: true }), json(200, { success: true, result: 1 }))
    const isAnswer = (body: unknown) => (body as { result?: unknown } | null)?.result !== undefined
    const response = await client().send({ method: 'POST', url: server.url, headers: {}, label: 'make thing', isAnswer })
    expect(response).toMatchObject({ status: 200, notAnAnswer: false, earlierAttemptMayHaveApplied: true })
    expect(server.hits).toBe(3)
    expect(logger.lines[0]).toBe('make thing: Example answered HTTP 200 without the documented answer; retrying in 0.1 s (attempt 2 of 5).')

    server.script(plain('garbled'), plain('garbled'))
    const garbled = await client({ maxRetries: 1 }).send({ method: 'POST', url: server.url, headers: {}, label: 'make thing', isAnswer })
    expect(garbled).toMatchObject({ status: 200, notAnAnswer: true, earlierAttemptMayHaveApplied: true })
  })

  it('sends nothing once stopped, and ends a retry wait at the stop, saying what may have applied', async () => {
    const stop = new AbortController()
    stop.abort()
    const stopped = new HttpClient({ dispatcher, logger, service: 'Example', stop: stop.signal })
    await expect(get(stopped)).rejects.toMatchObject({ name: 'StoppedError', mayHaveApplied: false })
    expect(server.hits).toBe(0)

    const later = new AbortController()
    const waiting = new HttpClient({
      dispatcher,
      logger,
      service: 'Example',
      stop: later.signal,
      wait: () => {
        later.abort()
        return new Promise(() => {})
      },
    })
    server.script(json(502, {}))
    await expect(get(waiting)).rejects.toMatchObject({ name: 'StoppedError', mayHaveApplied: true })
    expect(server.hits).toBe(1)
  })

  it('never logs request or response bodies', async () => {
    server.script(json(500, { psk: 'response-secret' }), json(200, { psk: 'response-secret' }))
    await client().send({ method: 'POST', url: server.url, headers: {}, body: '{"psk":"request-secret"}', label: 'set thing' })
    expect(logger.lines.join('\n')).not.toMatch(/secret/)
  })
})

describe('parseRateLimit', () => {
  it('reads Cloudflare structured headers', () => {
    expect(parseRateLimit({ ratelimit: '"default";r=50;t=30' })).toEqual({ remaining: 50, resetInMs: 30_000 })
  })
  it('reads the older separate headers', () => {
    expect(parseRateLimit({ 'ratelimit-remaining': '3', 'ratelimit-reset': '12' })).toEqual({ remaining: 3, resetInMs: 12_000 })
  })
  it('is null without headers', () => {
    expect(parseRateLimit({})).toBeNull()
    expect(parseRateLimit({ ratelimit: 'garbage' })).toBeNull()
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and dates', () => {
    expect(parseRetryAfter('2')).toBe(2000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000)
    expect(parseRetryAfter('soon')).toBeNull()
    expect(parseRetryAfter(undefined)).toBeNull()
  })
})

/** A pacer on a fake clock that jumps forward by each wait it is asked for. */
function fakeClockPacer() {
  const clock = { now: 0 }
  const waits: number[] = []
  const logger = recordingLogger()
  const pacer = new RateLimitPacer(
    'Example',
    logger,
    async (ms) => {
      waits.push(ms)
      clock.now += ms
    },
    () => clock.now,
  )
  return { pacer, waits, clock, logger }
}

describe('RateLimitPacer', () => {
  it('lets requests through until the announced budget is spent, then waits for the window to reset', async () => {
    const { pacer, waits, logger } = fakeClockPacer()
    await pacer.acquire()
    pacer.release({ ratelimit: '"default";r=2;t=10' })
    await pacer.acquire()
    await pacer.acquire()
    expect(waits).toEqual([])
    await pacer.acquire()
    expect(waits).toEqual([10_250])
    expect(logger.lines[0]).toMatch(/Example rate limit: the request budget for this window is used up; pausing for 10 s/)
  })

  it('lets everything through when no budget is announced', async () => {
    const { pacer, waits } = fakeClockPacer()
    for (let i = 0; i < 50; i++) {
      await pacer.acquire()
      pacer.release({})
    }
    expect(waits).toEqual([])
  })

  it('does not take a late answer from the current window for a new window', async () => {
    const { pacer, waits, clock } = fakeClockPacer()
    await pacer.acquire()
    await pacer.acquire()
    pacer.release({ ratelimit: '"default";r=2;t=10' }) // budget 2, one request still in flight: 1 left
    clock.now += 3000
    pacer.release({ ratelimit: '"default";r=3;t=10' }) // the in-flight one answers 3 s late
    await pacer.acquire()
    expect(waits).toEqual([])
    await pacer.acquire()
    expect(waits).toEqual([7250])
  })

  it('holds every request back for as long as a 429 asks', async () => {
    const { pacer, waits } = fakeClockPacer()
    pacer.holdFor(5000)
    await pacer.acquire()
    expect(waits).toEqual([5250])
  })

  it('does not wait out a window longer than it may wait, whatever the header announces', async () => {
    const { pacer, waits } = fakeClockPacer()
    await pacer.acquire()
    pacer.release({ ratelimit: '"default";r=0;t=86400' })
    await expect(pacer.acquire()).rejects.toThrow(
      'Example rate limit: the request budget is used up and resets in 86400 s, longer than the 330 s this action waits; not sent.',
    )
    pacer.release({ ratelimit: `"default";r=0;t=${'9'.repeat(400)}` })
    await expect(pacer.acquire()).rejects.toThrow(/resets in \d+ s, longer than the 330 s this action waits/)
    expect(waits).toEqual([])
  })

  it('ignores a stale answer from the previous window', async () => {
    const { pacer, waits } = fakeClockPacer()
    await pacer.acquire()
    pacer.release({ ratelimit: '"default";r=1;t=30' })
    await pacer.acquire()
    pacer.release({ ratelimit: '"default";r=40;t=1' }) // older window, answered late
    await pacer.acquire()
    expect(waits).toEqual([30_250])
  })
})
