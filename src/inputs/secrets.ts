import { BUNDLE_SIZE_LIMIT_BYTES, mergeBundle } from '../github-secrets/bundle-format.js'
import { checkSecretNameTemplate, isPlainSecretName } from '../github-secrets/names.js'
import type { SecretsConfig } from '../inputs.js'
import { quoteInput } from '../log-text.js'
import { pskMasker } from '../mask.js'
import { InputError } from './errors.js'
import { ID_PATTERN } from './values.js'

const DEFAULT_SECRET_NAME = 'IPSEC_PSK_{name}'

const SCOPES = ['none', 'repository', 'environment', 'organization'] as const
const OWNER_OR_REPO = /^[A-Za-z0-9_.-]+$/

export function parseSecretsConfig(
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
  const nameTemplate = checkSecretNameTemplate(input('secret-name') || DEFAULT_SECRET_NAME)
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
  if (!isPlainSecretName(name)) {
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
export function parseCurrentBundle(raw: string, setSecret: (secret: string) => void): Map<string, string> | null {
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
