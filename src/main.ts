import * as actionsCore from '@actions/core'
import { Agent } from 'undici'
import { CloudflareClient, type Tunnel } from './cloudflare.js'
import { HttpClient } from './http.js'
import { InputError, readConfig, type Config, type InputSource } from './inputs.js'
import { sleep, type Logger } from './logger.js'
import { assignPsks, checkExplicitPsksSelected, pskMasker } from './psk.js'
import { RateLimitPacer } from './rate-limit.js'
import { countStatuses, writeOutputs, writeSummary, type OutputSink, type SummarySink } from './report.js'
import { describeError, rotateByGenerating, rotateBySetting, skippedResult, type RotationOutcome } from './rotation.js'
import { isDue, selectTunnels } from './selection.js'
import { prepareSecretStore } from './github-secrets.js'

export interface ActionsCore extends Logger, InputSource, OutputSink {
  setFailed(message: string): void
  summary: SummarySink
}

export async function run(core: ActionsCore = actionsCore, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let dispatcher: Agent | undefined
  try {
    const config = readConfig(core, env)
    dispatcher = new Agent({ connections: config.concurrency, connect: { timeout: 10_000 } })
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
  } finally {
    await dispatcher?.close()
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
  const options = { validateOnly: config.validateOnly, concurrency: config.concurrency, logger: core, store }
  const outcome: RotationOutcome =
    config.mode === 'generate'
      ? await rotateByGenerating(cloudflare, due, options)
      : await rotateBySetting(cloudflare, due, assignPsks(due, config.explicitPsks, config.pskLength, maskPsk), options)

  const byId = new Map(outcome.results.map((result) => [result.id, result]))
  const results = selected.map((tunnel: Tunnel) => byId.get(tunnel.id) ?? skippedResult(tunnel))
  writeOutputs(core, results, outcome.livePsks)
  await writeSummary(core.summary, config, results)

  const counts = countStatuses(results)
  core.info(`Done: ${counts.rotated} rotated, ${counts.validated} validated, ${counts.skipped} skipped, ${counts.failed} failed.`)
  const failed = results.filter((result) => result.status === 'failed')
  for (const result of failed) core.error(`Tunnel ${result.name} (${result.id}): ${result.error}`)
  if (failed.length > 0) {
    core.setFailed(`${failed.length} of ${due.length} tunnel${due.length === 1 ? '' : 's'} failed: ${failed.map((result) => result.name).join(', ')}.`)
  }
}
