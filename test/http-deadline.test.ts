// HttpClient with a deadline: every attempt's timeout is cut to the time left, and no retry or wait
// runs past it. Against a real loopback server.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DeadlineError, HttpClient } from '../src/http.js'

const quiet = { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} }

describe('HttpClient deadline', () => {
  let server: Server
  let url: string
  let dispatcher: Agent
  let answer: (respond: (status: number, headers?: Record<string, string>) => void) => void
  let hits = 0

  beforeEach(async () => {
    hits = 0
    server = createServer((req, res) => {
      req.resume()
      hits++
      answer((status, headers = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{}'))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`
    dispatcher = new Agent()
  })
  afterEach(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await dispatcher.close()
  })

  const send = (deadline: number, perRequest?: number) =>
    new HttpClient({ dispatcher, logger: quiet, service: 'Cloudflare', deadline }).send({
      method: 'POST',
      url,
      headers: {},
      label: 'read tunnel health checks',
      ...(perRequest === undefined ? {} : { deadline: perRequest }),
    })

  it('a server that never answers: the request ends at the deadline, not after its own 30 s time-out and retries', async () => {
    answer = () => {}
    const started = Date.now()
    const error = await send(started + 800).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DeadlineError)
    expect((error as Error).message).toMatch(
      /^Cloudflare request to read tunnel health checks could not finish before the deadline: no complete answer within 0\.\d s\.$/,
    )
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(hits).toBe(1)
  })

  it('a 429 asking for a wait past the deadline is handed back at once instead of waited out', async () => {
    answer = (respond) => respond(429, { 'retry-after': '60' })
    const started = Date.now()
    const response = await send(started + 5_000)
    expect(response.status).toBe(429)
    expect(hits).toBe(1)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('5xx retries stop when the next backoff would end past the deadline; the nearer of two deadlines counts', async () => {
    answer = (respond) => respond(503)
    const response = await send(Date.now() + 60_000, Date.now() + 200)
    expect(response.status).toBe(503)
    expect(hits).toBe(1)
  })

  it('no deadline: the request is sent as before', async () => {
    answer = (respond) => respond(200)
    const response = await new HttpClient({ dispatcher, logger: quiet, service: 'Cloudflare' }).send({
      method: 'POST',
      url,
      headers: {},
      label: 'x',
    })
    expect(response.status).toBe(200)
  })

  it('a deadline already passed sends nothing', async () => {
    answer = (respond) => respond(200)
    await expect(send(Date.now() - 1)).rejects.toThrow(/no time was left to send it/)
    expect(hits).toBe(0)
  })
})
