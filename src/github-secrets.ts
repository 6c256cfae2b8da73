import type { Tunnel } from './cloudflare.js'
import { InputError, type SecretScope, type SecretsConfig } from './inputs.js'
import { formatSeconds, sleep, type Logger } from './logger.js'
import { headerText, parseRetryAfter, type ResponseHeaders } from './rate-limit.js'
import type { PskStore } from './rotation.js'

// Types only: '@actions/github', the Octokit plugins and the sealed-box crypto are imported lazily
// in prepareSecretStore, so a run without secrets (and the input-error path) never loads them.
type Octokit = ReturnType<(typeof import('@actions/github'))['getOctokit']>
type OctokitPlugin = Parameters<(typeof import('@actions/github'))['getOctokit']>[2]

export interface SecretStoreContext {
  /** Every selected tunnel: their secret names are checked (and must be distinct) even when not due. */
  selected: Tunnel[]
  /** The tunnels this run rotates: the secrets it may write. */
  due: Tunnel[]
  validateOnly: boolean
  logger: Logger
  /** GitHub API base URL. Default: GITHUB_API_URL (as @actions/github reads it), else https://api.github.com. */
  apiUrl?: string
  /** Milliseconds per second of every retry and rate-limit wait. Default 1000; tests shrink it. */
  retryDelayUnitMs?: number
}

/** GitHub's documented caps on Actions secrets. */
const SECRET_LIMITS: Record<SecretScope, number> = { repository: 100, environment: 100, organization: 1000 }
/** A workflow sees at most this many of the organization secrets shared with its repository. */
const VISIBLE_ORGANIZATION_SECRETS = 100
/** Retries of one request for 5xx/network errors, for 429s and for each kind of rate limit. */
const MAX_RETRIES = 3
/** A rate limit asking for a longer wait than this fails the request instead of stalling the job. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 300
/** GitHub's advice when a rate-limited answer carries no retry-after: wait at least a minute. */
const FALLBACK_RETRY_AFTER_SECONDS = 60
const REQUEST_TIMEOUT_MS = 30_000
const API_VERSION = '2022-11-28'
const PER_PAGE = 100
/** plugin-retry's default list of statuses it leaves alone, plus 429, which requestGuard handles. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

// ---- secret names ----

/**
 * `{id}` and `{name}` filled in, upper-cased, and every character outside A-Z, 0-9 and _ (each
 * code point, so an emoji is one `_`) replaced by `_`.
 */
export function renderSecretName(template: string, tunnel: Pick<Tunnel, 'id' | 'name'>): string {
  return template
    .replace(/\{(id|name)\}/g, (_match, key: string) => (key === 'id' ? tunnel.id : tunnel.name))
    .toUpperCase()
    .replace(/[^A-Z0-9_]/gu, '_')
}

/**
 * The secret name of every tunnel, by tunnel ID. A name GitHub would reject, or two tunnels
 * sharing a name, is an InputError on `secret-name`: caught before anything changes.
 */
export function secretNamesFor(template: string, tunnels: readonly Tunnel[]): Map<string, string> {
  const names = new Map<string, string>()
  const owners = new Map<string, Tunnel[]>()
  for (const tunnel of tunnels) {
    const name = renderSecretName(template, tunnel)
    const which = `tunnel '${tunnel.name}' (${tunnel.id})`
    if (name === '') throw new InputError('secret-name', `'${template}' gives an empty secret name for ${which}.`)
    if (name.startsWith('GITHUB_')) {
      throw new InputError('secret-name', `'${template}' gives '${name}' for ${which}; GitHub reserves names starting with GITHUB_.`)
    }
    if (/^[0-9]/.test(name)) {
      throw new InputError('secret-name', `'${template}' gives '${name}' for ${which}; secret names must not start with a digit.`)
    }
    names.set(tunnel.id, name)
    owners.set(name, [...(owners.get(name) ?? []), tunnel])
  }
  const clashes = [...owners].filter(([, sharing]) => sharing.length > 1)
  if (clashes.length > 0) {
    const shown = clashes
      .slice(0, 3)
      .map(([name, sharing]) => `${sharing.map((tunnel) => `'${tunnel.name}'`).join(', ')} all become '${name}'`)
    const more = clashes.length > 3 ? ` (and ${clashes.length - 3} more)` : ''
    throw new InputError(
      'secret-name',
      `'${template}' gives several selected tunnels the same secret name: ${shown.join('; ')}${more}. Add {id} to the template, or rename the tunnels.`,
    )
  }
  return names
}

// ---- errors ----

interface RequestFailure {
  status?: number
  message: string
  headers: ResponseHeaders
  /** GitHub answered; false for connection errors and timeouts. */
  answered: boolean
}

function failureOf(error: unknown): RequestFailure {
  const candidate = error as { status?: unknown; message?: unknown; response?: { data?: unknown; headers?: ResponseHeaders } }
  const response = candidate?.response
  const data = response?.data as { message?: unknown } | string | undefined
  const said =
    typeof data === 'object' && data !== null && typeof data.message === 'string'
      ? data.message
      : typeof data === 'string' && data.trim()
        ? data
        : error instanceof Error
          ? error.message
          : String(error)
  return {
    status: typeof candidate?.status === 'number' ? candidate.status : undefined,
    message: said.replace(/\s+/g, ' ').trim().slice(0, 300),
    headers: response?.headers ?? {},
    answered: response !== undefined,
  }
}

function isSecondaryRateLimit(failure: RequestFailure): boolean {
  return /\bsecondary rate\b/i.test(failure.message)
}

function isPrimaryRateLimit(failure: RequestFailure): boolean {
  return headerText(failure.headers['x-ratelimit-remaining']) === '0' && (failure.status === 403 || failure.status === 429)
}

/** What the destination needs from the token, for 401/403/404 messages. */
function permissionAdvice(scope: SecretScope, target: string): string {
  const needs =
    scope === 'organization'
      ? `the organization permission "Secrets: Read and write" on ${target} (Organization permissions → Secrets; a classic token needs the admin:org scope, plus repo for secrets shared with private repositories)`
      : scope === 'environment'
        ? `the repository permissions "Secrets: Read and write" and "Environments: Read and write" on ${target} (a classic token needs the repo scope)`
        : `the repository permission "Secrets: Read and write" on ${target} (a classic token needs the repo scope)`
  return `github-token must be a fine-grained personal access token or a GitHub App installation token with ${needs}. The workflow's GITHUB_TOKEN cannot write secrets, whatever its permissions.`
}

// ---- destinations ----

interface PublicKey {
  keyId: string
  key: string
}

interface ExistingSecret {
  name: string
  visibility?: string
}

interface OrganizationSettings {
  visibility: string
  selected_repository_ids?: number[]
}

interface Destination {
  readonly scope: SecretScope
  /** "repository octo-org/network", "environment 'prod' of octo-org/network", "organization octo-org" */
  readonly description: string
  /** What 401/403 advice names as the token's target: the repository or the organization. */
  readonly target: string
  publicKey(): Promise<PublicKey>
  listSecrets(): Promise<ExistingSecret[]>
  put(name: string, encryptedValue: string, keyId: string, settings: OrganizationSettings | null): Promise<number>
  /** Organization scope: the repositories a `selected` secret is shared with. */
  selectedRepositoryIds?(name: string): Promise<number[]>
  /** What a 404 from this destination most likely means. */
  notFoundAdvice: string
}

class RepositoryDestination implements Destination {
  readonly scope = 'repository'
  readonly description: string
  readonly target: string
  readonly notFoundAdvice: string

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
  ) {
    this.target = `${owner}/${repo}`
    this.description = `repository ${this.target}`
    this.notFoundAdvice = `Check the repository input ('${this.target}'), and that github-token was granted access to this repository.`
  }

  async publicKey(): Promise<PublicKey> {
    const { data } = await this.octokit.rest.actions.getRepoPublicKey({ owner: this.owner, repo: this.repo })
    return { keyId: data.key_id, key: data.key }
  }

  listSecrets(): Promise<ExistingSecret[]> {
    return this.octokit.paginate(this.octokit.rest.actions.listRepoSecrets, { owner: this.owner, repo: this.repo, per_page: PER_PAGE })
  }

  async put(name: string, encryptedValue: string, keyId: string): Promise<number> {
    const { status } = await this.octokit.rest.actions.createOrUpdateRepoSecret({
      owner: this.owner,
      repo: this.repo,
      secret_name: name,
      encrypted_value: encryptedValue,
      key_id: keyId,
    })
    return status
  }
}

/**
 * `/repos/{owner}/{repo}/environments/{environment}/secrets/...`, falling back to the older
 * `/repositories/{id}/environments/...` routes only when the first answers 404 and the second works.
 */
class EnvironmentDestination implements Destination {
  readonly scope = 'environment'
  readonly description: string
  readonly target: string
  readonly notFoundAdvice: string
  /** Set when this server only has the /repositories/{id}/environments/... routes. */
  private legacyRepositoryId: number | null = null

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
    private readonly environment: string,
    private readonly logger: Logger,
  ) {
    this.target = `${owner}/${repo}`
    this.description = `environment '${environment}' of ${this.target}`
    this.notFoundAdvice = `Check that the environment input ('${environment}') names an existing environment of ${this.target} and that github-token was granted access to this repository.`
  }

  async publicKey(): Promise<PublicKey> {
    try {
      const { data } = await this.octokit.rest.actions.getEnvironmentPublicKey(this.modern())
      return { keyId: data.key_id, key: data.key }
    } catch (error) {
      if (failureOf(error).status !== 404) throw error
    }
    // 404: no such environment, or an older server without the /repos/.../environments routes.
    const { data: repository } = await this.octokit.rest.repos.get({ owner: this.owner, repo: this.repo })
    const response = await this.octokit.request('GET /repositories/{repository_id}/environments/{environment_name}/secrets/public-key', {
      repository_id: repository.id,
      environment_name: this.environment,
    })
    const data = response.data as { key_id: string; key: string }
    this.legacyRepositoryId = repository.id
    this.logger.info(
      `This GitHub server has no /repos/{owner}/{repo}/environments/{environment}/secrets routes; using /repositories/${repository.id}/environments/... instead.`,
    )
    return { keyId: data.key_id, key: data.key }
  }

  async listSecrets(): Promise<ExistingSecret[]> {
    if (this.legacyRepositoryId === null) {
      return this.octokit.paginate(this.octokit.rest.actions.listEnvironmentSecrets, { ...this.modern(), per_page: PER_PAGE })
    }
    const secrets = await this.octokit.paginate('GET /repositories/{repository_id}/environments/{environment_name}/secrets', {
      ...this.legacy(this.legacyRepositoryId),
      per_page: PER_PAGE,
    })
    return secrets as ExistingSecret[]
  }

  async put(name: string, encryptedValue: string, keyId: string): Promise<number> {
    const body = { secret_name: name, encrypted_value: encryptedValue, key_id: keyId }
    if (this.legacyRepositoryId === null) {
      const { status } = await this.octokit.rest.actions.createOrUpdateEnvironmentSecret({ ...this.modern(), ...body })
      return status
    }
    const { status } = await this.octokit.request(
      'PUT /repositories/{repository_id}/environments/{environment_name}/secrets/{secret_name}',
      { ...this.legacy(this.legacyRepositoryId), ...body },
    )
    return status
  }

  /** Octokit URL-encodes {environment_name} (a space becomes %20, a slash %2F). */
  private modern() {
    return { owner: this.owner, repo: this.repo, environment_name: this.environment }
  }

  private legacy(repositoryId: number) {
    return { repository_id: repositoryId, environment_name: this.environment }
  }
}

class OrganizationDestination implements Destination {
  readonly scope = 'organization'
  readonly description: string
  readonly target: string
  readonly notFoundAdvice: string

  constructor(
    private readonly octokit: Octokit,
    private readonly org: string,
  ) {
    this.target = `organization ${org}`
    this.description = `organization ${org}`
    this.notFoundAdvice = `Check the organization input ('${org}'; it defaults to the repository owner, and a personal account has no organization secrets) and that github-token belongs to a member allowed to manage its secrets.`
  }

  async publicKey(): Promise<PublicKey> {
    const { data } = await this.octokit.rest.actions.getOrgPublicKey({ org: this.org })
    return { keyId: data.key_id, key: data.key }
  }

  listSecrets(): Promise<ExistingSecret[]> {
    return this.octokit.paginate(this.octokit.rest.actions.listOrgSecrets, { org: this.org, per_page: PER_PAGE })
  }

  async selectedRepositoryIds(name: string): Promise<number[]> {
    const repositories = await this.octokit.paginate(this.octokit.rest.actions.listSelectedReposForOrgSecret, {
      org: this.org,
      secret_name: name,
      per_page: PER_PAGE,
    })
    return repositories.map((repository) => repository.id)
  }

  async put(name: string, encryptedValue: string, keyId: string, settings: OrganizationSettings | null): Promise<number> {
    const visibility = (settings?.visibility ?? 'private') as 'all' | 'private' | 'selected'
    const { status } = await this.octokit.rest.actions.createOrUpdateOrgSecret({
      org: this.org,
      secret_name: name,
      encrypted_value: encryptedValue,
      key_id: keyId,
      visibility,
      ...(settings?.selected_repository_ids ? { selected_repository_ids: settings.selected_repository_ids } : {}),
    })
    return status
  }
}

// ---- the Octokit client ----

interface ClientSettings {
  logger: Logger
  unitMs: number
}

type RequestOptions = { method?: string; url?: string; request?: { retryCount?: number }; [key: string]: unknown }

/** "PUT /repos/octo-org/network/actions/secrets/IPSEC_PSK_A": a route with its parameters filled in. */
export function describeRequest(options: RequestOptions): string {
  const path = String(options.url ?? '')
    .replace(/\{(\w+)\}/g, (match, key: string) => (options[key] === undefined ? match : encodeURIComponent(String(options[key]))))
    .replace(/^https?:\/\/[^/]+/, '')
  return `${String(options.method ?? 'GET').toUpperCase()} ${path}`
}

/**
 * Innermost request hook: a timeout and the API version on every attempt, retry-after for plain
 * 429s (the throttling plugin only handles rate-limit 403/429s), and a plain-words line for each
 * retry plugin-retry is about to make.
 */
function requestGuard({ logger, unitMs }: ClientSettings): OctokitPlugin {
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      const label = describeRequest(options as RequestOptions)
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await request({
            ...options,
            headers: { ...options.headers, 'x-github-api-version': API_VERSION },
            request: { ...options.request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
          })
          logger.debug(`${label} -> ${response.status}`)
          return response
        } catch (error) {
          const failure = failureOf(error)
          logger.debug(`${label} -> ${failure.answered ? failure.status : `no answer (${failure.message})`}`)
          const plain429 = failure.status === 429 && !isSecondaryRateLimit(failure) && !isPrimaryRateLimit(failure)
          if (plain429 && attempt < MAX_RETRIES) {
            const retryAfterMs = parseRetryAfter(failure.headers['retry-after'])
            const waitMs = retryAfterMs ?? FALLBACK_RETRY_AFTER_SECONDS * 1000
            if (waitMs <= MAX_RATE_LIMIT_WAIT_SECONDS * 1000) {
              logger.info(
                `GitHub answered HTTP 429 (too many requests) to ${label}; waiting ${formatSeconds(waitMs)}${retryAfterMs === null ? '' : ' as retry-after asks'} (retry ${attempt + 1} of ${MAX_RETRIES}).`,
              )
              await sleep((waitMs * unitMs) / 1000)
              continue
            }
            logger.info(`GitHub answered HTTP 429 to ${label} and asks to wait ${formatSeconds(waitMs)}; not waiting that long.`)
          }
          const retryCount = (options.request as { retryCount?: number } | undefined)?.retryCount ?? 0
          const retried = failure.status !== undefined && failure.status >= 400 && !DO_NOT_RETRY.includes(failure.status)
          if (retried && retryCount < MAX_RETRIES && (error as { request?: unknown }).request !== undefined) {
            const cause = failure.answered ? `GitHub answered HTTP ${failure.status}` : `no answer from GitHub (${failure.message})`
            logger.info(`${cause} to ${label}; retrying in ${(retryCount + 1) ** 2} s (retry ${retryCount + 1} of ${MAX_RETRIES}).`)
          }
          throw error
        }
      }
    })
  }
}

async function createClient(token: string, apiUrl: string | undefined, settings: ClientSettings): Promise<Octokit> {
  const [{ getOctokit }, { throttling }, { retry }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-throttling'),
    import('@octokit/plugin-retry'),
  ])
  const { logger, unitMs } = settings
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: unknown, _octokit: unknown, retryCount: number): boolean => {
      const label = describeRequest(options as RequestOptions)
      const wait = formatSeconds(retryAfter * 1000)
      if (retryCount >= MAX_RETRIES) {
        logger.info(`GitHub ${kind} on ${label}; giving up after ${MAX_RETRIES} retries.`)
        return false
      }
      if (retryAfter > MAX_RATE_LIMIT_WAIT_SECONDS) {
        logger.info(`GitHub ${kind} on ${label} asks to wait ${wait}, longer than ${MAX_RATE_LIMIT_WAIT_SECONDS} s; not waiting.`)
        return false
      }
      logger.info(`GitHub ${kind} on ${label}; waiting ${wait} (retry ${retryCount + 1} of ${MAX_RETRIES}).`)
      return true
    }
  return getOctokit(
    token,
    {
      ...(apiUrl ? { baseUrl: apiUrl.replace(/\/+$/, '') } : {}),
      userAgent: 'cloudflare-ipsec-psk-rotate',
      log: {
        debug: (message: string) => logger.debug(message),
        info: (message: string) => logger.debug(message),
        warn: (message: string) => logger.warning(message),
        error: (message: string) => logger.error(message),
      },
      // Writes stay paced one at a time, 1 s apart (the plugin's default write group).
      throttle: {
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        onRateLimit: onLimit('API rate limit for this token is used up'),
        fallbackSecondaryRateRetryAfter: FALLBACK_RETRY_AFTER_SECONDS,
        retryAfterBaseValue: unitMs,
      },
      retry: { retries: MAX_RETRIES, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: unitMs },
    },
    // The guard is registered first, so it sits innermost: its timeout covers one attempt only.
    requestGuard(settings),
    throttling,
    retry,
  )
}

// ---- preflight and store ----

/**
 * The preflight, before any PSK changes on Cloudflare: secret names are rendered and checked, the
 * destination's public key is fetched (once), its existing secrets are listed for GitHub's limit
 * and, for organization secrets, to keep each one's visibility and selected repositories. Throws
 * an InputError for a bad secret name and an Error naming the missing permission or environment
 * when GitHub refuses.
 */
export async function prepareSecretStore(config: SecretsConfig, context: SecretStoreContext): Promise<PskStore> {
  const { logger } = context
  const names = secretNamesFor(config.nameTemplate, context.selected)
  const nameOf = (tunnel: Tunnel): string => names.get(tunnel.id) ?? renderSecretName(config.nameTemplate, tunnel)
  const dueNames = [...new Set(context.due.map(nameOf))]
  const redact = redactor([config.githubToken])

  const [octokit, { sealSecretValue }] = await Promise.all([
    createClient(config.githubToken, context.apiUrl, { logger, unitMs: context.retryDelayUnitMs ?? 1000 }),
    import('./sealed-box.js'),
  ])
  const destination: Destination =
    config.scope === 'organization'
      ? new OrganizationDestination(octokit, config.organization)
      : config.scope === 'environment'
        ? new EnvironmentDestination(octokit, config.owner, config.repo, config.environment ?? '', logger)
        : new RepositoryDestination(octokit, config.owner, config.repo)

  const preflight = async <T>(action: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call()
    } catch (error) {
      throw new Error(`${redact(explain(error, action, destination))} Nothing was rotated: every tunnel keeps its current PSK.`)
    }
  }

  const publicKey = await preflight('read the secrets public key', () => destination.publicKey())
  const existing = await preflight('list the existing secrets', () => destination.listSecrets())
  const existingByName = new Map(existing.map((secret) => [secret.name.toUpperCase(), secret]))
  const created = dueNames.filter((name) => !existingByName.has(name))
  const updated = dueNames.filter((name) => existingByName.has(name))

  const limit = SECRET_LIMITS[config.scope]
  if (existing.length + created.length > limit) {
    throw new Error(
      `Writing ${created.length} new secret${created.length === 1 ? '' : 's'} to ${destination.description} would make ${existing.length + created.length}, over GitHub's limit of ${limit} secrets per ${config.scope} (${existing.length} exist already). Delete unused secrets, select fewer tunnels, or choose another secret-scope. Nothing was rotated: every tunnel keeps its current PSK.`,
    )
  }

  if (config.scope === 'organization' && existing.length + created.length > VISIBLE_ORGANIZATION_SECRETS) {
    logger.warning(
      `${destination.description} will hold ${existing.length + created.length} secrets. A workflow can read only the first ${VISIBLE_ORGANIZATION_SECRETS} organization secrets visible to its repository (in alphabetical order): share each secret only with the repositories that need it, or split the tunnels over repository or environment secrets.`,
    )
  }

  const settings = new Map<string, OrganizationSettings>()
  if (config.scope === 'organization') {
    for (const name of dueNames) {
      const current = existingByName.get(name)
      if (!current) {
        settings.set(name, { visibility: config.visibility })
      } else if (current.visibility === 'all' || current.visibility === 'private') {
        settings.set(name, { visibility: current.visibility })
      } else if (current.visibility === 'selected') {
        const ids = await preflight(`list the repositories of secret ${name}`, () => destination.selectedRepositoryIds!(name))
        settings.set(name, { visibility: 'selected', selected_repository_ids: ids })
      } else {
        throw new Error(
          `GitHub did not say which repositories may read the existing secret ${name} of ${destination.description} (visibility '${String(current.visibility)}'); it is left alone rather than rewritten with a guess. Nothing was rotated: every tunnel keeps its current PSK.`,
        )
      }
    }
  }

  const plan = dueNames.map((name) => {
    const setting = settings.get(name)
    const sharing = !setting
      ? ''
      : setting.visibility === 'selected'
        ? `, keeps its ${setting.selected_repository_ids!.length} selected repositor${setting.selected_repository_ids!.length === 1 ? 'y' : 'ies'}`
        : `, visibility ${setting.visibility}`
    return `${name} (${existingByName.has(name) ? 'update' : 'create'}${sharing})`
  })
  const verb = context.validateOnly ? 'would write' : 'writes'
  logger.info(
    `GitHub secrets: ${destination.description} holds ${existing.length} secret${existing.length === 1 ? '' : 's'} (GitHub allows ${limit}); ` +
      (dueNames.length === 0
        ? 'no tunnel is due, so this run writes none.'
        : `this run ${verb} ${dueNames.length}: ${updated.length} update${updated.length === 1 ? '' : 's'}, ${created.length} new.`),
  )
  if (plan.length > 0) logger.info(`${context.validateOnly ? 'Validate-only: would write' : 'Will write'}: ${plan.join(', ')}.`)

  let refused: string | null = null
  return {
    secretNameFor: nameOf,
    unavailable: () => refused,
    async store(tunnel, psk) {
      const name = nameOf(tunnel)
      const clean = redactor([config.githubToken, psk])
      if (context.validateOnly) throw new Error('This is a validate-only run: no secret is written.')
      if (refused !== null) throw new Error(`Not attempted: ${refused}`)
      let status: number
      try {
        status = await destination.put(
          name,
          sealSecretValue(psk, publicKey.key),
          publicKey.keyId,
          settings.get(name) ?? (config.scope === 'organization' ? { visibility: config.visibility } : null),
        )
      } catch (error) {
        const message = clean(explain(error, `write secret ${name}`, destination))
        const failure = failureOf(error)
        if (failure.status === 401 || failure.status === 404 || (failure.status === 403 && !isRateLimit(failure))) {
          refused ??= `GitHub refused an earlier write to ${destination.description} (HTTP ${failure.status}).`
        } else if (failure.status === 429 || isRateLimit(failure)) {
          // Retries are spent: more rotations now would only make PSKs that are stored nowhere.
          refused ??= `GitHub kept rate-limiting secret writes to ${destination.description} (HTTP ${failure.status}); re-run later to rotate the rest.`
        }
        throw new Error(message)
      }
      if (status !== 201 && status !== 204) {
        throw new Error(
          `GitHub answered HTTP ${status} to writing secret ${name} of ${destination.description}, not 201 (created) or 204 (updated); the secret may not hold the new PSK.`,
        )
      }
      logger.info(
        `Stored the new PSK of tunnel ${tunnel.name} in ${destination.description}: secret ${name} (${status === 201 ? 'created' : 'updated'}).`,
      )
    },
  }
}

function isRateLimit(failure: RequestFailure): boolean {
  return isSecondaryRateLimit(failure) || isPrimaryRateLimit(failure)
}

/** One actionable sentence or three: what failed, where, what GitHub said, and what to fix. */
export function explain(
  error: unknown,
  action: string,
  destination: Pick<Destination, 'scope' | 'description' | 'target' | 'notFoundAdvice'>,
): string {
  const failure = failureOf(error)
  const where = `${action} of ${destination.description}`
  const said = failure.message ? `: ${failure.message}` : ''
  if (!failure.answered) {
    return `Could not ${where}: no answer from GitHub (${failure.message}), also after ${MAX_RETRIES} retries.`
  }
  const status = failure.status ?? 0
  if (isRateLimit(failure) || status === 429) {
    return `GitHub's rate limit did not lift for the request to ${where} (HTTP ${status}${said}); this action retries ${MAX_RETRIES} times and waits at most ${MAX_RATE_LIMIT_WAIT_SECONDS} s at a time.`
  }
  if (status === 401) {
    return `GitHub rejected github-token when trying to ${where} (HTTP 401${said}): the token is wrong, expired or revoked.`
  }
  if (status === 403) {
    const accepted = headerText(failure.headers['x-accepted-github-permissions'])
    return `GitHub did not allow github-token to ${where} (HTTP 403${said}).${accepted ? ` GitHub says this call needs: ${accepted}.` : ''} ${permissionAdvice(destination.scope, destination.target)}`
  }
  if (status === 404) {
    return `GitHub answered HTTP 404${said} when trying to ${where}: it does not exist, or github-token cannot see it. ${destination.notFoundAdvice} ${permissionAdvice(destination.scope, destination.target)}`
  }
  if (status >= 500) {
    return `GitHub could not ${where} (HTTP ${status}${said}), also after ${MAX_RETRIES} retries.`
  }
  return `GitHub refused to ${where} (HTTP ${status}${said}).`
}

function redactor(secrets: string[]): (text: string) => string {
  const present = secrets.filter((secret) => secret.length >= 4)
  return (text) => present.reduce((result, secret) => result.split(secret).join('***'), text)
}
