import type { CloudflareClient, Tunnel } from '../cloudflare.js'
import { describeError } from '../errors.js'
import { LONGEST_GENERATED_PSK } from '../github-secrets/bundle-format.js'
import { prepareSecretStore } from '../github-secrets/index.js'
import type { HandoverFiles } from '../handover.js'
import type { Config } from '../inputs.js'
import type { LivePsks } from '../live-psks.js'
import { bounded, nameList, outside } from '../log-text.js'
import { assignPsks, checkExplicitPsksSelected } from '../psk.js'
import { countStatuses, describeDeferred, handOverPsks, outputsTooLargeForEnv, writeOutputs, writeSummary } from '../report.js'
import { logRouterPlan, planRollout } from '../rollout.js'
import { deferredResult, rotateByGenerating, rotateBySetting, skippedResult, type PskStore, type TunnelResult } from '../rotation.js'
import { selectTunnels } from '../selection.js'
import type { ActionsCore } from '../toolkit.js'

export interface RotateContext {
  cloudflare: CloudflareClient
  core: ActionsCore
  maskPsk: (psk: string) => void
  livePsks: LivePsks
  /** Tunnel ID to name, for the tunnels this run rotates: a cancel names them. */
  names: Map<string, string>
  /** The signal that cancelled the run, once one has. */
  cancellation: { readonly signal: NodeJS.Signals | null }
  files: HandoverFiles
}

/** Rotation (generate and set mode): list, select, plan, preflight, rotate, store, report. */
export async function rotateMode(
  config: Config,
  { cloudflare, core, maskPsk, livePsks, names, cancellation, files }: RotateContext,
): Promise<void> {
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
