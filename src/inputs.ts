import { BlockList, isIP } from 'node:net'
import type { Credentials } from './cloudflare.js'
import { quoteInput } from './log-text.js'
import { formatSeconds } from './logger.js'
import { pskMasker } from './mask.js'
import { ProxyUrlError, proxyFromVariables } from './proxy-env.js'
import type { Stagger } from './rollout.js'
import { parseRouterPattern, parseRouters, type RouterRules } from './routers.js'
import { EnvironmentError, InputError } from './inputs/errors.js'
import { parsePsks } from './inputs/psks.js'
import { parseCurrentBundle, parseSecretsConfig } from './inputs/secrets.js'
import {
  DEFAULT_ROUTER_TIMEOUT_MS,
  DEFAULT_VERIFY_SETTLE_MS,
  DEFAULT_VERIFY_TIMEOUT_MS,
  ID_PATTERN,
  PRINTABLE_ASCII,
  parseBoolean,
  parseWait,
  parseInteger,
  parseMaxAge,
} from './inputs/values.js'

export { EnvironmentError, InputError, parseMaxAge, parsePsks }

export type Mode = 'generate' | 'set' | 'verify'
export type SecretScope = 'repository' | 'environment' | 'organization'

export interface TunnelSelector {
  all: boolean
  ids: string[]
  namePatterns: string[]
}

export interface SecretsConfig {
  scope: SecretScope
  githubToken: string
  owner: string
  repo: string
  environment: string | null
  organization: string
  visibility: 'private' | 'all'
  nameTemplate: string
  /** `secret-layout: bundle`: every PSK of the run in one secret; null for one secret a tunnel. */
  bundle: BundleConfig | null
}

export interface BundleConfig {
  /** The one secret's name. */
  name: string
  /** `current-bundle`: the secret's value as the workflow read it, in order; null when empty. */
  current: Map<string, string> | null
}

/** What every mode reads. */
interface CommonConfig {
  accountId: string
  credentials: Credentials
  apiBaseUrl: string
  selector: TunnelSelector
  /** `routers` and `router-pattern`: which tunnels share a router besides a `customer_endpoint`. */
  routerRules: RouterRules
  concurrency: number
}

/** `mode: verify`: rotates nothing. */
export interface VerifyConfig extends CommonConfig {
  mode: 'verify'
  /** How long the step may wait for health-check results newer than its start. */
  verifyTimeoutMs: number
  /** Results from the first this-long of the step are ignored (new SAs still propagating). */
  verifySettleMs: number
}

/** `router-command`: a rotation in waves, each verified before the next. */
export interface RollingConfig {
  command: string
  /** How long one run of the command may take. */
  commandTimeoutMs: number
  /** For each wave, from the end of the command: as `mode: verify`'s. */
  verifySettleMs: number
  verifyTimeoutMs: number
}

interface RotationCommon extends CommonConfig {
  validateOnly: boolean
  maxAgeMs: number | null
  /** At most this many tunnels rotate in one run; null for no cap. */
  maxTunnels: number | null
  stagger: Stagger
  /** Null when `secret-scope` is `none`. */
  secrets: SecretsConfig | null
  /** Null for one wave a run and no command. */
  rolling: RollingConfig | null
}

export interface GenerateConfig extends RotationCommon {
  mode: 'generate'
}

export interface SetConfig extends RotationCommon {
  mode: 'set'
  /** PSKs the user chose, by tunnel ID. */
  explicitPsks: Map<string, string>
  /** Length of the PSKs the action generates for tunnels `psks` does not cover. */
  pskLength: number
}

export type RotationConfig = GenerateConfig | SetConfig
/** Every input, checked; keyed on `mode`, so a mode cannot read an input that does not apply to it. */
export type Config = RotationConfig | VerifyConfig

export interface InputSource {
  getInput(name: string): string
  setSecret(secret: string): void
}

export const DEFAULT_API_BASE_URL = 'https://api.cloudflare.com/client/v4'
const MAX_CONCURRENCY = 32
const DEFAULT_CONCURRENCY = 4
const PSK_LENGTH = { default: 32, min: 16, max: 128 }

/**
 * Reads and checks every input before anything touches the network. Credentials and
 * user-given PSKs are masked the moment they are read, before any check can fail.
 */
export function readConfig(source: InputSource, env: NodeJS.ProcessEnv = process.env): Config {
  const input = (name: string): string => source.getInput(name).trim()
  const secretInput = (name: string): string => {
    const value = input(name)
    if (value) source.setSecret(value)
    if (value && !PRINTABLE_ASCII.test(value)) {
      throw new InputError(
        name,
        'contains whitespace or characters that cannot be sent in an HTTP header: check for a stray newline, space or quote where the secret was copied.',
      )
    }
    return value
  }

  const apiToken = secretInput('api-token')
  const apiKey = secretInput('api-key')
  const githubToken = secretInput('github-token')
  const explicitPsks = parsePsks(
    source.getInput('psks'),
    pskMasker((secret) => source.setSecret(secret)),
  )
  const currentBundle = parseCurrentBundle(source.getInput('current-bundle'), source.setSecret.bind(source))

  checkProxyVariables(env)
  const accountId = input('account-id')
  if (!accountId) throw new InputError('account-id', 'is required: the 32-character Cloudflare account ID.')
  if (!ID_PATTERN.test(accountId)) {
    throw new InputError('account-id', `expected a Cloudflare account ID of 32 hexadecimal characters, got ${quoteInput(accountId)}.`)
  }
  const credentials = readCredentials(apiToken, input('api-email'), apiKey)

  const mode = parseMode(input('mode'))
  if (mode === 'generate' && explicitPsks.size > 0) {
    throw new InputError('psks', "is only used with 'mode: set'; in generate mode Cloudflare chooses every PSK.")
  }
  const routerCommand = source.getInput('router-command').trim() || null
  checkModeInputs(mode, input, explicitPsks.size > 0, routerCommand !== null)
  const verifyTimeoutMs = parseWait('verify-timeout', input('verify-timeout')) ?? DEFAULT_VERIFY_TIMEOUT_MS
  const verifySettleMs = parseWait('verify-settle', input('verify-settle')) ?? DEFAULT_VERIFY_SETTLE_MS
  if ((mode === 'verify' || routerCommand !== null) && verifySettleMs >= verifyTimeoutMs) {
    throw new InputError(
      'verify-settle',
      `${formatSeconds(verifySettleMs)} leaves no time within verify-timeout ${formatSeconds(verifyTimeoutMs)}: make verify-timeout longer than verify-settle.`,
    )
  }

  const apiBaseUrl = parseBaseUrl(input('api-base-url'))
  const selector = parseSelector(input('tunnel-ids'), input('tunnel-names'))
  const validateOnly = parseBoolean('validate-only', input('validate-only'), false)
  const maxAgeMs = parseMaxAge(input('max-age'))
  const maxTunnels = parseInteger('max-tunnels', input('max-tunnels'), { min: 1 })
  const stagger = parseStagger(input('stagger'))
  if (routerCommand !== null && stagger === 'none') {
    throw new InputError(
      'stagger',
      "'none' with router-command would cut both tunnels of a router over in one wave: remove stagger (router-command rotates one tunnel a router a wave).",
    )
  }
  const routerRules = { routers: parseRouters(input('routers')), pattern: parseRouterPattern(input('router-pattern')) }
  const concurrency = parseInteger('concurrency', input('concurrency'), { min: 1, max: MAX_CONCURRENCY }) ?? DEFAULT_CONCURRENCY
  const pskLength = parseInteger('psk-length', input('psk-length'), PSK_LENGTH) ?? PSK_LENGTH.default
  const secrets = parseSecretsConfig(input, githubToken, env, currentBundle)
  const commandTimeoutMs = parseWait('router-timeout', input('router-timeout')) ?? DEFAULT_ROUTER_TIMEOUT_MS

  const common = { accountId: accountId.toLowerCase(), credentials, apiBaseUrl, selector, routerRules, concurrency }
  if (mode === 'verify') return { ...common, mode, verifyTimeoutMs, verifySettleMs }
  const rotation = {
    ...common,
    validateOnly,
    maxAgeMs,
    maxTunnels,
    stagger,
    secrets,
    rolling: routerCommand === null ? null : { command: routerCommand, commandTimeoutMs, verifySettleMs, verifyTimeoutMs },
  }
  return mode === 'set' ? { ...rotation, mode, explicitPsks, pskLength } : { ...rotation, mode }
}

function readCredentials(apiToken: string, apiEmail: string, apiKey: string): Credentials {
  if (apiToken && (apiEmail || apiKey)) {
    throw new InputError('api-token', "give either 'api-token' or 'api-email' with 'api-key', not both.")
  }
  if (apiEmail && !PRINTABLE_ASCII.test(apiEmail)) {
    throw new InputError('api-email', 'contains whitespace or characters that cannot be sent in an HTTP header.')
  }
  if (apiToken) return { kind: 'token', token: apiToken }
  if (apiEmail && apiKey) return { kind: 'global-key', email: apiEmail, key: apiKey }
  if (apiEmail) throw new InputError('api-key', "is required with 'api-email' (the legacy Global API Key).")
  if (apiKey) throw new InputError('api-email', "is required with 'api-key' (the email of the key's user).")
  throw new InputError(
    'api-token',
    "is required: a Cloudflare API token with 'Magic WAN Write' or 'Magic Transit Write' (or 'api-email' with 'api-key').",
  )
}

/** Every request goes through these proxies: one that is no URL stops the run before any request. */
function checkProxyVariables(env: NodeJS.ProcessEnv): void {
  for (const [lower, upper] of [
    ['https_proxy', 'HTTPS_PROXY'],
    ['http_proxy', 'HTTP_PROXY'],
  ] as const) {
    try {
      proxyFromVariables(env, lower, upper)
    } catch (error) {
      if (!(error instanceof ProxyUrlError)) throw error
      throw new EnvironmentError(
        error.variable,
        'expected a proxy URL such as http://proxy.example:3128 (the value is not shown: it may hold a password).',
      )
    }
  }
}

function parseMode(value: string): Mode {
  const mode = value.toLowerCase() || 'generate'
  if (mode === 'generate' || mode === 'set' || mode === 'verify') return mode
  throw new InputError('mode', `expected 'generate', 'set' or 'verify', got ${quoteInput(value)}.`)
}

/**
 * Inputs that only make sense with a mode that rotates, only with verify, or only with
 * `router-command` (whose waves are verified), are mistakes elsewhere.
 */
function checkModeInputs(mode: Mode, input: (name: string) => string, hasPsks: boolean, hasRouterCommand: boolean): void {
  if (mode !== 'verify') {
    if (!hasRouterCommand) {
      for (const name of ['verify-timeout', 'verify-settle']) {
        if (input(name)) throw new InputError(name, "is only used with 'mode: verify' or with 'router-command'.")
      }
      if (input('router-timeout')) throw new InputError('router-timeout', "is only used with 'router-command'.")
    }
    return
  }
  const rotatesOnly = "is not used with 'mode: verify', which rotates nothing: remove it from this step."
  if (hasRouterCommand) throw new InputError('router-command', rotatesOnly)
  if (input('router-timeout')) throw new InputError('router-timeout', rotatesOnly)
  if (hasPsks) throw new InputError('psks', rotatesOnly)
  const pskLength = input('psk-length')
  if (pskLength && pskLength !== String(PSK_LENGTH.default)) throw new InputError('psk-length', rotatesOnly)
  for (const name of ['max-age', 'max-tunnels']) if (input(name)) throw new InputError(name, rotatesOnly)
  const scope = input('secret-scope').toLowerCase()
  if (scope && scope !== 'none') throw new InputError('secret-scope', rotatesOnly)
  if (/^(true|yes|on)$/i.test(input('validate-only'))) throw new InputError('validate-only', rotatesOnly)
}

function parseBaseUrl(value: string): string {
  if (!value) return DEFAULT_API_BASE_URL
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError('api-base-url', `expected an http(s) URL such as ${DEFAULT_API_BASE_URL}, got ${quoteInput(value)}.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('api-base-url', `expected an http(s) URL such as ${DEFAULT_API_BASE_URL}, got ${quoteInput(value)}.`)
  }
  if (url.search || url.hash) throw new InputError('api-base-url', 'must not contain a query or fragment.')
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      'api-base-url',
      'plain http:// would send the API token unencrypted: use https:// (http:// is only for loopback addresses).',
    )
  }
  return url.href.replace(/\/+$/, '')
}

const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6')

/** localhost, 127.0.0.0/8 and ::1 (also as [::ffff:127.x.y.z]): traffic that never leaves the machine. */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost') return true
  const address = hostname.replace(/^\[(.*)\]$/, '$1')
  const family = isIP(address)
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

function parseSelector(idsValue: string, namesValue: string): TunnelSelector {
  const idTokens = idsValue.split(/[\s,]+/).filter(Boolean)
  const all = idTokens.some((token) => token.toLowerCase() === 'all')
  if (all && idTokens.length > 1) {
    throw new InputError('tunnel-ids', "give either the word 'all' or a list of tunnel IDs, not both.")
  }
  const ids = all
    ? []
    : idTokens.map((token) => {
        if (!ID_PATTERN.test(token)) {
          throw new InputError('tunnel-ids', `expected tunnel IDs of 32 hexadecimal characters (or 'all'), got ${quoteInput(token)}.`)
        }
        return token.toLowerCase()
      })
  const namePatterns = namesValue
    .split(/[\n,]/)
    .map((pattern) => pattern.trim())
    .filter(Boolean)
  if (!all && ids.length === 0 && namePatterns.length === 0) {
    throw new InputError(
      'tunnel-ids',
      "select tunnels with 'tunnel-ids' (IDs or 'all') or 'tunnel-names' (name patterns such as 'branch-*').",
    )
  }
  return { all, ids: [...new Set(ids)], namePatterns: [...new Set(namePatterns)] }
}

function parseStagger(value: string): Stagger {
  const stagger = value.toLowerCase() || 'customer-endpoint'
  if (stagger === 'customer-endpoint' || stagger === 'none') return stagger
  throw new InputError('stagger', `expected 'customer-endpoint' or 'none', got ${quoteInput(value)}.`)
}
