/**
 * Which proxy a request takes, by the rules of the toolkit's own HTTP client
 * (@actions/http-client): `https_proxy`/`HTTPS_PROXY` for https URLs and `http_proxy`/`HTTP_PROXY`
 * for http ones (lower case first, no fall-back from one to the other), never for loopback hosts
 * (localhost, 127.*, [::1]), and not for hosts that `no_proxy`/`NO_PROXY` lists: `*`, a host
 * name, a `host:port`, or a domain (`example.com` and `.example.com` both match its subdomains).
 */
import { ActionError } from './errors.js'

export type Environment = Readonly<Record<string, string | undefined>>

export interface ProxySettings {
  /** The proxy's URL, credentials included. */
  url: URL
  /** Basic credentials from the proxy URL, percent-decoded, as the toolkit sends them. */
  authorization?: string
  /** The variable it came from, for error messages: `HTTPS_PROXY`. */
  variable: string
}

/** The proxy a request to `target` goes through, or null for a direct connection. */
export function proxyFor(target: URL, env: Environment): ProxySettings | null {
  if (bypassesProxy(target, env)) return null
  return target.protocol === 'https:'
    ? proxyFromVariables(env, 'https_proxy', 'HTTPS_PROXY')
    : proxyFromVariables(env, 'http_proxy', 'HTTP_PROXY')
}

/** The proxy set for one scheme, whatever the host. */
export function proxyFromVariables(env: Environment, lower: string, upper: string): ProxySettings | null {
  const variable = env[lower] ? lower : upper
  const value = env[variable]
  if (!value) return null
  const url = parseProxyUrl(value, variable)
  const username = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  const authorization = username || password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined
  return { url, authorization, variable }
}

/** A proxy variable without a scheme (`proxy.example:3128`) means an http:// proxy. */
function parseProxyUrl(value: string, variable: string): URL {
  for (const candidate of value.includes('://') ? [value] : [value, `http://${value}`]) {
    try {
      const url = new URL(candidate)
      if (url.protocol === 'http:' || url.protocol === 'https:') return url
    } catch {
      // Tried again with http:// in front.
    }
  }
  throw new ProxyUrlError(variable)
}

/** A proxy variable that holds no URL. Its value may hold the proxy's password: it is not quoted. */
export class ProxyUrlError extends ActionError {
  constructor(readonly variable: string) {
    super(`${variable} is set but is not a proxy URL such as http://proxy.example:3128.`)
    this.name = 'ProxyUrlError'
  }
}

export function bypassesProxy(target: URL, env: Environment): boolean {
  const host = target.hostname
  if (!host) return false
  if (isLoopbackHost(host)) return true
  const noProxy = env['no_proxy'] || env['NO_PROXY'] || ''
  if (!noProxy) return false
  const port = target.port ? Number(target.port) : target.protocol === 'http:' ? 80 : target.protocol === 'https:' ? 443 : undefined
  const upperHost = host.toUpperCase()
  const candidates = port === undefined ? [upperHost] : [upperHost, `${upperHost}:${port}`]
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toUpperCase())
    .filter(Boolean)
    .some(
      (entry) =>
        entry === '*' ||
        candidates.some(
          (candidate) => candidate === entry || candidate.endsWith(`.${entry}`) || (entry.startsWith('.') && candidate.endsWith(entry)),
        ),
    )
}

/** The toolkit's test, by name: an IPv4-mapped address such as [::ffff:127.0.0.1] is not loopback to it. */
function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase()
  return lower === 'localhost' || lower.startsWith('127.') || lower.startsWith('[::1]') || lower.startsWith('[0:0:0:0:0:0:0:1]')
}
