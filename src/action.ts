import { closeSync, openSync } from 'node:fs'
import { describeError, isUnexpected } from './errors.js'
import { CloudflareClient, type Tunnel } from './cloudflare.js'
import { createDispatcher } from './dispatcher.js'
import { prepareSecretStore } from './github-secrets/index.js'
import { HttpClient } from './http.js'
import { InputError, type Config } from './inputs.js'
import { LivePsks } from './live-psks.js'
import { bounded, outside, safeLog } from './log-text.js'
import { sleep, type Logger } from './logger.js'
import { pskMasker } from './mask.js'
import { assignPsks, checkExplicitPsksSelected } from './psk.js'
import { RateLimitPacer } from './rate-limit.js'
import { LONGEST_GENERATED_PSK } from './github-secrets/bundle-format.js'
import { HandoverFiles } from './handover.js'
import { countStatuses, describeDeferred, handOverPsks, outputsTooLargeForEnv, writeOutputs, writeSummary } from './report.js'
import { deferredResult, rotateByGenerating, rotateBySetting, skippedResult, type PskStore, type TunnelResult } from './rotation.js'
import { logRouterPlan, planRollout } from './rollout.js'
import { selectTunnels } from './selection.js'
import type { ActionsCore } from './toolkit.js'

/**
 * After the runner's SIGINT (a cancel, `timeout-minutes`) a step has about 7.5 s before it is
 * killed: requests already sent get this long to bring their answers before `psks` is written.
 */
const CANCEL_GRACE_MS = 5_000
/** At most this many tunnels are named one by one in a single error line; the rest are counted. */
const NAMED_IN_ONE_LINE = 50

/** The action once its inputs are valid: lists, selects, rotates, stores and reports. */
export async function rotateTunnels(config: Config, toolkit: ActionsCore): Promise<void> {
  // The process started with the step: health checks from before then say nothing about this run.
  const startedAt = Math.floor(performance.timeOrigin)
  const core = safeLog(toolkit)
  const outputProblem = unwritableOutputFile()
  if (outputProblem) {
    core.setFailed(outputProblem)
    return
  }
  const stop = new AbortController()
  const livePsks = new LivePsks()
  const files = new HandoverFiles()
  const names = new Map<string, string>()
  // From the start: a cancel during the listing or the preflight stops the run just as cleanly.
  const cancellation = onCancel(core, stop, () => {
    // The grace period ran out with requests still unanswered: hand over what is known and go.
    handOverPsks(core, livePsks, files)
    core.setFailed(cancelledMessage(livePsks, names))
    process.exit(1)
  })
  const dispatcher = createDispatcher({ connections: config.concurrency, env: process.env })
  try {
    const http = new HttpClient({
      dispatcher,
      logger: core,
      service: 'Cloudflare',
      pacer: new RateLimitPacer('Cloudflare', core, sleep),
      stop: stop.signal,
      // verify-timeout bounds the whole verify step, every request and retry included.
      deadline: config.mode === 'verify' ? startedAt + config.verifyTimeoutMs : undefined,
    })
    const maskPsk = pskMasker((secret) => core.setSecret(secret))
    const cloudflare = new CloudflareClient(http, config.apiBaseUrl, config.accountId, config.credentials, maskPsk, core)
    if (config.mode === 'verify') {
      const { verifyRun } = await import('./health/index.js')
      await verifyRun(config, { cloudflare, http, core, startedAt })
    } else {
      await rotate(config, { cloudflare, core, maskPsk, livePsks, names, cancellation, files })
    }
  } catch (error) {
    core.setFailed(error instanceof InputError ? error.message : describeError(error))
    if (isUnexpected(error)) core.debug(error.stack ?? '')
  } finally {
    cancellation.dispose()
    await dispatcher.close()
  }
}

interface RunState {
  cloudflare: CloudflareClient
  core: ActionsCore
  maskPsk: (psk: string) => void
  livePsks: LivePsks
  /** Tunnel ID to name, for the tunnels this run rotates: a cancel names them. */
  names: Map<string, string>
  cancellation: Cancellation
  files: HandoverFiles
}

async function rotate(config: Config, { cloudflare, core, maskPsk, livePsks, names, cancellation, files }: RunState): Promise<void> {
  const tunnels = await cloudflare.listTunnels()
  const selected = selectTunnels(tunnels, config.selector)
  if (config.mode === 'set') checkExplicitPsksSelected(config.explicitPsks, selected)
  const plan = planRollout(selected, {
    explicit: new Set(config.explicitPsks.keys()),
    maxAgeMs: config.maxAgeMs,
    maxTunnels: config.maxTunnels,
    stagger: config.stagger,
    routerRules: config.routerRules,
    now: Date.now(),
  })
  const due = plan.rotate
  core.info(
    `Selected ${selected.length} of the account's ${tunnels.length} IPsec tunnels; ${due.length} rotate in this run` +
      `${plan.skipped.size > 0 ? `, ${plan.skipped.size} skipped (PSK younger than max-age)` : ''}` +
      `${plan.deferred.size > 0 ? `, ${plan.deferred.size} deferred to a later run (one tunnel per router at a time, oldest PSK first${config.maxTunnels === null ? '' : `, at most ${config.maxTunnels}`})` : ''}.` +
      `${config.validateOnly ? ' Validate-only: nothing will change.' : ''}`,
  )
  logRouterPlan(core, plan)
  const tooLarge = outputsTooLargeForEnv(selected, due, config.mode === 'set' ? config.pskLength : LONGEST_GENERATED_PSK)
  if (tooLarge) core.warning(tooLarge)

  // Preflight before anything changes on Cloudflare: a destination that cannot take the new
  // PSKs must stop the run while every old PSK is still live.
  const store = config.secrets
    ? await prepareSecretStore(config.secrets, {
        selected,
        due,
        validateOnly: config.validateOnly,
        logger: core,
        pskLength: config.mode === 'set' ? Math.max(config.pskLength, ...[...config.explicitPsks.values()].map((psk) => psk.length)) : null,
      })
    : undefined
  const options = { validateOnly: config.validateOnly, concurrency: config.concurrency, logger: core, store, livePsks }
  for (const tunnel of due) names.set(tunnel.id, tunnel.name)

  let rotated: TunnelResult[]
  try {
    rotated =
      config.mode === 'generate'
        ? await rotateByGenerating(cloudflare, due, options)
        : await rotateBySetting(cloudflare, due, assignPsks(due, config.explicitPsks, config.pskLength, maskPsk), options)
    rotated = await finishStore(store, rotated, config.validateOnly, livePsks)
  } catch (error) {
    // Only a bug gets here; the PSKs that already went live must not be lost with it.
    handOverPsks(core, livePsks, files)
    throw error
  }

  const byId = new Map(rotated.map((result) => [result.id, result]))
  const results = selected.map(
    (tunnel: Tunnel) =>
      byId.get(tunnel.id) ??
      (plan.deferred.has(tunnel.id)
        ? deferredResult(tunnel, plan.deferred.get(tunnel.id) ?? '')
        : skippedResult(tunnel, plan.skipped.get(tunnel.id) ?? '')),
  )
  for (const result of results) result.routerKey = plan.claims.get(result.id)?.key ?? null
  writeOutputs(core, results, livePsks, 'rotation', files)
  try {
    await writeSummary(core.summary, config, results, Date.now(), plan.warnings)
  } catch (error) {
    core.warning(`Could not write the job summary: ${describeError(error)}`)
  }

  const counts = countStatuses(results)
  core.info(
    `Done: ${counts.rotated} rotated, ${counts.validated} validated, ${counts.skipped} skipped, ${counts.deferred} deferred, ${counts.failed} failed.`,
  )
  if (counts.deferred > 0) core.info(describeDeferred(results))
  const failed = results.filter((result) => result.status === 'failed')
  for (const result of failed) core.error(`Tunnel ${outside(result.name, 100)} (${result.id}): ${bounded(result.error ?? '')}`)
  if (failed.length === 0 && cancellation.signal) {
    core.setFailed(
      `Cancelled by ${cancellation.signal}, after every request had its answer; the PSKs that went live are in this step's psks output (masked).`,
    )
  } else if (failed.length > 0) {
    const unsaved = failed.filter((result) => livePsks.has(result.id)).map((result) => result.name)
    core.setFailed(
      `${cancellation.signal ? `Cancelled by ${cancellation.signal}. ` : ''}${failed.length} of ${due.length} tunnel${due.length === 1 ? '' : 's'} failed: ${nameList(failed.map((result) => result.name))}.` +
        (unsaved.length > 0
          ? ` The live PSKs of ${nameList(unsaved)} are stored nowhere but this step's psks output (masked): save them in an 'if: failure()' step.`
          : ''),
    )
  }
}

/** A store that writes once at the end: if that write fails, every tunnel it was to hold fails. */
async function finishStore(
  store: PskStore | undefined,
  results: TunnelResult[],
  validateOnly: boolean,
  livePsks: LivePsks,
): Promise<TunnelResult[]> {
  if (!store?.finish || validateOnly) return results
  try {
    await store.finish()
    for (const result of results) if (result.status === 'rotated') livePsks.storedEverywhere(result.id)
    return results
  } catch (error) {
    const why = `The new PSK is live on Cloudflare but was not stored: ${describeError(error)} It is in this step's psks output (masked).`
    return results.map((result) => (result.status === 'rotated' ? { ...result, status: 'failed', secretName: null, error: why } : result))
  }
}

interface Cancellation {
  /** The signal that cancelled the run, once one has. */
  readonly signal: NodeJS.Signals | null
  dispose(): void
}

/**
 * SIGINT or SIGTERM stops every new request (and retry) at once and gives those already sent
 * CANCEL_GRACE_MS to answer; rotation then ends by itself and reports as usual. If answers are
 * still missing when the time is up, `giveUp` reports what is known and exits.
 */
function onCancel(core: Logger, stop: AbortController, giveUp: () => void): Cancellation {
  let signal: NodeJS.Signals | null = null
  let timer: NodeJS.Timeout | undefined
  const handler = (received: NodeJS.Signals) => {
    if (signal !== null) return
    signal = received
    core.warning(
      `Cancelled by ${received}: no further request is sent; requests already sent get ${CANCEL_GRACE_MS / 1000} s to answer, then every PSK that is or may be live goes to the psks output.`,
    )
    stop.abort()
    timer = setTimeout(giveUp, CANCEL_GRACE_MS)
  }
  process.on('SIGINT', handler).on('SIGTERM', handler)
  return {
    get signal() {
      return signal
    },
    dispose() {
      clearTimeout(timer)
      process.off('SIGINT', handler).off('SIGTERM', handler)
    },
  }
}

function cancelledMessage(livePsks: LivePsks, names: ReadonlyMap<string, string>): string {
  const nameOf = (id: string) => names.get(id) ?? id
  const unanswered = livePsks.generatingIds()
  return (
    `Cancelled before every request was answered. ` +
    (livePsks.onlyInOutput().length > 0
      ? `The PSKs of ${nameList(livePsks.onlyInOutput().map(nameOf))} are or may be live and are stored nowhere but this step's psks output (masked): save them in an 'if: cancelled()' step. `
      : '') +
    (livePsks.size > livePsks.onlyInOutput().length
      ? `${livePsks.size - livePsks.onlyInOutput().length} new PSK(s) were stored as asked and are in psks too. `
      : '') +
    (unanswered.length > 0
      ? `psk_generate for ${nameList(unanswered.map(nameOf))} got no answer: Cloudflare may have replaced those PSKs; re-run to rotate them again. `
      : '') +
    'Tunnels not reached keep their previous PSK.'
  )
}

function nameList(names: string[]): string {
  const shown = names.slice(0, NAMED_IN_ONE_LINE).map((name) => outside(name, 100))
  return names.length > NAMED_IN_ONE_LINE ? `${shown.join(', ')} and ${names.length - NAMED_IN_ONE_LINE} more` : shown.join(', ')
}

/** The step's outputs file must take the PSKs before any of them exists. */
function unwritableOutputFile(): string | null {
  const path = process.env.GITHUB_OUTPUT
  if (!path) return null
  try {
    closeSync(openSync(path, 'a'))
    return null
  } catch {
    return "The runner's outputs file (GITHUB_OUTPUT) cannot be written, so new PSKs could not be handed to later steps; nothing was changed."
  }
}
