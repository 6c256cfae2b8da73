// A stateful fake of the GitHub REST API endpoints used to store Actions secrets.
// Deliberately free of vitest so the demo and benchmark can run it under tsx.
import { closeServer, FaultQueue, listenOnLoopback, readJsonBody, type RequestMatch } from './server-base.js'
import { createServer, STATUS_CODES } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import sodium from 'libsodium-wrappers'

export const DEFAULT_GITHUB_TOKEN = 'ghs_FakeGitHubToken0123456789abcdefGHIJ'

export type TokenAccess = 'write' | 'read' | 'none'
export type SecretVisibility = 'all' | 'private' | 'selected'

export interface FakeGitHubOptions {
  token?: string
  /** 'read' rejects secret writes, 'none' rejects every secrets route (both with 403). Default 'write'. */
  tokenAccess?: TokenAccess
  /** Delay before answering each request. */
  latencyMs?: number
  port?: number
  /** Serve the API under this path, as GitHub Enterprise Server does under /api/v3. */
  pathPrefix?: string
  /** Behave like older GitHub Enterprise Server: environment secrets only under /repositories/{id}/... */
  legacyEnvironmentRoutes?: boolean
  /** PUT requests admitted per rolling 60 s before answering 403 "secondary rate limit". */
  secondaryRateLimit?: { writesPerMinute: number }
}

export interface StoredSecret {
  value: string
  createdAt: string
  updatedAt: string
  visibility?: SecretVisibility
  selectedRepositoryIds?: number[]
}

export interface RecordedRequest {
  method: string
  /** Path and query exactly as sent (still URL-encoded). */
  path: string
  headers: IncomingHttpHeaders
  /** Parsed JSON body; the raw text if it was not JSON; undefined if empty. */
  body: unknown
  /** Undefined while in flight, or when the connection was reset by an injected fault. */
  status?: number
}

export type Fault = { status: number; retryAfter?: string; message?: string; headers?: Record<string, string> } | { kind: 'reset' }

export type SecretDestination = { repository: string; environment?: string } | { organization: string }

export interface PresetSecretOptions {
  /** Organization secrets only; defaults to 'all'. */
  visibility?: SecretVisibility
  selectedRepositoryIds?: number[]
  createdAt?: string
  updatedAt?: string
}

export interface FakeGitHubStats {
  /** Secret PUTs that stored a value (answered 201 or 204). */
  writes: number
  /** Responses with status 429 (only injected faults produce these). */
  responses429: number
  /** 403 "secondary rate limit" responses produced by the secondaryRateLimit option. */
  secondaryRateLimited: number
  maxInFlight: number
}

const DOCUMENTATION_URL = 'https://docs.github.com/rest'
const NOT_ACCESSIBLE_MESSAGE = 'Resource not accessible by integration'
const SECONDARY_RATE_LIMIT_MESSAGE = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
const SECONDARY_RATE_LIMIT_WINDOW_MS = 60_000
const PRIMARY_RATE_LIMIT = 5000
const PRIMARY_RATE_LIMIT_WINDOW_SECONDS = 3600
const DEFAULT_PER_PAGE = 30
const MAX_PER_PAGE = 100
const FIRST_KEY_ID = 568250167242549743n
const FIRST_REPOSITORY_ID = 1296269
const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const VISIBILITIES: readonly string[] = ['all', 'private', 'selected']

interface SecretStore {
  keyId: string
  keyPair: { publicKey: Uint8Array; privateKey: Uint8Array }
  secrets: Map<string, StoredSecret>
}

interface Repository {
  id: number
  owner: string
  name: string
  fullName: string
  secrets: SecretStore
  environments: Map<string, SecretStore>
}

interface Organization {
  login: string
  secrets: SecretStore
}

type Params = Record<string, string>

interface ApiRequest {
  url: URL
  params: Params
  body: unknown
}

interface ApiResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

type Handler = (request: ApiRequest) => ApiResponse

interface Route {
  method: string
  segments: string[]
  handler: Handler
}

type OrganizationSecretSettings = Pick<StoredSecret, 'visibility' | 'selectedRepositoryIds'>

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = []
  readonly unhandled: RecordedRequest[] = []
  readonly stats: FakeGitHubStats = { writes: 0, responses429: 0, secondaryRateLimited: 0, maxInFlight: 0 }

  private readonly token: string
  private readonly tokenAccess: TokenAccess
  private readonly server: Server
  private readonly routes: Route[]
  private readonly repositories = new Map<string, Repository>()
  private readonly organizations = new Map<string, Organization>()
  private readonly faults = new FaultQueue<Fault>()
  private readonly admittedWriteTimes: number[] = []
  private baseUrl = ''
  private inFlight = 0
  private nextKeyId = FIRST_KEY_ID
  private nextRepositoryId = FIRST_REPOSITORY_ID
  private rateLimitUsed = 0
  private rateLimitReset = 0

  private constructor(private readonly options: FakeGitHubOptions) {
    this.token = options.token ?? DEFAULT_GITHUB_TOKEN
    this.tokenAccess = options.tokenAccess ?? 'write'
    this.routes = this.buildRoutes()
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end()
      })
    })
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    await sodium.ready
    const fake = new FakeGitHub(options)
    await fake.listen(options.port ?? 0)
    return fake
  }

  /** Base URL to use as GITHUB_API_URL, e.g. http://127.0.0.1:54321 */
  get url(): string {
    return this.baseUrl
  }

  addRepository(fullName: string, options: { id?: number; environments?: string[] } = {}): void {
    const [owner, name, ...rest] = fullName.split('/')
    if (!owner || !name || rest.length > 0) throw new Error(`Repository must be "owner/name": ${fullName}`)
    if (this.repositories.has(fullName.toLowerCase())) throw new Error(`Repository already added: ${fullName}`)
    const environments = new Map((options.environments ?? []).map((env) => [env, this.createSecretStore()]))
    const id = options.id ?? this.nextRepositoryId++
    this.repositories.set(fullName.toLowerCase(), { id, owner, name, fullName, secrets: this.createSecretStore(), environments })
  }

  addOrganization(login: string): void {
    if (this.organizations.has(login.toLowerCase())) throw new Error(`Organization already added: ${login}`)
    this.organizations.set(login.toLowerCase(), { login, secrets: this.createSecretStore() })
  }

  /** Live map keyed by upper-case secret name (GitHub stores names upper-cased). */
  repositorySecrets(fullName: string): Map<string, StoredSecret> {
    return this.requireRepository(fullName).secrets.secrets
  }

  /** Live map keyed by upper-case secret name (GitHub stores names upper-cased). */
  environmentSecrets(fullName: string, environment: string): Map<string, StoredSecret> {
    const store = this.requireRepository(fullName).environments.get(environment)
    if (!store) throw new Error(`Unknown environment ${environment} in ${fullName}`)
    return store.secrets
  }

  /** Live map keyed by upper-case secret name (GitHub stores names upper-cased). */
  organizationSecrets(login: string): Map<string, StoredSecret> {
    const organization = this.organizations.get(login.toLowerCase())
    if (!organization) throw new Error(`Unknown organization: ${login}`)
    return organization.secrets.secrets
  }

  /** Seeds an existing secret as plaintext. */
  presetSecret(destination: SecretDestination, name: string, value: string, options: PresetSecretOptions = {}): void {
    const now = timestamp()
    const secret: StoredSecret = { value, createdAt: options.createdAt ?? now, updatedAt: options.updatedAt ?? now }
    if ('organization' in destination) {
      secret.visibility = options.visibility ?? 'all'
      if (secret.visibility === 'selected') secret.selectedRepositoryIds = [...(options.selectedRepositoryIds ?? [])]
    }
    this.secretsOf(destination).set(name.toUpperCase(), secret)
  }

  /** Answers the next `times` matching requests with `fault` instead of handling them. */
  inject(match: RequestMatch, fault: Fault, times = 1): void {
    this.faults.inject(match, fault, times)
  }

  async stop(): Promise<void> {
    await closeServer(this.server)
  }

  private async listen(port: number): Promise<void> {
    this.baseUrl = `http://127.0.0.1:${await listenOnLoopback(this.server, port)}${this.options.pathPrefix ?? ''}`
  }

  private secretsOf(destination: SecretDestination): Map<string, StoredSecret> {
    if ('organization' in destination) return this.organizationSecrets(destination.organization)
    if (destination.environment !== undefined) {
      return this.environmentSecrets(destination.repository, destination.environment)
    }
    return this.repositorySecrets(destination.repository)
  }

  private requireRepository(fullName: string): Repository {
    const repository = this.repositories.get(fullName.toLowerCase())
    if (!repository) throw new Error(`Unknown repository: ${fullName}`)
    return repository
  }

  private createSecretStore(): SecretStore {
    return { keyId: String(this.nextKeyId++), keyPair: sodium.crypto_box_keypair(), secrets: new Map() }
  }

  // ---- request pipeline ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.trackInFlight(res)
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: await readJsonBody(req),
    }
    const requestNumber = this.requests.push(recorded)
    if (this.options.latencyMs) await delay(this.options.latencyMs)

    const url = this.withoutPrefix(new URL(recorded.path, this.baseUrl))
    const fault = this.faults.take(recorded.method, url.pathname)
    if (fault && 'kind' in fault) {
      req.socket.destroy()
      return
    }
    const response = fault ? faultResponse(fault) : this.respond(recorded, url)
    this.send(res, recorded, response, requestNumber)
  }

  /** The API path under the prefix; a request outside it gets a path no route has. */
  private withoutPrefix(url: URL): URL {
    const prefix = this.options.pathPrefix
    if (!prefix) return url
    const inside = new URL(url)
    inside.pathname = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : `/outside-the-api-prefix${url.pathname}`
    return inside
  }

  private trackInFlight(res: ServerResponse): void {
    this.inFlight++
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight)
    res.once('close', () => this.inFlight--)
  }

  private respond(recorded: RecordedRequest, url: URL): ApiResponse {
    try {
      this.authenticate(recorded.headers)
      if (recorded.method === 'PUT') this.admitWrite()
      const found = this.findRoute(recorded.method, url.pathname)
      if (!found) {
        this.unhandled.push(recorded)
        throw new HttpError(404, 'Not Found')
      }
      return found.route.handler({ url, params: found.params, body: recorded.body })
    } catch (error) {
      if (!(error instanceof HttpError)) throw error
      return { status: error.status, body: errorBody(error.status, error.message), headers: error.headers }
    }
  }

  private authenticate(headers: IncomingHttpHeaders): void {
    const credentials = /^(?:token|bearer)\s+(\S+)$/i.exec(headers.authorization ?? '')
    if (credentials?.[1] !== this.token) throw new HttpError(401, 'Bad credentials')
  }

  private admitWrite(): void {
    const limit = this.options.secondaryRateLimit?.writesPerMinute
    if (limit === undefined) return
    const windowStart = Date.now() - SECONDARY_RATE_LIMIT_WINDOW_MS
    while ((this.admittedWriteTimes[0] ?? Infinity) <= windowStart) this.admittedWriteTimes.shift()
    if (this.admittedWriteTimes.length >= limit) {
      this.stats.secondaryRateLimited++
      throw new HttpError(403, SECONDARY_RATE_LIMIT_MESSAGE, { 'retry-after': '1' })
    }
    this.admittedWriteTimes.push(Date.now())
  }

  private send(res: ServerResponse, recorded: RecordedRequest, response: ApiResponse, requestNumber: number): void {
    recorded.status = response.status
    if (response.status === 429) this.stats.responses429++
    const headers: Record<string, string> = {
      ...this.rateLimitHeaders(),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `FAKE:${requestNumber}`,
    }
    const body = response.body === undefined ? undefined : JSON.stringify(response.body)
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8'
    res.writeHead(response.status, { ...headers, ...response.headers })
    res.end(body)
  }

  private rateLimitHeaders(): Record<string, string> {
    const nowSeconds = Math.floor(Date.now() / 1000)
    if (nowSeconds >= this.rateLimitReset) {
      this.rateLimitReset = nowSeconds + PRIMARY_RATE_LIMIT_WINDOW_SECONDS
      this.rateLimitUsed = 0
    }
    this.rateLimitUsed++
    return {
      'x-ratelimit-limit': String(PRIMARY_RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(1, PRIMARY_RATE_LIMIT - this.rateLimitUsed)),
      'x-ratelimit-reset': String(this.rateLimitReset),
      'x-ratelimit-used': String(this.rateLimitUsed),
      'x-ratelimit-resource': 'core',
    }
  }

  // ---- routing ----

  private findRoute(method: string, pathname: string): { route: Route; params: Params } | undefined {
    const segments = pathname.split('/').slice(1)
    for (const route of this.routes) {
      if (route.method !== method) continue
      const params = matchSegments(route.segments, segments)
      if (params) return { route, params }
    }
    return undefined
  }

  private buildRoutes(): Route[] {
    const repositoryScope = '/repos/:owner/:repo/actions/secrets'
    const environmentScopeByName = '/repos/:owner/:repo/environments/:environment/secrets'
    const environmentScopeById = '/repositories/:repositoryId/environments/:environment/secrets'
    const organizationScope = '/orgs/:org/actions/secrets'
    const repositoryStore = (params: Params) => this.lookupRepository(params).secrets
    const environmentStore = (params: Params) => this.lookupEnvironment(params)
    const organizationStore = (params: Params) => this.lookupOrganization(params).secrets

    const table: Array<[string, Handler]> = [
      ['GET /repos/:owner/:repo', ({ params }) => ok(describeRepository(this.lookupRepository(params)))],
      ...this.secretRoutes(repositoryScope, repositoryStore),
      ...(this.options.legacyEnvironmentRoutes ? [] : this.secretRoutes(environmentScopeByName, environmentStore)),
      ...this.secretRoutes(environmentScopeById, environmentStore),
      ...this.secretRoutes(organizationScope, organizationStore, (params) => this.lookupOrganization(params).login),
      [`GET ${organizationScope}/:name/repositories`, (request) => this.listSelectedRepositories(request)],
    ]
    return table.map(([pattern, handler]) => {
      const [method = '', path = ''] = pattern.split(' ')
      return { method, segments: path.split('/').slice(1), handler }
    })
  }

  /** Public key, list, get and put routes for one secrets scope; `organizationOf` marks organization scopes. */
  private secretRoutes(
    scope: string,
    storeOf: (params: Params) => SecretStore,
    organizationOf?: (params: Params) => string,
  ): Array<[string, Handler]> {
    const describe = (params: Params) => (name: string, secret: StoredSecret) => this.describeSecret(name, secret, organizationOf?.(params))
    return [
      [`GET ${scope}/public-key`, ({ params }) => publicKeyResponse(this.readableStore(storeOf(params)))],
      [`GET ${scope}`, (request) => listSecrets(this.readableStore(storeOf(request.params)), request, describe(request.params))],
      [`GET ${scope}/:name`, ({ params }) => getSecret(this.readableStore(storeOf(params)), params, describe(params))],
      [`PUT ${scope}/:name`, (request) => this.putSecret(this.writableStore(storeOf(request.params)), request, !!organizationOf)],
    ]
  }

  private readableStore(store: SecretStore): SecretStore {
    if (this.tokenAccess === 'none') throw new HttpError(403, NOT_ACCESSIBLE_MESSAGE)
    return store
  }

  private writableStore(store: SecretStore): SecretStore {
    if (this.tokenAccess !== 'write') throw new HttpError(403, NOT_ACCESSIBLE_MESSAGE)
    return store
  }

  private lookupRepository(params: Params): Repository {
    const repository =
      params.repositoryId !== undefined
        ? [...this.repositories.values()].find(({ id }) => String(id) === params.repositoryId)
        : this.repositories.get(`${params.owner}/${params.repo}`.toLowerCase())
    if (!repository) throw new HttpError(404, 'Not Found')
    return repository
  }

  private lookupEnvironment(params: Params): SecretStore {
    const store = this.lookupRepository(params).environments.get(params.environment ?? '')
    if (!store) throw new HttpError(404, 'Not Found')
    return store
  }

  private lookupOrganization(params: Params): Organization {
    const organization = this.organizations.get((params.org ?? '').toLowerCase())
    if (!organization) throw new HttpError(404, 'Not Found')
    return organization
  }

  // ---- secrets ----

  private describeSecret(name: string, secret: StoredSecret, organization?: string): Record<string, unknown> {
    const description: Record<string, unknown> = { name, created_at: secret.createdAt, updated_at: secret.updatedAt }
    if (organization === undefined) return description
    description.visibility = secret.visibility
    if (secret.visibility === 'selected') {
      description.selected_repositories_url = `${this.baseUrl}/orgs/${organization}/actions/secrets/${name}/repositories`
    }
    return description
  }

  private putSecret(store: SecretStore, request: ApiRequest, isOrganization: boolean): ApiResponse {
    const name = secretName(request.params)
    const body = requireObjectBody(request.body)
    const encryptedValue = requireString(body, 'encrypted_value')
    const keyId = requireString(body, 'key_id')
    const settings = isOrganization ? organizationSecretSettings(body) : {}
    if (!BASE64.test(encryptedValue)) throw new HttpError(422, 'Invalid request.\n\nencrypted_value is not valid base64.')
    if (keyId !== store.keyId) throw new HttpError(422, 'Invalid request.\n\nkey_id does not match the current public key.')
    const value = openSealedBox(store, encryptedValue)
    if (value === undefined) throw new HttpError(422, 'Invalid request.\n\nencrypted_value could not be decrypted.')

    const existing = store.secrets.get(name)
    const now = timestamp()
    store.secrets.set(name, { value, createdAt: existing?.createdAt ?? now, updatedAt: now, ...settings })
    this.stats.writes++
    return existing ? { status: 204 } : { status: 201, body: {} }
  }

  private listSelectedRepositories(request: ApiRequest): ApiResponse {
    const store = this.readableStore(this.lookupOrganization(request.params).secrets)
    const secret = store.secrets.get(secretName(request.params))
    if (!secret) throw new HttpError(404, 'Not Found')
    const repositories = (secret.selectedRepositoryIds ?? []).map((id) => this.describeRepositoryById(id))
    const { items, headers } = paginate(repositories, request.url)
    return { status: 200, body: { total_count: repositories.length, repositories: items }, headers }
  }

  private describeRepositoryById(id: number): Record<string, unknown> {
    const repository = [...this.repositories.values()].find((candidate) => candidate.id === id)
    return repository ? describeRepository(repository) : { id }
  }
}

// ---- pure helpers ----

function matchSegments(pattern: string[], segments: string[]): Params | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Params = {}
  for (const [index, expected] of pattern.entries()) {
    const actual = segments[index] ?? ''
    if (expected.startsWith(':')) {
      const decoded = safeDecode(actual)
      if (!decoded) return undefined
      params[expected.slice(1)] = decoded
    } else if (expected !== actual) {
      return undefined
    }
  }
  return params
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

function faultResponse(fault: Extract<Fault, { status: number }>): ApiResponse {
  const headers = { ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }), ...fault.headers }
  const message = fault.message ?? STATUS_CODES[fault.status] ?? 'Error'
  return { status: fault.status, body: errorBody(fault.status, message), headers }
}

function errorBody(status: number, message: string): Record<string, string> {
  return { message, documentation_url: DOCUMENTATION_URL, status: String(status) }
}

function ok(body: unknown): ApiResponse {
  return { status: 200, body }
}

function describeRepository(repository: Repository): Record<string, unknown> {
  return {
    id: repository.id,
    name: repository.name,
    full_name: repository.fullName,
    private: true,
    owner: { login: repository.owner },
  }
}

function publicKeyResponse(store: SecretStore): ApiResponse {
  return ok({ key_id: store.keyId, key: Buffer.from(store.keyPair.publicKey).toString('base64') })
}

function listSecrets(
  store: SecretStore,
  request: ApiRequest,
  describe: (name: string, secret: StoredSecret) => Record<string, unknown>,
): ApiResponse {
  const entries = [...store.secrets.entries()].sort(([a], [b]) => a.localeCompare(b))
  const { items, headers } = paginate(entries, request.url)
  const secrets = items.map(([name, secret]) => describe(name, secret))
  return { status: 200, body: { total_count: entries.length, secrets }, headers }
}

function getSecret(
  store: SecretStore,
  params: Params,
  describe: (name: string, secret: StoredSecret) => Record<string, unknown>,
): ApiResponse {
  const name = secretName(params)
  const secret = store.secrets.get(name)
  if (!secret) throw new HttpError(404, 'Not Found')
  return ok(describe(name, secret))
}

/** GitHub treats secret names case-insensitively and stores them upper-cased. */
function secretName(params: Params): string {
  const name = (params.name ?? '').toUpperCase()
  if (!SECRET_NAME.test(name) || name.startsWith('GITHUB_')) {
    throw new HttpError(
      422,
      'Invalid request.\n\nSecret names can only contain alphanumeric characters or underscores, must not start with a number or GITHUB_.',
    )
  }
  return name
}

function requireObjectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'Problems parsing JSON')
  return body as Record<string, unknown>
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== 'string') throw new HttpError(422, `Invalid request.\n\n"${field}" wasn't supplied.`)
  return value
}

function organizationSecretSettings(body: Record<string, unknown>): OrganizationSecretSettings {
  const visibility = body.visibility
  if (typeof visibility !== 'string' || !VISIBILITIES.includes(visibility)) {
    throw new HttpError(422, 'Invalid request.\n\n"visibility" must be one of: all, private, selected.')
  }
  if (visibility !== 'selected') return { visibility: visibility as SecretVisibility }
  const ids = body.selected_repository_ids
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id))) {
    throw new HttpError(422, 'Invalid request.\n\n"selected_repository_ids" must be an array of integers when visibility is selected.')
  }
  return { visibility, selectedRepositoryIds: [...(ids as number[])] }
}

function openSealedBox(store: SecretStore, encryptedValue: string): string | undefined {
  try {
    const sealed = new Uint8Array(Buffer.from(encryptedValue, 'base64'))
    return sodium.crypto_box_seal_open(sealed, store.keyPair.publicKey, store.keyPair.privateKey, 'text')
  } catch {
    return undefined
  }
}

function paginate<T>(items: T[], url: URL): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, integerParam(url, 'per_page') ?? DEFAULT_PER_PAGE))
  const page = Math.max(1, integerParam(url, 'page') ?? 1)
  const lastPage = Math.max(1, Math.ceil(items.length / perPage))
  const pageUrl = (number: number) => {
    const link = new URL(url)
    link.searchParams.set('per_page', String(perPage))
    link.searchParams.set('page', String(number))
    return link.href
  }
  const links: string[] = []
  if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`)
  if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`)
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`)
  const start = (page - 1) * perPage
  return { items: items.slice(start, start + perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} }
}

function integerParam(url: URL, name: string): number | undefined {
  const value = Number.parseInt(url.searchParams.get(name) ?? '', 10)
  return Number.isNaN(value) ? undefined : value
}

/** GitHub timestamps have second precision: 2024-01-02T03:04:05Z */
function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}
