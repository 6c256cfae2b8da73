// A loopback HTTP proxy in front of a fake that lets a test rewrite chosen answers after the fake
// has handled the request: the change the request makes still happens, only the answer is strange
// (garbled, contradictory, missing fields, extra headers), as on a flaky network or a buggy API.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

interface Rewrite {
  method: string
  path: RegExp
  /** Matching requests to let through untouched before this rewrite applies. */
  skip: number
  remaining: number
  edit: (answer: Answer) => Answer
}

export class TamperingProxy {
  private readonly rewrites: Rewrite[] = []
  private readonly server: Server

  private constructor(private readonly target: URL) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const upstream = request(
          new URL(req.url ?? '/', this.target),
          { method: req.method, headers: { ...req.headers, host: this.target.host } },
          (answer) => {
            const body: Buffer[] = []
            answer.on('data', (chunk: Buffer) => body.push(chunk))
            answer.on('end', () => {
              const original: Answer = {
                status: answer.statusCode ?? 502,
                headers: plainHeaders(answer.headers),
                body: Buffer.concat(body).toString('utf8'),
              }
              const rewritten = this.take(req.method ?? 'GET', new URL(req.url ?? '/', this.target).pathname)?.(original) ?? original
              const { 'content-length': _length, 'transfer-encoding': _encoding, ...headers } = rewritten.headers
              res.writeHead(rewritten.status, { ...headers, 'content-length': Buffer.byteLength(rewritten.body) })
              res.end(rewritten.body)
            })
          },
        )
        upstream.on('error', () => res.destroy())
        upstream.end(Buffer.concat(chunks))
      })
    })
  }

  static async start(target: string): Promise<TamperingProxy> {
    const proxy = new TamperingProxy(new URL(target))
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve))
    return proxy
  }

  /** The proxy's address with the target's path, e.g. http://127.0.0.1:PORT/client/v4. */
  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}${this.target.pathname.replace(/\/+$/, '')}`
  }

  /** Rewrites the answers to `times` matching requests, after letting `skip` of them through. */
  rewrite(match: { method: string; path: RegExp; skip?: number }, edit: (answer: Answer) => Answer, times = 1): void {
    this.rewrites.push({ method: match.method.toUpperCase(), path: match.path, skip: match.skip ?? 0, remaining: times, edit })
  }

  /** Rewrites a JSON body. */
  rewriteJson<Body>(match: { method: string; path: RegExp; skip?: number }, edit: (body: Body) => unknown, times = 1): void {
    this.rewrite(match, (answer) => ({ ...answer, body: JSON.stringify(edit(JSON.parse(answer.body) as Body)) }), times)
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }

  private take(method: string, path: string): ((answer: Answer) => Answer) | undefined {
    const rewrite = this.rewrites.find((candidate) => candidate.method === method && candidate.path.test(path))
    if (!rewrite) return undefined
    if (rewrite.skip > 0) {
      rewrite.skip--
      return undefined
    }
    if (--rewrite.remaining <= 0) this.rewrites.splice(this.rewrites.indexOf(rewrite), 1)
    return rewrite.edit
  }
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  )
}
