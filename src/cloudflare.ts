import { ActionError } from './errors.js'
import type { HttpClient, HttpResponse } from './http.js'
import { ID_PATTERN } from './inputs/values.js'
import { outside } from './log-text.js'
import type { Logger } from './logger.js'

export type Credentials = { kind: 'token'; token: string } | { kind: 'global-key'; email: string; key: string }

export interface Tunnel {
  id: string
  name: string
  /** `psk_metadata.last_generated_on`, or null when Cloudflare has no record of it. */
  lastGeneratedOn: string | null
  /** What the router step needs besides the PSK; null when the listing leaves a field out. */
  router: RouterFacts
  /** `health_check.enabled` (default true): whether Cloudflare probes the tunnel at all. */
  healthCheckEnabled: boolean
  /** `bgp_status` of a tunnel with BGP: the session's `state` (`BGP_UP`, ...) and `updated_at`; absent without BGP. */
  bgpStatus?: BgpStatus
}

export interface BgpStatus {
  state: string
  updatedAt: string | null
}

export interface RouterFacts {
  /** The router's public address: tunnels sharing one terminate on the same router. */
  customerEndpoint: string | null
  /** The Cloudflare anycast address the router connects to (its IKE peer). */
  cloudflareEndpoint: string | null
  interfaceAddress: string | null
  /** `custom_remote_identities.fqdn_id`: the custom IKE identity the router presents, when the tunnel has one. */
  fqdnId: string | null
}

export interface GeneratedPsk {
  psk: string
  lastGeneratedOn: string | null
  /** An earlier attempt of this call may also have generated a PSK (its answer was lost). */
  earlierAttemptMayHaveApplied: boolean
}

export interface PskAssignment {
  id: string
  psk: string
}

export interface BulkSetOutcome {
  /** By tunnel ID; `psk` is the one Cloudflare reports applied, when it reports one. */
  applied: Map<string, { ipsecId: string | null; lastGeneratedOn: string | null; psk: string | null }>
  /** Tunnel ID to Cloudflare's reason (already safe for a log line). */
  unapplied: Map<string, string>
  /** Tunnel ID to why its entries contradict each other: it may or may not have been applied. */
  contradictory: Map<string, string>
}

interface EnvelopeMessage {
  code: number
  message: string
}

/**
 * Cloudflare answered, but not with success: carries the HTTP status, Cloudflare's error list and
 * whether the call may have taken effect all the same (a 5xx, an answer that was not the
 * documented success, or an earlier attempt whose answer was lost).
 */
export class CloudflareApiError extends ActionError {
  constructor(
    readonly operation: string,
    readonly status: number,
    errors: { quoted: EnvelopeMessage[]; total: number },
    readonly mayHaveApplied: boolean,
  ) {
    super(`Cloudflare refused to ${operation} (HTTP ${status}): ${describeErrors(status, errors)}`)
    this.name = 'CloudflareApiError'
  }
}

/**
 * Cloudflare answered with success, but not with the documented answer, on every attempt: whatever
 * the call does may have happened.
 */
export class UnexpectedAnswerError extends ActionError {
  readonly mayHaveApplied = true

  constructor(
    readonly operation: string,
    status: number,
    attempts: string,
  ) {
    super(`Cloudflare answered HTTP ${status} to ${operation}, but not with the documented answer (${attempts}).`)
    this.name = 'UnexpectedAnswerError'
  }
}

export const BULK_SET_LIMIT = 100
/** Errors quoted from one Cloudflare answer; the rest are counted. */
const QUOTED_ERRORS = 3

type Envelope = { success?: unknown; errors?: unknown; result?: unknown } | null
type TunnelEntry = Record<string, unknown>
type AppliedEntry = { ipsec_tunnel_id?: unknown; ipsec_id?: unknown; psk?: unknown; psk_metadata?: { last_generated_on?: unknown } }

/**
 * The four Magic IPsec endpoints the action uses. Every PSK in a response goes to `mask` before
 * the response is looked at any further; an answer without the documented fields counts as lost.
 */
export class CloudflareClient {
  private readonly accountUrl: string

  constructor(
    private readonly http: HttpClient,
    baseUrl: string,
    accountId: string,
    private readonly credentials: Credentials,
    private readonly mask: (secret: string) => void,
    private readonly logger?: Logger,
  ) {
    this.accountUrl = `${baseUrl}/accounts/${accountId}/magic/ipsec_tunnels`
  }

  /** Every tunnel once: a tunnel listed twice is rotated once, with a warning. */
  async listTunnels(): Promise<Tunnel[]> {
    const { result } = await this.call(
      "list the account's IPsec tunnels",
      'GET',
      this.accountUrl,
      undefined,
      (result) => isRecord(result) && Array.isArray(result.ipsec_tunnels) && result.ipsec_tunnels.every(isTunnelEntry),
    )
    const tunnels = new Map<string, Tunnel>()
    for (const entry of (result as { ipsec_tunnels: TunnelEntry[] }).ipsec_tunnels) {
      const tunnel = toTunnel(entry)
      const first = tunnels.get(tunnel.id)
      if (first) {
        this.logger?.warning(`Cloudflare listed tunnel ${tunnel.id} more than once; it is rotated once, as '${outside(first.name, 100)}'.`)
        continue
      }
      tunnels.set(tunnel.id, tunnel)
    }
    return [...tunnels.values()]
  }

  async getTunnel(id: string): Promise<Tunnel> {
    const { result } = await this.call(
      `read tunnel ${id}`,
      'GET',
      `${this.accountUrl}/${id}`,
      undefined,
      (result) => isRecord(result) && isTunnelEntry(result.ipsec_tunnel),
    )
    return toTunnel((result as { ipsec_tunnel: TunnelEntry }).ipsec_tunnel)
  }

  async generatePsk(tunnel: Tunnel, validateOnly: boolean): Promise<GeneratedPsk> {
    const operation = `generate a PSK for tunnel ${outside(tunnel.name, 100)}`
    const url = `${this.accountUrl}/${tunnel.id}/psk_generate${validateOnly ? '?validate_only=true' : ''}`
    const answer = await this.call(
      operation,
      'POST',
      url,
      {},
      // Whatever non-empty PSK Cloudflare answers is live: a strange one is warned about, never retried.
      (result) => isRecord(result) && typeof result.psk === 'string' && result.psk.length > 0,
    )
    const result = answer.result as { psk: string; psk_metadata?: { last_generated_on?: unknown } }
    return {
      psk: result.psk,
      lastGeneratedOn: textOrNull(result.psk_metadata?.last_generated_on),
      earlierAttemptMayHaveApplied: answer.earlierAttemptMayHaveApplied,
    }
  }

  /**
   * One bulk request of at most BULK_SET_LIMIT tunnels. An answer is taken at its word only where
   * it agrees with itself and with the request: an entry filed under one tunnel but naming
   * another, a tunnel both applied and unapplied, or a PSK other than the one sent makes that
   * tunnel's outcome unknown, never a PSK for another tunnel.
   */
  async setPsks(assignments: PskAssignment[], validateOnly: boolean): Promise<BulkSetOutcome> {
    const operation = `set the PSKs of ${assignments.length} tunnel${assignments.length === 1 ? '' : 's'}`
    const url = `${this.accountUrl}/psk${validateOnly ? '?validate_only=true' : ''}`
    const { result } = await this.call(operation, 'POST', url, { psks: assignments }, (result) => isRecord(result))
    const answer = result as { successfully_applied_psks?: unknown; unapplied_psks?: unknown }
    const sent = new Map(assignments.map(({ id, psk }) => [id, psk]))
    const outcome: BulkSetOutcome = { applied: new Map(), unapplied: new Map(), contradictory: new Map() }
    const contradiction = (id: string, why: string) => {
      if (!sent.has(id)) {
        this.logger?.warning(
          `Cloudflare's answer to ${operation} names tunnel ${outside(id, 64)}, which the request did not include; ignored.`,
        )
      } else if (!outcome.contradictory.has(id)) {
        // The first contradiction found for a tunnel is the one reported.
        outcome.contradictory.set(id, why)
      }
    }

    for (const [key, raw] of Object.entries(isRecord(answer.successfully_applied_psks) ? answer.successfully_applied_psks : {})) {
      const entry = (isRecord(raw) ? raw : {}) as AppliedEntry
      const psk = typeof entry.psk === 'string' && entry.psk ? entry.psk : null
      const id = key.toLowerCase()
      const named = typeof entry.ipsec_tunnel_id === 'string' ? entry.ipsec_tunnel_id.toLowerCase() : id
      if (named !== id) {
        contradiction(id, `Cloudflare's answer filed an entry naming tunnel ${outside(named, 64)} under this tunnel's ID`)
        contradiction(named, `Cloudflare's answer filed this tunnel's entry under tunnel ${outside(id, 64)}'s ID`)
      } else if (psk !== null && sent.has(id) && psk !== sent.get(id)) {
        contradiction(id, "Cloudflare's answer reported a different PSK applied than the one sent")
      } else {
        outcome.applied.set(id, {
          ipsecId: typeof entry.ipsec_id === 'string' ? entry.ipsec_id : null,
          lastGeneratedOn: textOrNull(entry.psk_metadata?.last_generated_on),
          psk,
        })
      }
    }
    for (const [key, reason] of Object.entries(isRecord(answer.unapplied_psks) ? answer.unapplied_psks : {})) {
      const id = key.toLowerCase()
      if (outcome.applied.has(id) || outcome.contradictory.has(id)) {
        outcome.applied.delete(id)
        contradiction(id, "Cloudflare's answer listed this tunnel both as applied and as not applied")
      } else {
        outcome.unapplied.set(id, typeof reason === 'string' && reason ? outside(reason) : 'not applied (no reason given)')
      }
    }
    for (const id of outcome.contradictory.keys()) outcome.applied.delete(id)
    return outcome
  }

  private async call(
    operation: string,
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    isResult: (result: unknown) => boolean,
  ): Promise<{ result: unknown; earlierAttemptMayHaveApplied: boolean }> {
    const response = await this.http.send({
      method,
      url,
      headers: this.headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      label: operation,
      isAnswer: (json) => {
        // Masked before anything else looks at the answer, even one that is then judged strange.
        maskPsks(json, this.mask)
        const envelope = json as Envelope
        return envelope?.success === true && isResult(envelope.result)
      },
    })
    return { result: unwrapEnvelope(operation, response), earlierAttemptMayHaveApplied: response.earlierAttemptMayHaveApplied }
  }

  private headers(withBody: boolean): Record<string, string> {
    return { accept: 'application/json', ...(withBody ? { 'content-type': 'application/json' } : {}), ...authHeaders(this.credentials) }
  }
}

/** The headers that carry the credentials, for the REST and the GraphQL API alike. */
export function authHeaders(credentials: Credentials): Record<string, string> {
  return credentials.kind === 'token'
    ? { authorization: `Bearer ${credentials.token}` }
    : { 'x-auth-email': credentials.email, 'x-auth-key': credentials.key }
}

function unwrapEnvelope(operation: string, response: HttpResponse): unknown {
  const envelope = response.json as Envelope
  const ok = response.status >= 200 && response.status < 300
  if (ok && response.notAnAnswer) {
    throw new UnexpectedAnswerError(operation, response.status, 'the body was not JSON with the documented fields, on every attempt')
  }
  if (ok && envelope?.success === true) return envelope.result
  const mayHaveApplied = response.earlierAttemptMayHaveApplied || ok || response.status >= 500 || response.status === 408
  throw new CloudflareApiError(operation, response.status, envelopeErrors(envelope?.errors), mayHaveApplied)
}

/** Every string under a `psk` key, at any depth an answer nests it (the bulk answer: three levels). */
function maskPsks(value: unknown, mask: (secret: string) => void, depth = 0): void {
  if (depth > 5 || typeof value !== 'object' || value === null) return
  for (const [key, child] of Object.entries(value)) {
    if (key === 'psk' && typeof child === 'string' && child) mask(child)
    else maskPsks(child, mask, depth + 1)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isTunnelEntry(value: unknown): value is TunnelEntry {
  return isRecord(value) && typeof value.id === 'string' && ID_PATTERN.test(value.id) && typeof value.name === 'string'
}

/** The errors Cloudflare listed: the first few quoted, the rest only counted. */
function envelopeErrors(errors: unknown): { quoted: EnvelopeMessage[]; total: number } {
  const listed = Array.isArray(errors)
    ? errors.filter((error): error is { code?: unknown; message?: unknown } => typeof error === 'object' && error !== null)
    : []
  return {
    quoted: listed.slice(0, QUOTED_ERRORS).map((error) => ({
      code: typeof error.code === 'number' ? error.code : 0,
      message: typeof error.message === 'string' ? outside(error.message, 300) : 'no message',
    })),
    total: listed.length,
  }
}

const STATUS_HINTS: Record<number, string> = {
  401: "check 'api-token' (or 'api-email' and 'api-key').",
  403: "check that the token is for this account and has 'Magic WAN Write' or 'Magic Transit Write'.",
  404: "check 'account-id' and the tunnel IDs.",
  429: 'Cloudflare rate limit: wait a few minutes before re-running.',
}

function describeErrors(status: number, { quoted, total }: { quoted: EnvelopeMessage[]; total: number }): string {
  const more = total > quoted.length ? ` and ${total - quoted.length} more error${total - quoted.length === 1 ? '' : 's'}` : ''
  const listed = quoted.length > 0 ? `${quoted.map((error) => `[${error.code}] ${error.message}`).join('; ')}${more}` : ''

  const hint = STATUS_HINTS[status]
  if (listed) return hint ? `${listed} (${hint})` : listed
  return hint ?? 'no error details in the response.'
}

function toTunnel(tunnel: TunnelEntry): Tunnel {
  const metadata = isRecord(tunnel.psk_metadata) ? tunnel.psk_metadata : {}
  const healthCheck = isRecord(tunnel.health_check)
    ? tunnel.health_check
    : isRecord(tunnel.tunnel_health_check)
      ? tunnel.tunnel_health_check
      : {}
  return {
    id: String(tunnel.id).toLowerCase(),
    name: String(tunnel.name),
    lastGeneratedOn: textOrNull(metadata.last_generated_on),
    healthCheckEnabled: healthCheck.enabled !== false,
    ...(isRecord(tunnel.bgp_status) && typeof tunnel.bgp_status.state === 'string'
      ? { bgpStatus: { state: tunnel.bgp_status.state, updatedAt: textOrNull(tunnel.bgp_status.updated_at) } }
      : {}),
    router: {
      customerEndpoint: textOrNull(tunnel.customer_endpoint),
      cloudflareEndpoint: textOrNull(tunnel.cloudflare_endpoint),
      interfaceAddress: textOrNull(tunnel.interface_address),
      fqdnId: textOrNull(isRecord(tunnel.custom_remote_identities) ? tunnel.custom_remote_identities.fqdn_id : undefined),
    },
  }
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null
}
