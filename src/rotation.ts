import {
  BULK_SET_LIMIT,
  CloudflareApiError,
  UnexpectedAnswerError,
  type CloudflareClient,
  type GeneratedPsk,
  type PskAssignment,
  type RouterFacts,
  type Tunnel,
} from './cloudflare.js'
import { chunk, mapWithConcurrency } from './concurrency.js'
import { sameInstant } from './durations.js'
import { describeError } from './errors.js'
import { TransportError } from './http.js'
import type { LivePsks } from './live-psks.js'
import { bounded, outside } from './log-text.js'
import type { Logger } from './logger.js'
import { isPlainPsk } from './mask.js'
import { StoppedError } from './stop.js'

export type RotationStatus = 'rotated' | 'validated' | 'skipped' | 'deferred' | 'failed'
/** `mode: verify`: what Cloudflare's health checks say after the router step. */
export type HealthStatus = 'healthy' | 'up' | 'degraded' | 'down' | 'no-data' | 'unverifiable'
export type TunnelStatus = RotationStatus | HealthStatus

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
  /** The key of the tunnel's router in the rollout (see `routerClaims`); null outside a rotation. */
  routerKey: string | null
  secretName: string | null
  error: string | null
  /** Why a tunnel was skipped or deferred, in words (safe for a log line). */
  reason: string | null
  /** The wave of a rolling rotation (`router-command`) the tunnel is planned in; null outside one. */
  wave: number | null
  /** What Cloudflare's health checks said of the tunnel after its router step; null when none were read. */
  verdict: HealthStatus | null
}

/** Where live PSKs are kept beyond this step: GitHub secrets, when `secret-scope` asks for them. */
export interface PskStore {
  /** The secret a tunnel's PSK goes to; also reported in validate-only runs. */
  secretNameFor(tunnel: Tunnel): string
  /** Throws when the PSK could not be stored; the tunnel then fails and its PSK stays in `psks`. */
  store(tunnel: Tunnel, psk: string): Promise<void>
  /** Why no PSK can be stored any more (the destination refused the token), or null. */
  unavailable(): string | null
  /** Writes what `store` only collected (one secret for the whole run); throws if it could not. */
  finish?(): Promise<void>
}

export interface RotationOptions {
  validateOnly: boolean
  concurrency: number
  logger: Logger
  store?: PskStore
  /** The caller's record of every PSK that is or may be live: filled before each request is sent. */
  livePsks: LivePsks
}

/** A tunnel's result as it stands before this run touches it. */
export function resultFor(tunnel: Tunnel, status: TunnelStatus, fields: Partial<TunnelResult> = {}): TunnelResult {
  return {
    id: tunnel.id,
    name: tunnel.name,
    status,
    previousGeneratedOn: tunnel.lastGeneratedOn,
    lastGeneratedOn: tunnel.lastGeneratedOn,
    ipsecId: null,
    router: tunnel.router,
    routerKey: null,
    secretName: null,
    error: null,
    reason: null,
    wave: null,
    verdict: null,
    ...fields,
  }
}

export const skippedResult = (tunnel: Tunnel, reason: string): TunnelResult => resultFor(tunnel, 'skipped', { reason })
export const deferredResult = (tunnel: Tunnel, reason: string): TunnelResult => resultFor(tunnel, 'deferred', { reason })
const failedResult = (tunnel: Tunnel, error: string, fields: Partial<TunnelResult> = {}): TunnelResult =>
  resultFor(tunnel, 'failed', { ...fields, error })

/** Generate mode: one `psk_generate` call a tunnel, at most `concurrency` at once. */
export async function rotateByGenerating(
  cloudflare: CloudflareClient,
  tunnels: Tunnel[],
  options: RotationOptions,
): Promise<TunnelResult[]> {
  const { livePsks, validateOnly } = options
  const validatedPsks = new Map<string, string>()
  const progress = progressLogger(tunnels.length, options.logger)
  const results = await mapWithConcurrency(tunnels, options.concurrency, async (tunnel) => {
    const result = await generateFor(tunnel)
    progress(result)
    return result
  })
  return validateOnly && validatedPsks.size > 0 ? confirmNothingChanged(cloudflare, results, validatedPsks, livePsks) : results

  async function generateFor(tunnel: Tunnel): Promise<TunnelResult> {
    const refusal = storeRefusal(options)
    if (refusal) return failedResult(tunnel, refusal)
    if (!validateOnly) livePsks.generatingFor(tunnel.id)
    let generated: GeneratedPsk
    try {
      generated = await cloudflare.generatePsk(tunnel, validateOnly)
    } catch (error) {
      livePsks.generateEnded(tunnel.id)
      return failedResult(tunnel, mayHaveApplied(error) ? await explainUnknownOutcome(cloudflare, tunnel, error) : notRotated(error))
    }
    if (validateOnly) {
      validatedPsks.set(tunnel.id, generated.psk)
      return resultFor(tunnel, 'validated', { secretName: options.store?.secretNameFor(tunnel) ?? null })
    }
    livePsks.live(tunnel.id, generated.psk)
    if (!isPlainPsk(generated.psk)) {
      options.logger.warning(
        `Tunnel ${outside(tunnel.name, 100)}: Cloudflare's new PSK holds characters other than printable ASCII (a blank, a line break or a non-ASCII letter). It is live and kept like any other, but some routers may not accept it: check the router step for this tunnel.`,
      )
    }
    const replaced = generated.earlierAttemptMayHaveApplied
      ? await replacedByLostAttempt(cloudflare, tunnel, generated, options.logger)
      : null
    if (replaced) {
      livePsks.notLive(tunnel.id)
      return failedResult(tunnel, replaced)
    }
    return storeLivePsk(tunnel, generated.psk, { lastGeneratedOn: generated.lastGeneratedOn ?? new Date().toISOString() }, options)
  }
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
    return `An earlier attempt whose answer was lost replaced the PSK this run received (Cloudflare shows a PSK generated at ${outside(current.lastGeneratedOn, 40)}, not ${outside(generated.lastGeneratedOn, 40)}), so the live PSK is unknown. Re-run to rotate this tunnel again.`
  } catch (error) {
    logger.warning(
      `Tunnel ${outside(tunnel.name, 100)}: could not confirm that the PSK received after a retry is the live one (${describeError(error)}); reporting it as live.`,
    )
    return null
  }
}

/**
 * `validate_only` is not even a declared parameter of `psk_generate`. Were Cloudflare to ignore
 * it, every PSK of a validate-only run would be live and stored nowhere; one listing tells. If the
 * listing cannot be had, the PSKs are handed over as possibly live and the tunnels fail.
 */
async function confirmNothingChanged(
  cloudflare: CloudflareClient,
  results: TunnelResult[],
  validatedPsks: ReadonlyMap<string, string>,
  livePsks: LivePsks,
): Promise<TunnelResult[]> {
  let generatedOn: Map<string, string | null> | null = null
  let failure = ''
  try {
    generatedOn = new Map((await cloudflare.listTunnels()).map((tunnel) => [tunnel.id, tunnel.lastGeneratedOn]))
  } catch (error) {
    failure = describeError(error)
  }
  return results.map((result) => {
    const psk = validatedPsks.get(result.id)
    if (result.status !== 'validated' || psk === undefined) return result
    if (generatedOn === null) {
      livePsks.live(result.id, psk)
      return {
        ...result,
        status: 'failed',
        secretName: null,
        error: `Could not confirm that Cloudflare honoured validate_only for this tunnel (listing the tunnels failed: ${failure}). In case it did not, the PSK it returned is in this step's psks output (masked); check the tunnel and re-run.`,
      }
    }
    const now = generatedOn.get(result.id) ?? null
    if (sameInstant(now, result.previousGeneratedOn)) return result
    livePsks.live(result.id, psk)
    return {
      ...result,
      status: 'failed',
      secretName: null,
      lastGeneratedOn: now,
      error:
        "Cloudflare ignored validate_only and replaced this tunnel's PSK. The new PSK is in this step's psks output (masked): configure it, or re-run to rotate again.",
    }
  })
}

/** Set mode: the chosen PSKs go out in bulk requests of at most BULK_SET_LIMIT tunnels. */
export async function rotateBySetting(
  cloudflare: CloudflareClient,
  tunnels: Tunnel[],
  psks: Map<string, string>,
  options: RotationOptions,
): Promise<TunnelResult[]> {
  const { livePsks, validateOnly } = options
  const progress = progressLogger(tunnels.length, options.logger)
  const batchResults = await mapWithConcurrency(chunk(tunnels, BULK_SET_LIMIT), options.concurrency, async (batch) => {
    const results = await setBatch(batch)
    results.forEach(progress)
    return results
  })
  const results = batchResults.flat()
  return validateOnly && results.length > 0 ? confirmNothingChanged(cloudflare, results, psks, livePsks) : results

  async function setBatch(batch: Tunnel[]): Promise<TunnelResult[]> {
    const refusal = storeRefusal(options)
    if (refusal) return batch.map((tunnel) => failedResult(tunnel, refusal))
    const assignments: PskAssignment[] = batch.map((tunnel) => ({ id: tunnel.id, psk: pskOf(tunnel) }))
    if (!validateOnly) for (const { id, psk } of assignments) livePsks.sending(id, psk)
    let outcome
    try {
      outcome = await cloudflare.setPsks(assignments, validateOnly)
    } catch (error) {
      // The bulk call is idempotent and was already retried; if its outcome is still unknown the
      // PSKs may be live, so they stay in the `psks` output rather than being lost.
      const psksMayHaveApplied = !validateOnly && mayHaveApplied(error)
      if (!psksMayHaveApplied) for (const { id } of assignments) livePsks.notLive(id)
      const error_ = psksMayHaveApplied
        ? `${describeError(error)} The PSK may be live on Cloudflare: it is in this step's psks output. Re-run to set a known PSK.`
        : notRotated(error)
      return batch.map((tunnel) => failedResult(tunnel, error_))
    }
    const results: TunnelResult[] = []
    for (const tunnel of batch) {
      const applied = outcome.applied.get(tunnel.id)
      const reason = outcome.unapplied.get(tunnel.id)
      const contradiction = outcome.contradictory.get(tunnel.id)
      if (applied && validateOnly) {
        results.push(resultFor(tunnel, 'validated', { ipsecId: applied.ipsecId, secretName: options.store?.secretNameFor(tunnel) ?? null }))
      } else if (applied) {
        results.push(
          await storeLivePsk(
            tunnel,
            pskOf(tunnel),
            { ipsecId: applied.ipsecId, lastGeneratedOn: applied.lastGeneratedOn ?? new Date().toISOString() },
            options,
          ),
        )
      } else if (reason !== undefined) {
        if (!validateOnly) livePsks.notLive(tunnel.id)
        results.push(failedResult(tunnel, `Cloudflare did not apply the PSK: ${reason}`))
      } else if (validateOnly) {
        results.push(
          failedResult(tunnel, contradiction ? `${contradiction}.` : 'Cloudflare reported the tunnel neither valid nor invalid.'),
        )
      } else {
        const why = contradiction ?? 'Cloudflare reported the tunnel neither applied nor unapplied'
        results.push(
          failedResult(
            tunnel,
            `${why}, so the new PSK may be live: it is in this step's psks output (masked), and no secret was written. Re-run to set a known PSK.`,
          ),
        )
      }
    }
    return results
  }

  function pskOf(tunnel: Tunnel): string {
    const psk = psks.get(tunnel.id)
    if (psk === undefined) throw new Error(`No PSK was assigned to tunnel ${tunnel.id}`)
    return psk
  }
}

/** The PSK is live: into the user's destination, or the tunnel fails with its PSK left in `psks`. */
async function storeLivePsk(
  tunnel: Tunnel,
  psk: string,
  fields: Partial<TunnelResult>,
  { store, livePsks }: Pick<RotationOptions, 'store' | 'livePsks'>,
): Promise<TunnelResult> {
  if (!store) return resultFor(tunnel, 'rotated', fields)
  try {
    await store.store(tunnel, psk)
    // A store that writes once at the end has not stored it yet.
    if (!store.finish) livePsks.storedEverywhere(tunnel.id)
    return resultFor(tunnel, 'rotated', { ...fields, secretName: store.secretNameFor(tunnel) })
  } catch (error) {
    return failedResult(
      tunnel,
      `The new PSK is live on Cloudflare but was not stored: ${describeError(error)} It is in this step's psks output (masked).`,
      fields,
    )
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
    const line = `[${String(done).padStart(width)}/${total}] ${result.status} ${outside(result.name, 100)}`
    logger.info(result.status === 'failed' ? `${line}: ${bounded(result.error ?? '')}` : line)
  }
}

/** The failed request may have taken effect all the same: its error's `mayHaveApplied`. */
function mayHaveApplied(error: unknown): boolean {
  if (error instanceof TransportError) return error.mayHaveApplied
  if (error instanceof StoppedError) return error.mayHaveApplied
  return error instanceof UnexpectedAnswerError || (error instanceof CloudflareApiError && error.mayHaveApplied)
}

/** A request that certainly changed nothing: the previous PSK is still live. */
function notRotated(error: unknown): string {
  if (error instanceof StoppedError) return 'Not rotated: the run was cancelled first, so its previous PSK is still live.'
  return describeError(error)
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
      return `${cause} Cloudflare shows a new PSK generated at ${outside(current.lastGeneratedOn ?? 'an unknown time', 40)}, but it never reached this run, so the tunnel cannot use it. Re-run to rotate this tunnel again.`
    }
    return `${cause} The tunnel's PSK did not change; the previous PSK is still live. Re-run to rotate it.`
  } catch (readError) {
    return `${cause} Whether Cloudflare replaced the PSK is unknown (re-reading the tunnel failed too: ${describeError(readError)}). Re-run to rotate this tunnel again.`
  }
}
