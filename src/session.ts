import { closeSync, openSync } from 'node:fs'
import { CloudflareClient } from './cloudflare.js'
import { createDispatcher } from './dispatcher.js'
import { describeError, isUnexpected } from './errors.js'
import { finish, type ModeReport } from './finish.js'
import { HandoverFiles } from './handover.js'
import { HttpClient } from './http.js'
import { InputError, type Config } from './inputs.js'
import { LivePsks } from './live-psks.js'
import { nameList, safeLog } from './log-text.js'
import { sleep, type Logger } from './logger.js'
import { pskMasker } from './mask.js'
import { rotateMode } from './modes/rotate.js'
import { RateLimitPacer } from './rate-limit.js'
import { handOverPsks } from './report.js'
import type { ActionsCore } from './toolkit.js'

/**
 * After the runner's SIGINT (a cancel, `timeout-minutes`) a step has about 7.5 s before it is
 * killed: requests already sent get this long to bring their answers before `psks` is written.
 */
const CANCEL_GRACE_MS = 5_000

/**
 * The run of the process once its inputs are valid, whatever the mode: the outputs-file probe,
 * cancellation from the first moment, the HTTP dispatcher and clients; then the mode's module.
 * A failure the action explains ends the step with its message; anything else also logs its stack.
 */
export async function runSession(config: Config, toolkit: ActionsCore): Promise<void> {
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
    const rotation = { cloudflare, core, maskPsk, livePsks, names, cancellation, files }
    let report: ModeReport
    if (config.mode === 'verify') {
      const { verifyMode } = await import('./modes/verify.js')
      report = await verifyMode(config, { cloudflare, http, core, startedAt })
    } else if (config.rolling !== null) {
      const { rollingMode } = await import('./modes/rolling.js')
      report = await rollingMode({ ...config, rolling: config.rolling }, { ...rotation, http, stop: stop.signal })
    } else {
      report = await rotateMode(config, rotation)
    }
    await finish(core, report, files)
  } catch (error) {
    // Whatever ended the run early, no key that may be live may end with it.
    if (livePsks.size > 0) handOverPsks(core, livePsks, files)
    const unsaved = livePsks.onlyInOutput().map((id) => names.get(id) ?? id)
    core.setFailed(
      `${error instanceof InputError ? error.message : describeError(error)}` +
        (unsaved.length > 0
          ? ` The PSKs of ${nameList(unsaved)} are or may be live and are stored nowhere but this step's psks output (masked): save them in an 'if: failure()' step.`
          : ''),
    )
    if (isUnexpected(error)) core.debug(error.stack ?? '')
  } finally {
    cancellation.dispose()
    await dispatcher.close()
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
