// createDispatcher and HttpClient in one process: which requests take the proxy, and what a
// refusing proxy or an untrusted certificate looks like to the user.
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { connect, type AddressInfo } from 'node:net'
import { Agent, type Dispatcher } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../src/dispatcher.js'
import { HttpClient, TransportError } from '../src/http.js'
import type { Logger } from '../src/logger.js'
import { createTestCa, type TestCa } from './helpers/test-ca.js'

const quiet: Logger = { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} }
const servers: Server[] = []
const dispatchers: Dispatcher[] = []
let ca: TestCa

beforeAll(async () => {
  ca = await createTestCa()
})
afterAll(async () => {
  await ca.remove()
})
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.close()))
  for (const server of servers.splice(0)) server.closeAllConnections()
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
})

async function listen(server: Server): Promise<number> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** An answer of `{"ok":true}` over http. */
async function api(): Promise<number> {
  return listen(createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')))
}

/** A CONNECT proxy that records each tunnel's target, or refuses every one with `refuse`. */
async function proxy(refuse?: number): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = []
  const server = createHttpServer()
  server.on('connect', (req, socket) => {
    tunnels.push(req.url ?? '')
    if (refuse) {
      socket.end(`HTTP/1.1 ${refuse} Forbidden\r\ncontent-length: 0\r\n\r\n`)
      return
    }
    const [host, port] = splitHostPort(req.url ?? '')
    const upstream = connect(Number(port), host === '::ffff:7f00:1' ? '127.0.0.1' : host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.pipe(socket).pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  return { url: `http://127.0.0.1:${await listen(server)}`, tunnels }
}

function splitHostPort(target: string): [string, string] {
  const colon = target.lastIndexOf(':')
  return [target.slice(0, colon).replace(/^\[|\]$/g, ''), target.slice(colon + 1)]
}

function client(dispatcher: Dispatcher): HttpClient {
  dispatchers.push(dispatcher)
  return new HttpClient({ dispatcher, logger: quiet, service: 'Example', retry: { maxRetries: 0 }, wait: async () => {} })
}

const get = (http: HttpClient, url: string) => http.send({ method: 'GET', url, headers: {}, label: 'fetch thing' })

describe('createDispatcher', () => {
  it('is a plain pool when no proxy is set', () => {
    const dispatcher = createDispatcher({ env: { NO_PROXY: '*' } })
    dispatchers.push(dispatcher)
    expect(dispatcher).toBeInstanceOf(Agent)
  })

  it('sends a request through HTTP_PROXY, and hosts in NO_PROXY and loopback direct', async () => {
    const port = await api()
    const { url, tunnels } = await proxy()
    const http = client(createDispatcher({ env: { HTTP_PROXY: url, NO_PROXY: `[::ffff:7f00:1]:${port + 1}` } }))

    expect((await get(http, `http://[::ffff:127.0.0.1]:${port}/x`)).json).toEqual({ ok: true })
    expect((await get(http, `http://127.0.0.1:${port}/x`)).json).toEqual({ ok: true })
    expect((await get(http, `http://localhost:${port}/x`)).json).toEqual({ ok: true })
    expect(tunnels).toEqual([`[::ffff:7f00:1]:${port}`])
  })

  it('reports a proxy that refuses as such, and as not sent', async () => {
    const { url } = await proxy(403)
    const http = client(createDispatcher({ env: { https_proxy: url } }))

    const failure = await get(http, 'https://api.cloudflare.example/client/v4').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TransportError)
    expect((failure as TransportError).message).toBe(
      'Example request to fetch thing failed after 1 attempts: the proxy refused the connection (HTTP 403).',
    )
    expect((failure as TransportError).mayHaveApplied).toBe(false)
  })
})

describe('an untrusted certificate', () => {
  it('names NODE_EXTRA_CA_CERTS, and counts as not sent', async () => {
    const port = await listen(createHttpsServer(ca.server, (_req, res) => res.end('{}')))
    const http = client(createDispatcher({ env: {} }))

    const failure = await get(http, `https://127.0.0.1:${port}/x`).catch((error: unknown) => error)
    expect((failure as TransportError).message).toMatch(
      /: the server's TLS certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*\); if a private CA signs it, .* NODE_EXTRA_CA_CERTS\.$/,
    )
    expect((failure as TransportError).mayHaveApplied).toBe(false)
  })
})
