import {
  BULK_SET_LIMIT,
  CloudflareApiError,
  type CloudflareClient,
  type GeneratedPsk,
  type PskAssignment,
  type RouterFacts,
  type Tunnel,
} from './cloudflare.js'
import { chunk, mapWithConcurrency } from './concurrency.js'
import { TransportError } from './http.js'
import type { Logger } from './logger.js'

export type TunnelStatus = 'rotated' | 'validated' | 'skipped' | 'failed'

export interface TunnelResult {
  id: string
  name: string
  status: TunnelStatus
  /** `last_generated_on` before this run. */
  previousGeneratedOn: string | null
  /** `last_generated_on` after this run. */
  lastGeneratedOn: string | null
  /** The IKE identifier Cloudflare reports for the tunnel (set mode). */
  ipsecId: string | null
  router: RouterFacts
  secretName: string | null
  error: string | null
}

/** Where live PSKs are kept beyond this step: GitHub secrets, when `secret-scope` asks for them. */
export interface PskStore {
  /** The secret a tunnel's PSK goes to; also reported in validate-only runs. */
  secretNameFor(tunnel: Tunnel): string
  /** Throws when the PSK could not be stored; the tunnel then fails and its PSK stays in `psks`. */
  store(tunnel: Tunnel, psk: string): Promise<void>
  /** Why no PSK can be stored any more (the destination refused the token), or null. */
  unavailable(): string | null
}

export interface RotationOptions {
  validateOnly: boolean
  concurrency: number
  logger: Logger
  store?: PskStore
  /**
   * Tunnel ID to every PSK that is, or may be, live on Cloudflare, filled as PSKs go live. The
   * caller owns it, so even a rotation stopped halfway leaves the live PSKs for the `psks` output.
   */
  livePsks: Map<string, string>
}

export function skippedResult(tunnel: Tunnel): TunnelResult {
  return { ...baseResult(tunnel), status: 'skipped' }
}

function baseResult(tunnel: Tunnel): TunnelResult {
  return {
    id: tunnel.id,
    name: tunnel.name,
    status: 'failed',
    previousGeneratedOn: tunnel.lastGeneratedOn,
    lastGeneratedOn: tunnel.lastGeneratedOn,
    ipsecId: null,
    router: tunnel.router,
    secretName: null,
    error: null,
  }
}

/** Generate mode: one `psk_generate` call a tunnel, at most `concurrency` at once. */
export async function rotateByGenerating(
  cloudflare: CloudflareClient,
  tunnels: Tunnel[],
  options: RotationOptions,
): Promise<TunnelResult[]> {
  const { livePsks } = options
  const validatedPsks = new Map<string, string>()
  const progress = progressLogger(tunnels.length, options.logger)
  const results = await mapWithConcurrency(tunnels, options.concurrency, async (tunnel) => {
    const result = baseResult(tunnel)
    const refusal = storeRefusal(options)
    if (refusal) {
      result.error = refusal
      progress(result)
      return result
    }
    try {
      const generated = await cloudflare.generatePsk(tunnel, options.validateOnly)
      if (options.validateOnly) {
        validatedPsks.set(tunnel.id, generated.psk)
        result.status = 'validated'
        result.secretName = options.store?.secretNameFor(tunnel) ?? null
      } else {
        const replaced = generated.afterLostAttempt ? await replacedByLostAttempt(cloudflare, tunnel, generated, options.logger) : null
        if (replaced) {
          result.error = replaced
        } else {
          livePsks.set(tunnel.id, generated.psk)
          result.status = 'rotated'
          result.lastGeneratedOn = generated.lastGeneratedOn ?? new Date().toISOString()
          await storeLivePsk(tunnel, generated.psk, result, options.store)
        }
      }
    } catch (error) {
      result.status = 'failed'
      result.error = mayHaveChanged(error) ? await explainUnknownOutcome(cloudflare, tunnel, error) : describeError(error)
    }
    progress(result)
    return result
  })
  if (options.validateOnly && validatedPsks.size > 0) {
    await confirmNothingChanged(cloudflare, results, validatedPsks, livePsks, options.logger)
  }
  return results
}

/**
 * The retried call succeeded, but an earlier attempt whose answer was lost may have reached
 * Cloudflare after it and replaced the PSK this run received. The tunnel's timestamp tells.
 */
async function replacedByLostAttempt(
  cloudflare: CloudflareClient,
  tunnel: Tunnel,
  generated: GeneratedPsk,
  logger: Logger,
): Promise<string | null> {
  try {
    const current = await cloudflare.getTunnel(tunnel.id)
    if (
      generated.lastGeneratedOn === null ||
      current.lastGeneratedOn === null ||
      sameInstant(current.lastGeneratedOn, generated.lastGeneratedOn)
    ) {
      return null
    }
    return `An earlier attempt whose answer was lost replaced the PSK this run received (Cloudflare shows a PSK generated at ${current.lastGeneratedOn}, not ${generated.lastGeneratedOn}), so the live PSK is unknown. Re-run to rotate this tunnel again.`
  } catch (error) {
    logger.warning(
      `Tunnel ${tunnel.name}: could not confirm that the PSK received after a retry is the live one (${describeError(error)}); reporting it as live.`,
    )
    return null
  }
}

/**
 * `validate_only` is not even a declared parameter of `psk_generate`. Were Cloudflare to ignore
 * it, every PSK of a validate-only run would be live and stored nowhere; one listing tells.
 */
async function confirmNothingChanged(
  cloudflare: CloudflareClient,
  results: TunnelResult[],
  validatedPsks: ReadonlyMap<string, string>,
  livePsks: Map<string, string>,
  logger: Logger,
): Promise<void> {
  let after: Tunnel[]
  try {
    after = await cloudflare.listTunnels()
  } catch (error) {
    logger.warning(`Could not confirm that this validate-only run changed no PSK: ${describeError(error)}`)
    return
  }
  const generatedOn = new Map(after.map((tunnel) => [tunnel.id, tunnel.lastGeneratedOn]))
  for (const result of results) {
    const psk = validatedPsks.get(result.id)
    const now = generatedOn.get(result.id) ?? null
    if (result.status !== 'validated' || psk === undefined || sameInstant(now, result.previousGeneratedOn)) continue
    result.status = 'failed'
    result.secretName = null
    result.lastGeneratedOn = now
    result.error =
      "Cloudflare ignored validate_only and replaced this tunnel's PSK. The new PSK is in this step's psks output (masked): configure it, or re-run to rotate again."
    livePsks.set(result.id, psk)
  }
}

/** Set mode: the chosen PSKs go out in bulk requests of at most BULK_SET_LIMIT tunnels. */
export async function rotateBySetting(
  cloudflare: CloudflareClient,
  tunnels: Tunnel[],
  psks: Map<string, string>,
  options: RotationOptions,
): Promise<TunnelResult[]> {
  const { livePsks } = options
  const progress = progressLogger(tunnels.length, options.logger)
  const batches = chunk(tunnels, BULK_SET_LIMIT)
  const batchResults = await mapWithConcurrency(batches, options.concurrency, async (batch) => {
    const results = batch.map(baseResult)
    const refusal = storeRefusal(options)
    if (refusal) {
      for (const result of results) {
        result.error = refusal
        progress(result)
      }
      return results
    }
    const assignments: PskAssignment[] = batch.map((tunnel) => ({ id: tunnel.id, psk: psks.get(tunnel.id)! }))
    let outcome
    try {
      outcome = await cloudflare.setPsks(assignments, options.validateOnly)
    } catch (error) {
      // The bulk call is idempotent and was already retried; if its outcome is still unknown the
      // PSKs may be live, so they are kept in the `psks` output rather than lost.
      const possiblyLive = !options.validateOnly && mayHaveChanged(error)
      for (const result of results) {
        result.error = describeError(error)
        if (possiblyLive) {
          livePsks.set(result.id, psks.get(result.id)!)
          result.error += " The PSK may be live on Cloudflare: it is in this step's psks output. Re-run to set a known PSK."
        }
        progress(result)
      }
      return results
    }
    for (const [index, result] of results.entries()) {
      const tunnel = batch[index]!
      const applied = outcome.applied.get(tunnel.id)
      const reason = outcome.unapplied.get(tunnel.id)
      if (applied && reason === undefined) {
        result.ipsecId = applied.ipsecId
        if (options.validateOnly) {
          result.status = 'validated'
          result.secretName = options.store?.secretNameFor(tunnel) ?? null
        } else {
          // Cloudflare's word on what is live wins over what was sent.
          const livePsk = applied.psk ?? psks.get(tunnel.id)!
          result.status = 'rotated'
          result.lastGeneratedOn = applied.lastGeneratedOn ?? new Date().toISOString()
          livePsks.set(tunnel.id, livePsk)
          await storeLivePsk(tunnel, livePsk, result, options.store)
        }
      } else if (reason !== undefined) {
        result.error = `Cloudflare did not apply the PSK: ${reason}`
      } else if (!options.validateOnly) {
        livePsks.set(tunnel.id, psks.get(tunnel.id)!)
        result.error =
          "Cloudflare reported the tunnel neither applied nor unapplied, so the new PSK may be live: it is in this step's psks output (masked). Re-run to set a known PSK."
      } else {
        result.error = 'Cloudflare reported the tunnel neither valid nor invalid.'
      }
      progress(result)
    }
    return results
  })
  const results = batchResults.flat()
  if (options.validateOnly && results.length > 0) await confirmNothingChanged(cloudflare, results, psks, livePsks, options.logger)
  return results
}

async function storeLivePsk(tunnel: Tunnel, psk: string, result: TunnelResult, store: PskStore | undefined): Promise<void> {
  if (!store) return
  try {
    await store.store(tunnel, psk)
    result.secretName = store.secretNameFor(tunnel)
  } catch (error) {
    result.status = 'failed'
    result.error = `The new PSK is live on Cloudflare but was not stored: ${describeError(error)} It is in this step's psks output (masked).`
  }
}

/** Once the store refuses, rotating more tunnels would only make PSKs that are stored nowhere. */
function storeRefusal(options: RotationOptions): string | null {
  const refused = options.validateOnly ? null : (options.store?.unavailable() ?? null)
  return refused === null ? null : `Not rotated, so its previous PSK is still live: ${refused}`
}

function progressLogger(total: number, logger: Logger): (result: TunnelResult) => void {
  let done = 0
  const width = String(total).length
  return (result) => {
    done++
    const line = `[${String(done).padStart(width)}/${total}] ${result.status} ${result.name}`
    if (result.status === 'failed') logger.info(`${line}: ${result.error}`)
    else logger.info(line)
  }
}

function mayHaveChanged(error: unknown): boolean {
  if (error instanceof TransportError) return error.outcomeUnknown
  return error instanceof CloudflareApiError && error.mayHaveApplied
}

/** Two `last_generated_on` values name the same moment (formats may differ between endpoints). */
function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b
  return a === b || Date.parse(a) === Date.parse(b)
}

/**
 * A `psk_generate` whose answer was lost may still have replaced the live PSK. Re-reading the
 * tunnel tells the user whether the old PSK still works.
 */
async function explainUnknownOutcome(cloudflare: CloudflareClient, tunnel: Tunnel, error: unknown): Promise<string> {
  const cause = describeError(error)
  try {
    const current = await cloudflare.getTunnel(tunnel.id)
    if (!sameInstant(current.lastGeneratedOn, tunnel.lastGeneratedOn)) {
      return `${cause} Cloudflare shows a new PSK generated at ${current.lastGeneratedOn ?? 'an unknown time'}, but it never reached this run, so the tunnel cannot use it. Re-run to rotate this tunnel again.`
    }
    return `${cause} The tunnel's PSK did not change; the previous PSK is still live. Re-run to rotate it.`
  } catch (readError) {
    return `${cause} Whether Cloudflare replaced the PSK is unknown (re-reading the tunnel failed too: ${describeError(readError)}). Re-run to rotate this tunnel again.`
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
