// The proxy rules must be the toolkit's own: every case is also asked of @actions/http-client.
import { getProxyUrl } from '@actions/http-client'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { readConfig } from '../src/inputs.js'
import { proxyFor, proxyFromVariables, type Environment } from '../src/proxy-env.js'

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY']
const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]))

afterEach(() => {
  for (const name of PROXY_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
})

/** What @actions/http-client answers for `target` under `env`: the proxy's href, or '' for none. */
function toolkitAnswer(target: string, env: Environment): string {
  for (const name of PROXY_VARIABLES) {
    if (env[name] === undefined) delete process.env[name]
    else process.env[name] = env[name]
  }
  return getProxyUrl(target)
}

function ourAnswer(target: string, env: Environment): string {
  return proxyFor(new URL(target), env)?.url.href ?? ''
}

const HOSTS = [
  'api.cloudflare.com',
  'api.github.com',
  'ghes.corp.example',
  'localhost',
  '127.0.0.1',
  '127.8.9.1',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '10.1.2.3',
]
const NO_PROXY_ENTRIES = [
  '*',
  'cloudflare.com',
  '.cloudflare.com',
  'api.cloudflare.com',
  'api.cloudflare.com:443',
  'github.com:8443',
  'corp.example',
  'CORP.EXAMPLE',
  ' api.github.com ',
  '',
]

describe('proxyFor', () => {
  it('agrees with @actions/http-client on every scheme, host, port and NO_PROXY list', () => {
    const env = fc.record(
      {
        https_proxy: fc.constantFrom('http://lower-https:3128', ''),
        HTTPS_PROXY: fc.constantFrom('http://upper-https:3128', 'https://user:p%40ss@secure-proxy:8443'),
        http_proxy: fc.constantFrom('http://lower-http:3128', ''),
        HTTP_PROXY: fc.constantFrom('http://upper-http:8080'),
        no_proxy: fc.array(fc.constantFrom(...NO_PROXY_ENTRIES), { maxLength: 3 }).map((entries) => entries.join(',')),
        NO_PROXY: fc.array(fc.constantFrom(...NO_PROXY_ENTRIES), { maxLength: 3 }).map((entries) => entries.join(',')),
      },
      { requiredKeys: [] },
    )
    const target = fc
      .tuple(fc.constantFrom('https', 'http'), fc.constantFrom(...HOSTS), fc.constantFrom('', ':443', ':80', ':8443'))
      .map(([scheme, host, port]) => `${scheme}://${host}${port}/client/v4/accounts`)
    fc.assert(
      fc.property(target, env, (url, variables) => {
        expect(ourAnswer(url, variables), `${url} ${JSON.stringify(variables)}`).toBe(toolkitAnswer(url, variables))
      }),
      { numRuns: 2000 },
    )
  })

  it('never proxies loopback, and takes no HTTP_PROXY for https', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://proxy.corp:3128' }
    expect(ourAnswer('https://127.0.0.1:8443/x', env)).toBe('')
    expect(ourAnswer('http://localhost/x', env)).toBe('')
    expect(ourAnswer('https://api.cloudflare.com/x', { HTTP_PROXY: 'http://proxy.corp:3128' })).toBe('')
    expect(ourAnswer('https://api.cloudflare.com/x', env)).toBe('http://proxy.corp:3128/')
  })
})

describe('proxyFromVariables', () => {
  it('sends the URL’s credentials, percent-decoded, as Basic authorization', () => {
    const proxy = proxyFromVariables({ HTTPS_PROXY: 'http://net%20ops:p%40ss@proxy.corp:3128' }, 'https_proxy', 'HTTPS_PROXY')
    expect(proxy?.authorization).toBe(`Basic ${Buffer.from('net ops:p@ss').toString('base64')}`)
    expect(proxy?.variable).toBe('HTTPS_PROXY')
  })

  it('reads a value without a scheme as an http:// proxy', () => {
    expect(proxyFromVariables({ https_proxy: 'proxy.corp:3128' }, 'https_proxy', 'HTTPS_PROXY')?.url.href).toBe('http://proxy.corp:3128/')
  })

  it('refuses a value that is no URL, without quoting it', () => {
    expect(() => proxyFromVariables({ HTTPS_PROXY: 'http://user:secret@[bad' }, 'https_proxy', 'HTTPS_PROXY')).toThrow(
      /^HTTPS_PROXY is set but is not a proxy URL such as http:\/\/proxy\.example:3128\.$/,
    )
  })
})

describe('readConfig', () => {
  const inputs: Record<string, string> = { 'account-id': '0123456789abcdef0123456789abcdef', 'api-token': 'cf-token', 'tunnel-ids': 'all' }
  const read = (env: Environment) => readConfig({ getInput: (name) => inputs[name] ?? '', setSecret: () => {} }, env)

  it.each(['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY'])(
    'refuses a %s that is no URL before any request, naming the variable and quoting nothing',
    (variable) => {
      expect(() => read({ [variable]: 'http://net-ops:hunter2@[proxy' })).toThrow(
        new RegExp(
          `^Environment variable ${variable}: expected a proxy URL such as http://proxy\\.example:3128 \\(the value is not shown: it may hold a password\\)\\.$`,
        ),
      )
    },
  )

  it('takes a proxy variable without a scheme', () => {
    expect(() => read({ HTTPS_PROXY: 'proxy.corp.example:3128' })).not.toThrow()
  })
})
