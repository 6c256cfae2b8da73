import type { HttpClient, HttpResponse } from './http.js'

export type Credentials = { kind: 'token'; token: string } | { kind: 'global-key'; email: string; key: string }

export interface Tunnel {
  id: string
  name: string
  /** `psk_metadata.last_generated_on`, or null when Cloudflare has no record of it. */
  lastGeneratedOn: string | null
  /** What the router step needs besides the PSK; null when the listing leaves a field out. */
  router: RouterFacts
}

export interface RouterFacts {
  /** The router's public address: tunnels sharing one terminate on the same router. */
  customerEndpoint: string | null
  /** The Cloudflare anycast address the router connects to (its IKE peer). */
  cloudflareEndpoint: string | null
  interfaceAddress: string | null
}

export interface GeneratedPsk {
  psk: string
  lastGeneratedOn: string | null
  /** An earlier attempt of this call may also have generated a PSK (its answer was lost). */
  afterLostAttempt: boolean
}

export interface PskAssignment {
  id: string
  psk: string
}

export interface BulkSetOutcome {
  /** By tunnel ID; `psk` is the one Cloudflare reports applied, when it reports one. */
  applied: Map<string, { ipsecId: string | null; lastGeneratedOn: string | null; psk: string | null }>
  /** Tunnel ID to Cloudflare's reason. */
  unapplied: Map<string, string>
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
export class CloudflareApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errors: EnvelopeMessage[],
    readonly mayHaveApplied: boolean,
  ) {
    super(`Cloudflare refused to ${operation} (HTTP ${status}): ${describeErrors(status, errors)}`)
    this.name = 'CloudflareApiError'
  }
}

export const BULK_SET_LIMIT = 100

/**
 * The four Magic IPsec endpoints the action uses. Every PSK in a response goes to `mask` before
 * the response is looked at any further.
 */
export class CloudflareClient {
  private readonly accountUrl: string

  constructor(
    private readonly http: HttpClient,
    baseUrl: string,
    accountId: string,
    private readonly credentials: Credentials,
    private readonly mask: (secret: string) => void,
  ) {
    this.accountUrl = `${baseUrl}/accounts/${accountId}/magic/ipsec_tunnels`
  }

  async listTunnels(): Promise<Tunnel[]> {
    const { result } = await this.call("list the account's IPsec tunnels", 'GET', this.accountUrl)
    const tunnels = (result as { ipsec_tunnels?: unknown } | null)?.ipsec_tunnels
    if (!Array.isArray(tunnels)) throw unexpectedShape("list the account's IPsec tunnels")
    return tunnels.map(toTunnel)
  }

  async getTunnel(id: string): Promise<Tunnel> {
    const { result } = await this.call(`read tunnel ${id}`, 'GET', `${this.accountUrl}/${id}`)
    const tunnel = (result as { ipsec_tunnel?: unknown } | null)?.ipsec_tunnel
    if (!tunnel || typeof tunnel !== 'object') throw unexpectedShape(`read tunnel ${id}`)
    return toTunnel(tunnel)
  }

  async generatePsk(tunnel: Tunnel, validateOnly: boolean): Promise<GeneratedPsk> {
    const operation = `generate a PSK for tunnel ${tunnel.name}`
    const url = `${this.accountUrl}/${tunnel.id}/psk_generate${validateOnly ? '?validate_only=true' : ''}`
    const answer = await this.call(operation, 'POST', url, {})
    const result = answer.result as { psk?: unknown; psk_metadata?: { last_generated_on?: unknown } } | null
    const psk = result?.psk
    if (typeof psk !== 'string' || !psk) throw unexpectedShape(operation)
    this.mask(psk)
    return {
      psk,
      lastGeneratedOn: timestampOrNull(result?.psk_metadata?.last_generated_on),
      afterLostAttempt: answer.earlierAttemptMayHaveApplied,
    }
  }

  /** One bulk request of at most BULK_SET_LIMIT tunnels. */
  async setPsks(assignments: PskAssignment[], validateOnly: boolean): Promise<BulkSetOutcome> {
    const operation = `set the PSKs of ${assignments.length} tunnel${assignments.length === 1 ? '' : 's'}`
    const url = `${this.accountUrl}/psk${validateOnly ? '?validate_only=true' : ''}`
    const { result } = (await this.call(operation, 'POST', url, { psks: assignments })) as {
      result: {
        successfully_applied_psks?: Record<string, { ipsec_id?: unknown; psk?: unknown; psk_metadata?: { last_generated_on?: unknown } }>
        unapplied_psks?: Record<string, unknown>
      } | null
    }
    if (!result || typeof result !== 'object') throw unexpectedShape(operation)
    const applied: BulkSetOutcome['applied'] = new Map()
    for (const [key, entry] of Object.entries(result.successfully_applied_psks ?? {})) {
      const psk = typeof entry?.psk === 'string' && entry.psk ? entry.psk : null
      if (psk) this.mask(psk)
      const id =
        typeof (entry as { ipsec_tunnel_id?: unknown })?.ipsec_tunnel_id === 'string'
          ? (entry as { ipsec_tunnel_id: string }).ipsec_tunnel_id
          : key
      applied.set(id.toLowerCase(), {
        ipsecId: typeof entry?.ipsec_id === 'string' ? entry.ipsec_id : null,
        lastGeneratedOn: timestampOrNull(entry?.psk_metadata?.last_generated_on),
        psk,
      })
    }
    const unapplied = new Map<string, string>()
    for (const [id, reason] of Object.entries(result.unapplied_psks ?? {})) {
      unapplied.set(id.toLowerCase(), typeof reason === 'string' && reason ? reason : 'not applied (no reason given)')
    }
    return { applied, unapplied }
  }

  private async call(
    operation: string,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<{ result: unknown; earlierAttemptMayHaveApplied: boolean }> {
    const response = await this.http.send({
      method,
      url,
      headers: this.headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      label: operation,
    })
    return { result: unwrapEnvelope(operation, response), earlierAttemptMayHaveApplied: response.earlierAttemptMayHaveApplied }
  }

  private headers(withBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (withBody) headers['content-type'] = 'application/json'
    if (this.credentials.kind === 'token') {
      headers.authorization = `Bearer ${this.credentials.token}`
    } else {
      headers['x-auth-email'] = this.credentials.email
      headers['x-auth-key'] = this.credentials.key
    }
    return headers
  }
}

function unwrapEnvelope(operation: string, response: HttpResponse): unknown {
  const envelope = response.json as { success?: unknown; errors?: unknown; result?: unknown } | null
  const ok = response.status >= 200 && response.status < 300
  if (ok && envelope?.success === true) return envelope.result
  const mayHaveApplied = response.earlierAttemptMayHaveApplied || ok || response.status >= 500 || response.status === 408
  throw new CloudflareApiError(operation, response.status, envelopeErrors(envelope?.errors), mayHaveApplied)
}

function envelopeErrors(errors: unknown): EnvelopeMessage[] {
  if (!Array.isArray(errors)) return []
  return errors
    .filter((error): error is { code?: unknown; message?: unknown } => typeof error === 'object' && error !== null)
    .map((error) => ({
      code: typeof error.code === 'number' ? error.code : 0,
      message: typeof error.message === 'string' ? error.message : 'no message',
    }))
}

const STATUS_HINTS: Record<number, string> = {
  401: "check 'api-token' (or 'api-email' and 'api-key').",
  403: "check that the token is for this account and has 'Magic WAN Write' or 'Magic Transit Write'.",
  404: "check 'account-id' and the tunnel IDs.",
  429: 'Cloudflare rate limit: wait a few minutes before re-running.',
}

function describeErrors(status: number, errors: EnvelopeMessage[]): string {
  const listed = errors.map((error) => `[${error.code}] ${error.message}`).join('; ')
  const hint = STATUS_HINTS[status]
  if (listed) return hint ? `${listed} (${hint})` : listed
  return hint ?? 'no error details in the response.'
}

/** A success answer without what it should carry: whatever the call did may have happened. */
function unexpectedShape(operation: string): CloudflareApiError {
  return new CloudflareApiError(operation, 200, [{ code: 0, message: 'the response did not have the documented shape' }], true)
}

function toTunnel(raw: unknown): Tunnel {
  const tunnel = raw as {
    id?: unknown
    name?: unknown
    psk_metadata?: { last_generated_on?: unknown } | null
    customer_endpoint?: unknown
    cloudflare_endpoint?: unknown
    interface_address?: unknown
  }
  return {
    id: String(tunnel.id ?? '').toLowerCase(),
    name: String(tunnel.name ?? ''),
    lastGeneratedOn: timestampOrNull(tunnel.psk_metadata?.last_generated_on),
    router: {
      customerEndpoint: textOrNull(tunnel.customer_endpoint),
      cloudflareEndpoint: textOrNull(tunnel.cloudflare_endpoint),
      interfaceAddress: textOrNull(tunnel.interface_address),
    },
  }
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null
}

function timestampOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null
}
