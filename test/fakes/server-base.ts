// What the loopback fakes share: listening on 127.0.0.1 and closing, reading a request's JSON
// body, and a queue of injected faults matched by method and path.
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RequestMatch {
  /** Any method when left out; compared case-insensitively. */
  method?: string
  /** The request path without its query string, as sent (still URL-encoded): exact, or a pattern. */
  path: string | RegExp
}

/** Faults injected by tests, taken in the order injected by the first requests that match. */
export class FaultQueue<Fault> {
  private readonly pending: { match: RequestMatch; fault: Fault; remaining: number }[] = []

  inject(match: RequestMatch, fault: Fault, times = 1): void {
    this.pending.push({ match, fault, remaining: times })
  }

  take(method: string, path: string): Fault | undefined {
    const entry = this.pending.find(({ match }) => matches(match, method, path))
    if (!entry) return undefined
    entry.remaining--
    if (entry.remaining <= 0) this.pending.splice(this.pending.indexOf(entry), 1)
    return entry.fault
  }
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false
  return typeof match.path === 'string' ? match.path === path : match.path.test(path)
}

/** The body as JSON; undefined when empty, the raw text when it is not JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Listens on 127.0.0.1 (port 0: any free port) and returns the port. */
export async function listenOnLoopback(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return (server.address() as AddressInfo).port
}

/** Closes the server and every connection still open. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  server.closeAllConnections()
  await closed
}
