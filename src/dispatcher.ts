import { Agent, Dispatcher, ProxyAgent } from 'undici'
import { bypassesProxy, proxyFromVariables, type Environment, type ProxySettings } from './proxy-env.js'

const CONNECT_TIMEOUT_MS = 10_000

export interface DispatcherOptions {
  /** Connections per server; unlimited when left out. */
  connections?: number
  /** Where the proxy variables are read: process.env. */
  env: Environment
}

/**
 * The connection pool every request of the action goes through: direct, or through the proxy that
 * HTTPS_PROXY / HTTP_PROXY name, host by host as NO_PROXY says (see proxy-env.ts). Throws when a
 * proxy variable is set but holds no URL.
 */
export function createDispatcher({ connections, env }: DispatcherOptions): Dispatcher {
  const options = { connections, connect: { timeout: CONNECT_TIMEOUT_MS } }
  const direct = new Agent(options)
  const https = proxyFromVariables(env, 'https_proxy', 'HTTPS_PROXY')
  const http = proxyFromVariables(env, 'http_proxy', 'HTTP_PROXY')
  if (!https && !http) return direct
  const through = (proxy: ProxySettings | null) =>
    proxy ? new ProxyAgent({ ...options, uri: proxy.url.href, ...(proxy.authorization ? { token: proxy.authorization } : {}) }) : direct
  return new ProxyRouter(direct, { 'https:': through(https), 'http:': through(http) }, env)
}

/** Sends each request direct or through its scheme's proxy. */
class ProxyRouter extends Dispatcher {
  constructor(
    private readonly direct: Dispatcher,
    private readonly proxies: Record<'https:' | 'http:', Dispatcher>,
    private readonly env: Environment,
  ) {
    super()
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    const origin = new URL(String(options.origin))
    const proxied = origin.protocol === 'https:' || origin.protocol === 'http:' ? this.proxies[origin.protocol] : this.direct
    return (bypassesProxy(origin, this.env) ? this.direct : proxied).dispatch(options, handler)
  }

  override async close(): Promise<void> {
    await Promise.all(this.pools().map((pool) => pool.close()))
  }

  override async destroy(): Promise<void> {
    await Promise.all(this.pools().map((pool) => pool.destroy()))
  }

  private pools(): Dispatcher[] {
    return [...new Set([this.direct, this.proxies['https:'], this.proxies['http:']])]
  }
}
