import type { Credentials } from './cloudflare.js'
import { BUNDLE_SIZE_LIMIT_BYTES, mergeBundle } from './github-secrets/bundle-format.js'
import { quoteInput } from './log-text.js'
import { pskMasker } from './mask.js'
import type { Stagger } from './rollout.js'

/** A user's mistake in an input: reported as one `::error::` naming the input, never as a stack trace. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input '${input}': ${message}`)
    this.name = 'InputError'
  }
}

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

export interface Config {
  accountId: string
  credentials: Credentials
  apiBaseUrl: string
  selector: TunnelSelector
  mode: Mode
  validateOnly: boolean
  maxAgeMs: number | null
  /** Verify mode: how long to wait for health-check results newer than the run's start. */
  verifyTimeoutMs: number
  /** At most this many tunnels rotate in one run; null for no cap. */
  maxTunnels: number | null
  stagger: Stagger
  concurrency: number
  /** Set mode: PSKs the user chose, by tunnel ID. */
  explicitPsks: Map<string, string>
  /** Set mode: length of the PSKs the action generates for tunnels `psks` does not cover. */
  pskLength: number
  /** Null when `secret-scope` is `none`. */
  secrets: SecretsConfig | null
}

export interface InputSource {
  getInput(name: string): string
  setSecret(secret: string): void
}

export const DEFAULT_API_BASE_URL = 'https://api.cloudflare.com/client/v4'
const DEFAULT_SECRET_NAME = 'IPSEC_PSK_{name}'
const ID_PATTERN = /^[0-9a-f]{32}$/i
/** Printable ASCII without whitespace: what an HTTP header value and a PSK may hold. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/
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
  checkModeInputs(mode, input, explicitPsks.size > 0)

  return {
    accountId: accountId.toLowerCase(),
    credentials,
    apiBaseUrl: parseBaseUrl(input('api-base-url')),
    selector: parseSelector(input('tunnel-ids'), input('tunnel-names')),
    mode,
    validateOnly: parseBoolean('validate-only', input('validate-only'), false),
    maxAgeMs: parseMaxAge(input('max-age')),
    verifyTimeoutMs: parseDuration('verify-timeout', input('verify-timeout')) ?? DEFAULT_VERIFY_TIMEOUT_MS,
    maxTunnels: parseInteger('max-tunnels', input('max-tunnels'), { min: 1 }),
    stagger: parseStagger(input('stagger')),
    concurrency: parseInteger('concurrency', input('concurrency'), { min: 1, max: MAX_CONCURRENCY }) ?? DEFAULT_CONCURRENCY,
    explicitPsks,
    pskLength: parseInteger('psk-length', input('psk-length'), PSK_LENGTH) ?? PSK_LENGTH.default,
    secrets: parseSecretsConfig(input, githubToken, env, currentBundle),
  }
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

function parseMode(value: string): Mode {
  const mode = value.toLowerCase() || 'generate'
  if (mode === 'generate' || mode === 'set' || mode === 'verify') return mode
  throw new InputError('mode', `expected 'generate', 'set' or 'verify', got ${quoteInput(value)}.`)
}

/** Inputs that only make sense with a mode that rotates, or only with verify, are mistakes elsewhere. */
function checkModeInputs(mode: Mode, input: (name: string) => string, hasPsks: boolean): void {
  if (mode !== 'verify') {
    if (input('verify-timeout')) throw new InputError('verify-timeout', "is only used with 'mode: verify'.")
    return
  }
  const rotatesOnly = "is not used with 'mode: verify', which rotates nothing: remove it from this step."
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
  return url.href.replace(/\/+$/, '')
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

function parseBoolean(name: string, value: string, defaultValue: boolean): boolean {
  if (!value) return defaultValue
  if (/^(true|yes|on)$/i.test(value)) return true
  if (/^(false|no|off)$/i.test(value)) return false
  throw new InputError(name, `expected 'true' or 'false', got ${quoteInput(value)}.`)
}

/** A whole number within `limits`, or null when the input is empty. */
function parseInteger(name: string, value: string, limits: { min: number; max?: number }): number | null {
  if (!value) return null
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN
  const max = limits.max ?? Number.MAX_SAFE_INTEGER
  if (!Number.isSafeInteger(number) || number < limits.min || number > max) {
    const range = limits.max === undefined ? `of at least ${limits.min}` : `from ${limits.min} to ${limits.max}`
    throw new InputError(name, `expected a whole number ${range}, got ${quoteInput(value)}.`)
  }
  return number
}

const SECOND_MS = 1_000
const MINUTE_MS = 60 * SECOND_MS
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS
const WEEK_MS = 7 * DAY_MS
const UNIT_MS: Record<string, number> = { s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: WEEK_MS }
const DEFAULT_VERIFY_TIMEOUT_MS = 10 * MINUTE_MS
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i

/** `30m`, `12h`, `90d`, `2w`, or ISO 8601 such as `P90D` or `PT12H`. Empty: no age limit. */
export function parseMaxAge(value: string): number | null {
  return parseDuration('max-age', value)
}

/** A positive duration in `name`: `30m`, `12h`, `90d`, `2w`, or ISO 8601 such as `P90D` or `PT12H`; null when empty. */
function parseDuration(name: string, value: string): number | null {
  if (!value) return null
  const simple = /^(\d+)\s*([smhdw])$/i.exec(value)
  let ms: number | null = null
  if (simple) {
    ms = Number(simple[1]) * (UNIT_MS[(simple[2] ?? '').toLowerCase()] ?? 0)
  } else {
    const iso = ISO_DURATION.exec(value)
    if (iso && /\d/.test(value) && !value.toUpperCase().endsWith('T')) {
      const [weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = iso.slice(1).map((part) => Number(part ?? 0))
      ms = weeks * WEEK_MS + days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + seconds * SECOND_MS
    }
  }
  if (ms === null || ms <= 0 || !Number.isSafeInteger(ms)) {
    throw new InputError(
      name,
      `expected a positive duration such as '30m', '12h', '90d', '2w' or ISO 8601 'P90D', got ${quoteInput(value)}.`,
    )
  }
  return ms
}

/**
 * `psks` as lines of `TUNNEL_ID=PSK` or a JSON object. Every candidate value is masked before it
 * is checked, and no error message quotes a value.
 */
export function parsePsks(raw: string, mask: (secret: string) => void): Map<string, string> {
  const text = raw.trim()
  if (!text) return new Map()
  const entries: [key: string | null, psk: unknown, where: string][] = []
  if (text.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      for (const line of text.split('\n')) if (line.trim()) mask(line.trim())
      throw new InputError('psks', 'is not valid JSON: expected an object such as {"<tunnel id>": "<psk>"}.')
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InputError('psks', 'expected a JSON object such as {"<tunnel id>": "<psk>"}.')
    }
    // Entries are named by position only: a key may be a PSK pasted where the tunnel ID belongs.
    Object.entries(parsed).forEach(([key, psk], index) => {
      if (typeof psk === 'string' && psk) mask(psk)
      entries.push([key, psk, `entry ${index + 1}`])
    })
  } else {
    text.split('\n').forEach((line, index) => {
      const trimmed = line.trim()
      if (!trimmed) return
      const separator = trimmed.indexOf('=')
      const psk = separator < 0 ? trimmed : trimmed.slice(separator + 1).trim()
      if (psk) mask(psk)
      entries.push([separator < 0 ? null : trimmed.slice(0, separator).trim(), psk, `line ${index + 1}`])
    })
  }
  const psks = new Map<string, string>()
  for (const [key, psk, where] of entries) {
    if (key === null) throw new InputError('psks', `${where} is not of the form TUNNEL_ID=PSK.`)
    if (!ID_PATTERN.test(key)) {
      throw new InputError('psks', `${where}: expected a tunnel ID of 32 hexadecimal characters as the key.`)
    }
    const id = key.toLowerCase()
    if (typeof psk !== 'string' || !psk) throw new InputError('psks', `${where}: the PSK for tunnel ${id} is empty or not a string.`)
    if (!PRINTABLE_ASCII.test(psk)) {
      throw new InputError('psks', `${where}: the PSK for tunnel ${id} must be printable ASCII without whitespace.`)
    }
    if (psks.has(id)) throw new InputError('psks', `${where}: tunnel ${id} is given more than once.`)
    psks.set(id, psk)
  }
  return psks
}

const SCOPES = ['none', 'repository', 'environment', 'organization'] as const
const OWNER_OR_REPO = /^[A-Za-z0-9_.-]+$/

function parseSecretsConfig(
  input: (name: string) => string,
  githubToken: string,
  env: NodeJS.ProcessEnv,
  currentBundle: Map<string, string> | null,
): SecretsConfig | null {
  const scopeValue = input('secret-scope').toLowerCase() || 'none'
  const scope = SCOPES.find((candidate) => candidate === scopeValue)
  if (!scope) {
    throw new InputError('secret-scope', `expected 'none', 'repository', 'environment' or 'organization', got ${quoteInput(scopeValue)}.`)
  }
  const layout = input('secret-layout').toLowerCase() || 'per-tunnel'
  if (layout !== 'per-tunnel' && layout !== 'bundle') {
    throw new InputError('secret-layout', `expected 'per-tunnel' or 'bundle', got ${quoteInput(layout)}.`)
  }
  const nameTemplate = parseSecretNameTemplate(input('secret-name') || DEFAULT_SECRET_NAME)
  if (layout === 'per-tunnel' && currentBundle !== null) {
    throw new InputError('current-bundle', "is only used with 'secret-layout: bundle'.")
  }
  if (scope === 'none') {
    if (layout === 'bundle') throw new InputError('secret-layout', "'bundle' needs a 'secret-scope' to write the bundle secret to.")
    return null
  }
  const bundle = layout === 'bundle' ? { name: bundleSecretName(nameTemplate), current: currentBundle } : null

  if (!githubToken) {
    throw new InputError(
      'github-token',
      `is required with 'secret-scope: ${scope}': a token allowed to write Actions secrets (a fine-grained PAT with "Secrets: Read and write", or a GitHub App installation token). The workflow's GITHUB_TOKEN cannot write secrets.`,
    )
  }
  const repository = input('repository') || env.GITHUB_REPOSITORY || ''
  const [owner, repo, ...rest] = repository.split('/')
  if (scope !== 'organization' || input('repository')) {
    if (!owner || !repo || rest.length > 0 || !OWNER_OR_REPO.test(owner) || !OWNER_OR_REPO.test(repo)) {
      throw new InputError('repository', `expected 'owner/name', got ${quoteInput(repository)}.`)
    }
  }
  const environment = input('environment')
  if (scope === 'environment' && !environment) {
    throw new InputError('environment', "is required with 'secret-scope: environment': the name of the GitHub environment.")
  }
  // GitHub's rules for an environment name: at most 255 characters, none of them a control character.
  if (environment && (environment.length > 255 || /[\u0000-\u001f\u007f]/.test(environment))) {
    throw new InputError(
      'environment',
      `expected a GitHub environment name (at most 255 characters, no control characters), got ${quoteInput(environment)}.`,
    )
  }
  const organization = input('organization') || owner || env.GITHUB_REPOSITORY_OWNER || ''
  if (scope === 'organization' && !OWNER_OR_REPO.test(organization)) {
    throw new InputError('organization', `expected an organization login, got ${quoteInput(organization)}.`)
  }
  const visibility = input('secret-visibility').toLowerCase() || 'private'
  if (visibility !== 'private' && visibility !== 'all') {
    throw new InputError('secret-visibility', `expected 'private' or 'all', got ${quoteInput(visibility)}.`)
  }
  return {
    scope,
    githubToken,
    owner: owner ?? '',
    repo: repo ?? '',
    environment: environment || null,
    organization,
    visibility,
    nameTemplate,
    bundle,
  }
}

const DEFAULT_BUNDLE_NAME = 'IPSEC_PSKS'

/** The bundle's one secret name: IPSEC_PSKS unless `secret-name` gives a fixed name. */
function bundleSecretName(template: string): string {
  if (template === DEFAULT_SECRET_NAME) return DEFAULT_BUNDLE_NAME
  if (/\{(id|name)\}/.test(template)) {
    throw new InputError(
      'secret-name',
      "holds {id} or {name}, but 'secret-layout: bundle' writes one secret: give it a fixed name, or leave it out for IPSEC_PSKS.",
    )
  }
  const name = template.toUpperCase()
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
    throw new InputError('secret-name', 'must be letters, digits and underscores, not starting with a digit, for the bundle secret.')
  }
  return name
}

const BUNDLE_HINT =
  'Pass the bundle secret exactly as stored, e.g. `current-bundle: ${{ secrets.IPSEC_PSKS }}`: a JSON object {"<tunnel id>": "<psk>"}.'

/**
 * `current-bundle`: the bundle secret's value, masked as a whole and then PSK by PSK before it is
 * looked at. Quotes nothing of it in an error. Null when empty.
 */
function parseCurrentBundle(raw: string, setSecret: (secret: string) => void): Map<string, string> | null {
  const text = raw.trim()
  if (!text) return null
  setSecret(text)
  const mask = pskMasker(setSecret)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    for (const line of text.split('\n')) if (line.trim()) setSecret(line.trim())
    throw new InputError('current-bundle', `is not valid JSON. ${BUNDLE_HINT}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError('current-bundle', `is not a JSON object. ${BUNDLE_HINT}`)
  }
  const entries = Object.entries(parsed)
  for (const [key, psk] of entries) {
    if (typeof psk === 'string' && psk) mask(psk)
    // A key that is not a tunnel ID may be a PSK: keys and values swapped, or names as keys.
    if (!ID_PATTERN.test(key)) setSecret(key)
  }
  const bad = entries.findIndex(([, psk]) => typeof psk !== 'string' || !psk)
  if (bad !== -1) throw new InputError('current-bundle', `entry ${bad + 1} is not a non-empty string. ${BUNDLE_HINT}`)
  const badKey = entries.findIndex(([key]) => !ID_PATTERN.test(key))
  if (badKey !== -1) {
    throw new InputError(
      'current-bundle',
      `entry ${badKey + 1}: expected a tunnel ID of 32 hexadecimal characters as the key. ${BUNDLE_HINT}`,
    )
  }
  const bundle = new Map(entries as [string, string][])
  const bytes = Buffer.byteLength(mergeBundle(bundle, new Map()), 'utf8')
  if (bytes > BUNDLE_SIZE_LIMIT_BYTES) {
    throw new InputError(
      'current-bundle',
      `holds ${bytes} bytes, over GitHub's limit of ${BUNDLE_SIZE_LIMIT_BYTES} bytes a secret: split the tunnels over several bundles (one per environment, or one per tunnel-names group with a secret-name of its own).`,
    )
  }
  return bundle
}

function parseSecretNameTemplate(template: string): string {
  const unknown = /\{(?!id\}|name\})[^}]*\}/.exec(template)
  if (unknown) {
    throw new InputError('secret-name', `unknown placeholder ${quoteInput(unknown[0])}: use {id} and {name}.`)
  }
  // The text before the first placeholder starts every secret name: check it before any request.
  const prefix = (template.split('{')[0] ?? '').toUpperCase().replace(/[^A-Z0-9_]/gu, '_')
  if (prefix.startsWith('GITHUB_')) {
    throw new InputError('secret-name', 'gives names starting with GITHUB_, which GitHub reserves.')
  }
  if (/^[0-9]/.test(prefix)) throw new InputError('secret-name', 'gives names starting with a digit, which GitHub does not allow.')
  return template
}
