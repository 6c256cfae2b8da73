import { Agent } from 'undici'
import { CloudflareApiError, CloudflareClient, type Tunnel } from './cloudflare.js'
import { HttpClient, TransportError } from './http.js'
import { InputError, type Config } from './inputs.js'
import { sleep, type Logger } from './logger.js'
import { pskMasker } from './mask.js'
import { assignPsks, checkExplicitPsksSelected } from './psk.js'
import { RateLimitPacer } from './rate-limit.js'
import { countStatuses, writeOutputs, writeSummary, type OutputSink, type SummarySink } from './report.js'
import { describeError, rotateByGenerating, rotateBySetting, skippedResult, type TunnelResult } from './rotation.js'
import { prepareSecretStore } from './github-secrets.js'
import { isDue, selectTunnels } from './selection.js'
import { safeLog } from './log-text.js'

export interface ActionsCore extends Logger, OutputSink {
  setSecret(secret: string): void
  setFailed(message: string): void
  summary: SummarySink
}

/** The action once its inputs are valid: lists, selects, rotates, stores and reports. */
export async function rotateTunnels(config: Config, toolkit: ActionsCore): Promise<void> {
  const core = safeLog(toolkit)
  const dispatcher = new Agent({ connections: config.concurrency, connect: { timeout: 10_000 } })
  try {
    const http = new HttpClient({
      dispatcher,
      logger: core,
      service: 'Cloudflare',
      pacer: new RateLimitPacer('Cloudflare', core, sleep),
    })
    const maskPsk = pskMasker((secret) => core.setSecret(secret))
    const cloudflare = new CloudflareClient(http, config.apiBaseUrl, config.accountId, config.credentials, maskPsk)
    await rotate(config, cloudflare, core, maskPsk)
  } catch (error) {
    core.setFailed(error instanceof InputError ? error.message : describeError(error))
    if (isUnexpected(error)) core.debug(error.stack ?? '')
  } finally {
    await dispatcher.close()
  }
}

async function rotate(config: Config, cloudflare: CloudflareClient, core: ActionsCore, maskPsk: (psk: string) => void): Promise<void> {
  const tunnels = await cloudflare.listTunnels()
  const selected = selectTunnels(tunnels, config.selector)
  if (config.mode === 'set') checkExplicitPsksSelected(config.explicitPsks, selected)
  const now = Date.now()
  const due = selected.filter((tunnel) => config.explicitPsks.has(tunnel.id) || isDue(tunnel, config.maxAgeMs, now))
  core.info(
    `Selected ${selected.length} of the account's ${tunnels.length} IPsec tunnels; ${due.length} due for rotation` +
      `${selected.length > due.length ? `, ${selected.length - due.length} skipped (PSK younger than max-age)` : ''}.` +
      `${config.validateOnly ? ' Validate-only: nothing will change.' : ''}`,
  )

  // Preflight before anything changes on Cloudflare: a destination that cannot take the new
  // PSKs must stop the run while every old PSK is still live.
  const store = config.secrets
    ? await prepareSecretStore(config.secrets, { selected, due, validateOnly: config.validateOnly, logger: core })
    : undefined
  const livePsks = new Map<string, string>()
  const options = { validateOnly: config.validateOnly, concurrency: config.concurrency, logger: core, store, livePsks }
  const writeLivePsks = () => core.setOutput('psks', JSON.stringify(Object.fromEntries(livePsks)))
  // A cancelled run or `timeout-minutes` stops the step mid-rotation: the PSKs already live must
  // still reach the output, for an `if: always()` or `if: cancelled()` step.
  let stopping = false
  const onStop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    writeLivePsks()
    core.setFailed(
      `Stopped by ${signal} during rotation. The ${livePsks.size} PSK${livePsks.size === 1 ? '' : 's'} already live are in this step's psks output (masked); tunnels not reached keep their previous PSK.`,
    )
    process.exit(1)
  }
  process.on('SIGINT', onStop).on('SIGTERM', onStop)
  let rotated: TunnelResult[]
  try {
    rotated =
      config.mode === 'generate'
        ? await rotateByGenerating(cloudflare, due, options)
        : await rotateBySetting(cloudflare, due, assignPsks(due, config.explicitPsks, config.pskLength, maskPsk), options)
  } catch (error) {
    // Only a bug gets here; the PSKs that already went live must not be lost with it.
    writeLivePsks()
    throw error
  } finally {
    process.off('SIGINT', onStop).off('SIGTERM', onStop)
  }

  const byId = new Map(rotated.map((result) => [result.id, result]))
  const results = selected.map((tunnel: Tunnel) => byId.get(tunnel.id) ?? skippedResult(tunnel))
  writeOutputs(core, results, livePsks)
  try {
    await writeSummary(core.summary, config, results)
  } catch (error) {
    core.warning(`Could not write the job summary: ${describeError(error)}`)
  }

  const counts = countStatuses(results)
  core.info(`Done: ${counts.rotated} rotated, ${counts.validated} validated, ${counts.skipped} skipped, ${counts.failed} failed.`)
  const failed = results.filter((result) => result.status === 'failed')
  for (const result of failed) core.error(`Tunnel ${result.name} (${result.id}): ${result.error}`)
  if (failed.length > 0) {
    const unsaved = failed.filter((result) => livePsks.has(result.id)).map((result) => result.name)
    core.setFailed(
      `${failed.length} of ${due.length} tunnel${due.length === 1 ? '' : 's'} failed: ${failed.map((result) => result.name).join(', ')}.` +
        (unsaved.length > 0
          ? ` The live PSKs of ${unsaved.join(', ')} are stored nowhere but this step's psks output (masked): save them in an 'if: failure()' step.`
          : ''),
    )
  }
}

/** A bug rather than a refusal or a user's mistake: its stack goes to the debug log. */
function isUnexpected(error: unknown): error is Error {
  return error instanceof Error && !(error instanceof InputError || error instanceof CloudflareApiError || error instanceof TransportError)
}
