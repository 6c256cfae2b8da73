// A stateful fake of the Cloudflare API endpoints used to rotate Magic IPsec tunnel PSKs,
// served over real HTTP on 127.0.0.1. Shapes follow the OpenAPI excerpt in test/fixtures/ (a copy of ../shared/cloudflare/).
// Used by vitest suites, the demo script and the benchmark, so it must not import vitest.
import { createHash, randomInt } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { FakeTunnelHealth } from './cloudflare-health.js'
import { requestViolation } from './cloudflare-requests.js'
import { closeServer, FaultQueue, listenOnLoopback, readJsonBody, type RequestMatch } from './server-base.js'

export const DEFAULT_ACCOUNT_ID = '023e105f4ecef8ad9ca31a8372d0c353'
export const DEFAULT_API_TOKEN = 'fake-cloudflare-api-token-0123456789abcdef'

export interface FakeTunnelSeed {
  id?: string
  name: string
  lastGeneratedOn?: string | null
  psk?: string
  /** Default 198.51.100.<n>; null leaves `customer_endpoint` out of the tunnel object. */
  customerEndpoint?: string | null
  /** Default 203.0.113.<n>. */
  cloudflareEndpoint?: string
  /** `health_check.enabled`; default true. */
  healthCheck?: boolean
  /** `custom_remote_identities.fqdn_id`; left out of the tunnel object by default. */
  fqdnId?: string
}
export interface FakeCloudflareOptions {
  accountId?: string
  apiToken?: string
  apiEmail?: string
  apiKey?: string
  tunnels?: FakeTunnelSeed[]
  latencyMs?: number
  rateLimit?: { limit: number; windowSeconds: number; announce: boolean }
  port?: number
}
/** `pskHistory` holds every PSK the tunnel has had, oldest first; its last entry is `psk`. */
export interface FakeTunnel {
  id: string
  name: string
  psk: string
  lastGeneratedOn: string | null
  ipsecId: string
  pskHistory: string[]
  customerEndpoint: string | null
  cloudflareEndpoint: string
  interfaceAddress: string
  healthCheck: boolean
  fqdnId: string | null
}
export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  body: unknown
  at: number
}
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; errors?: { code: number; message: string }[] }
  | { kind: 'reset' }
  | { kind: 'reset-after-apply' }
  | { kind: 'delay'; ms: number }

export const ERROR_CODES = {
  authentication: 10000,
  rateLimited: 971,
  noRoute: 7000,
  invalidObjectIdentifier: 7003,
  invalidRequest: 1001,
  tunnelNotFound: 1002,
  internalError: 10001,
} as const

const API_PREFIX = '/client/v4'
const MAX_BULK_PSKS = 100
const PSK_LENGTH = 32
const PSK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const TUNNELS_PATH = String.raw`^/accounts/([^/]+)/magic/ipsec_tunnels`
const CREATED_ON = '2024-01-15T09:30:00Z'

type ErrorItem = { code: number; message: string }
interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
}
interface Route {
  method: string
  pattern: RegExp
  handle: (params: string[], request: RecordedRequest) => Reply
}
interface RateWindow {
  startedAt: number
  count: number
}

export class FakeCloudflare {
  readonly accountId: string
  readonly tunnels: FakeTunnel[]
  readonly requests: RecordedRequest[] = []
  readonly unhandled: RecordedRequest[] = []
  readonly unapplied = new Map<string, string>()
  /** `errors`, when given, is the whole error list of the answer (code and message are then unused). */
  readonly generateFailures = new Map<string, { status: number; code: number; message: string; errors?: ErrorItem[] }>()
  /** PSKs that `psk_generate` hands out next, in order, before random ones: Cloudflare's choice is not ours to limit. */
  readonly generatedPsks: string[] = []
  /** Misbehaviours to prove the action copes: `?validate_only=true` is ignored; a bulk set applies these tunnels but leaves them out of its answer. */
  readonly misbehave = { ignoreValidateOnly: false, omitFromBulkAnswer: new Set<string>() }
  readonly stats = { maxInFlight: 0, responses429: 0 }
  /** Requests that broke the OpenAPI excerpt; each was answered 400, as the real API would. */
  readonly violations: { method: string; path: string; problem: string }[] = []
  /** The GraphQL Analytics endpoint's tunnel health checks, scripted by tests. */
  readonly health: FakeTunnelHealth

  private readonly faults = new FaultQueue<Fault>()
  private readonly server: Server
  private inFlight = 0
  private tunnelCount = 0
  private readonly pskListeners: ((tunnel: FakeTunnel) => void)[] = []
  private rateWindow: RateWindow | undefined
  private readonly routes: Route[] = [
    { method: 'GET', pattern: new RegExp(`${TUNNELS_PATH}$`), handle: () => this.listTunnels() },
    { method: 'GET', pattern: new RegExp(`${TUNNELS_PATH}/([^/]+)$`), handle: ([id]) => this.getTunnel(id!) },
    { method: 'POST', pattern: new RegExp(`${TUNNELS_PATH}/psk$`), handle: (_, request) => this.setPsks(request) },
    {
      method: 'POST',
      pattern: new RegExp(`${TUNNELS_PATH}/([^/]+)/psk_generate$`),
      handle: ([id], request) => this.generatePsk(id!, isValidateOnly(request)),
    },
  ]

  private constructor(private readonly options: FakeCloudflareOptions) {
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID
    this.health = new FakeTunnelHealth(this.accountId)
    this.tunnels = (options.tunnels ?? []).map((seed) => this.createTunnel(seed))
    const ids = new Set(this.tunnels.map((tunnel) => tunnel.id))
    if (ids.size !== this.tunnels.length) throw new Error('FakeCloudflare: tunnel ids (or names) must be unique')
    this.server = createServer((req, res) => void this.serve(req, res))
  }

  static async start(options: FakeCloudflareOptions = {}): Promise<FakeCloudflare> {
    const fake = new FakeCloudflare(options)
    await listenOnLoopback(fake.server, options.port)
    return fake
  }

  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}${API_PREFIX}`
  }

  /** Calls `listener` whenever a tunnel's live PSK changes, as the real edge learns it. */
  onPskChange(listener: (tunnel: FakeTunnel) => void): void {
    this.pskListeners.push(listener)
  }

  private applyPsk(tunnel: FakeTunnel, psk: string, generatedOn: string): void {
    tunnel.psk = psk
    tunnel.lastGeneratedOn = generatedOn
    tunnel.pskHistory.push(psk)
    for (const listener of this.pskListeners) listener(tunnel)
  }

  tunnel(idOrName: string): FakeTunnel {
    const found = this.tunnels.find((tunnel) => tunnel.id === idOrName || tunnel.name === idOrName)
    if (!found) throw new Error(`FakeCloudflare: no tunnel with id or name "${idOrName}"`)
    return found
  }

  /** Queues `times` copies of a fault for requests matching `match`; matching faults fire in the order injected. */
  inject(match: RequestMatch, fault: Fault, times = 1): void {
    this.faults.inject(match, fault, times)
  }

  async stop(): Promise<void> {
    await closeServer(this.server)
  }

  private createTunnel(seed: FakeTunnelSeed): FakeTunnel {
    const id = seed.id ?? createHash('sha256').update(`tunnel:${seed.name}`).digest('hex').slice(0, 32)
    const psk = seed.psk ?? randomPsk()
    const ipsecId = `${this.accountId.slice(0, 8)}_${id}`
    // Documentation addresses, one router each: 198.51.100.1-254, then 2001:db8::/32 for larger fleets.
    const n = this.tunnelCount++
    const octet = (n % 254) + 1
    const customer = n < 254 ? `198.51.100.${octet}` : `2001:db8::${n.toString(16)}`
    return {
      id,
      name: seed.name,
      psk,
      lastGeneratedOn: seed.lastGeneratedOn ?? null,
      ipsecId,
      pskHistory: [psk],
      customerEndpoint: seed.customerEndpoint === undefined ? customer : seed.customerEndpoint,
      cloudflareEndpoint: seed.cloudflareEndpoint ?? `203.0.113.${octet}`,
      interfaceAddress: `10.200.${octet}.0/31`,
      healthCheck: seed.healthCheck ?? true,
      fqdnId: seed.fqdnId ?? null,
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight)
    res.once('close', () => (this.inFlight -= 1))
    try {
      const request = await this.record(req)
      if (this.options.latencyMs) await sleep(this.options.latencyMs)
      const rateLimit = this.countTowardsRateLimit()
      const fault = this.faults.take(request.method, request.path)
      if (fault?.kind === 'delay') await sleep(fault.ms)
      if (fault?.kind === 'reset-after-apply') this.answer(request)
      if (fault?.kind === 'reset' || fault?.kind === 'reset-after-apply') {
        req.socket.destroy()
        return
      }
      const reply =
        fault?.kind === 'status'
          ? faultReply(fault)
          : rateLimit.limited
            ? this.rateLimitedReply(rateLimit.resetSeconds)
            : this.answer(request)
      this.send(res, reply, rateLimit)
    } catch (error) {
      this.send(res, failure(500, ERROR_CODES.internalError, `Fake Cloudflare crashed: ${String(error)}`))
    }
  }

  private async record(req: IncomingMessage): Promise<RecordedRequest> {
    const body = await readJsonBody(req)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body,
      at: Date.now(),
    }
    this.requests.push(request)
    return request
  }

  private countTowardsRateLimit(): { limited: boolean; remaining: number; resetSeconds: number } {
    const limit = this.options.rateLimit
    if (!limit) return { limited: false, remaining: Infinity, resetSeconds: 0 }
    const now = Date.now()
    const windowMs = limit.windowSeconds * 1000
    if (!this.rateWindow || now >= this.rateWindow.startedAt + windowMs) this.rateWindow = { startedAt: now, count: 0 }
    this.rateWindow.count += 1
    return {
      limited: this.rateWindow.count > limit.limit,
      remaining: Math.max(0, limit.limit - this.rateWindow.count),
      resetSeconds: Math.max(1, Math.ceil((this.rateWindow.startedAt + windowMs - now) / 1000)),
    }
  }

  private rateLimitedReply(resetSeconds: number): Reply {
    const reply = failure(429, ERROR_CODES.rateLimited, 'Please wait and consider throttling your request speed')
    return { ...reply, headers: { 'Retry-After': String(resetSeconds) } }
  }

  private send(res: ServerResponse, reply: Reply, rateLimit?: { remaining: number; resetSeconds: number }): void {
    if (res.destroyed) return
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...reply.headers }
    const limit = this.options.rateLimit
    if (limit?.announce && rateLimit) {
      headers['Ratelimit'] = `"default";r=${rateLimit.remaining};t=${rateLimit.resetSeconds}`
      headers['Ratelimit-Policy'] = `"default";q=${limit.limit};w=${limit.windowSeconds}`
    }
    if (reply.status === 429) this.stats.responses429 += 1
    res.writeHead(reply.status, headers).end(JSON.stringify(reply.body))
  }

  /** Routes, authenticates and handles a request, applying any state change. */
  private answer(request: RecordedRequest): Reply {
    const violation = requestViolation(request.method, request.path, request.query, request.body)
    if (violation) {
      this.violations.push({ method: request.method, path: request.path, problem: violation })
      return failure(400, ERROR_CODES.invalidRequest, `Invalid request: ${violation}`)
    }
    if (request.method === 'POST' && request.path === '/graphql')
      return this.health.answer(request.body, this.isAuthenticated(request.headers))
    for (const route of this.routes) {
      const match = route.method === request.method ? route.pattern.exec(request.path) : null
      if (!match) continue
      if (!this.isAuthenticated(request.headers)) return failure(403, ERROR_CODES.authentication, 'Authentication error')
      const [, accountId, ...params] = match
      if (accountId !== this.accountId) {
        const message = `Could not route to ${request.path}, perhaps your object identifier is invalid?`
        return failure(404, ERROR_CODES.invalidObjectIdentifier, message)
      }
      return route.handle(params, request)
    }
    this.unhandled.push(request)
    return failure(404, ERROR_CODES.noRoute, 'No route for that URI')
  }

  private isAuthenticated(headers: IncomingHttpHeaders): boolean {
    const token = this.options.apiToken ?? DEFAULT_API_TOKEN
    if (headers.authorization === `Bearer ${token}`) return true
    const { apiEmail, apiKey } = this.options
    return apiEmail !== undefined && apiKey !== undefined && headers['x-auth-email'] === apiEmail && headers['x-auth-key'] === apiKey
  }

  private findTunnel(id: string): FakeTunnel | undefined {
    return this.tunnels.find((tunnel) => tunnel.id === id)
  }

  private listTunnels(): Reply {
    return success({ ipsec_tunnels: this.tunnels.map((tunnel) => this.tunnelObject(tunnel)) })
  }

  private getTunnel(id: string): Reply {
    const tunnel = this.findTunnel(id)
    return tunnel ? success({ ipsec_tunnel: this.tunnelObject(tunnel) }) : tunnelNotFound()
  }

  private generatePsk(id: string, validateOnly: boolean): Reply {
    const tunnel = this.findTunnel(id)
    if (!tunnel) return tunnelNotFound()
    const injected = this.generateFailures.get(id)
    if (injected) return failureWith(injected.status, injected.errors ?? [{ code: injected.code, message: injected.message }])
    const psk = this.generatedPsks.shift() ?? randomPsk()
    const generatedOn = nowIsoSeconds()
    if (!validateOnly || this.misbehave.ignoreValidateOnly) this.applyPsk(tunnel, psk, generatedOn)
    return success({ ipsec_tunnel_id: id, psk, psk_metadata: { last_generated_on: generatedOn } })
  }

  private setPsks(request: RecordedRequest): Reply {
    const items = parsePskItems(request.body)
    if (typeof items === 'string') return failure(400, ERROR_CODES.invalidRequest, items)
    const applied: Record<string, unknown> = {}
    const unapplied: Record<string, string> = {}
    const generatedOn = nowIsoSeconds()
    for (const { id, psk } of items) {
      const reason = this.findTunnel(id) ? this.unapplied.get(id) : 'IPsec tunnel not found'
      if (reason !== undefined) {
        unapplied[id] = reason
        continue
      }
      const tunnel = this.tunnel(id)
      if (!isValidateOnly(request) || this.misbehave.ignoreValidateOnly) this.applyPsk(tunnel, psk, generatedOn)
      if (this.misbehave.omitFromBulkAnswer.has(id)) continue
      applied[id] = { ipsec_id: tunnel.ipsecId, ipsec_tunnel_id: id, psk, psk_metadata: { last_generated_on: generatedOn } }
    }
    return success({ successfully_applied_psks: applied, unapplied_psks: unapplied })
  }

  private tunnelObject(tunnel: FakeTunnel): Record<string, unknown> {
    return {
      id: tunnel.id,
      name: tunnel.name,
      cloudflare_endpoint: tunnel.cloudflareEndpoint,
      interface_address: tunnel.interfaceAddress,
      ...(tunnel.customerEndpoint === null ? {} : { customer_endpoint: tunnel.customerEndpoint }),
      ...(tunnel.fqdnId === null ? {} : { custom_remote_identities: { fqdn_id: tunnel.fqdnId } }),
      description: `Fake IPsec tunnel ${tunnel.name}`,
      created_on: CREATED_ON,
      modified_on: tunnel.lastGeneratedOn ?? CREATED_ON,
      allow_null_cipher: false,
      replay_protection: false,
      health_check: {
        enabled: tunnel.healthCheck,
        rate: 'mid',
        type: 'reply',
        direction: 'unidirectional',
        target: { effective: tunnel.customerEndpoint ?? tunnel.cloudflareEndpoint, saved: '' },
      },
      ...(tunnel.lastGeneratedOn ? { psk_metadata: { last_generated_on: tunnel.lastGeneratedOn } } : {}),
    }
  }
}

function isValidateOnly(request: RecordedRequest): boolean {
  return request.query['validate_only'] === 'true'
}

/** Returns the `{ id, psk }` items of a bulk-set body, or a reason why the body is rejected. */
function parsePskItems(body: unknown): { id: string; psk: string }[] | string {
  const psks = isRecord(body) ? body['psks'] : undefined
  if (!Array.isArray(psks)) return 'Malformed request body: expected {"psks": [{"id", "psk"}]}'
  if (psks.length === 0 || psks.length > MAX_BULK_PSKS) return `psks must contain between 1 and ${MAX_BULK_PSKS} items`
  const valid = psks.every(
    (item) =>
      isRecord(item) && typeof item['id'] === 'string' && item['id'].length <= 32 && typeof item['psk'] === 'string' && item['psk'] !== '',
  )
  return valid
    ? (psks as { id: string; psk: string }[])
    : 'Malformed request body: each item needs a string id (max 32) and a non-empty psk'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function randomPsk(): string {
  return Array.from({ length: PSK_LENGTH }, () => PSK_ALPHABET.charAt(randomInt(PSK_ALPHABET.length))).join('')
}

function nowIsoSeconds(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function success(result: unknown): Reply {
  return { status: 200, body: { success: true, errors: [], messages: [], result } }
}

function failure(status: number, code: number, message: string): Reply {
  return failureWith(status, [{ code, message }])
}

function failureWith(status: number, errors: ErrorItem[]): Reply {
  return { status, body: { success: false, errors, messages: [], result: null } }
}

function tunnelNotFound(): Reply {
  return failure(404, ERROR_CODES.tunnelNotFound, 'IPsec tunnel not found')
}

function faultReply(fault: Extract<Fault, { kind: 'status' }>): Reply {
  const errors = fault.errors ?? [{ code: ERROR_CODES.internalError, message: `Injected fault: HTTP ${fault.status}` }]
  const reply = failureWith(fault.status, errors)
  return fault.retryAfter === undefined ? reply : { ...reply, headers: { 'Retry-After': fault.retryAfter } }
}
