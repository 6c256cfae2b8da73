import type { CloudflareClient, Tunnel } from '../cloudflare.js'
import { describeError } from '../errors.js'
import type { ClosingLine, ModeReport } from '../finish.js'
import { LONGEST_GENERATED_PSK } from '../github-secrets/bundle-format.js'
import { prepareSecretStore } from '../github-secrets/index.js'
import type { HandoverFiles } from '../handover.js'
import type { RotationConfig } from '../inputs.js'
import type { LivePsks } from '../live-psks.js'
import { bounded, nameList, outside } from '../log-text.js'
import { assignPsks, checkExplicitPsksSelected } from '../psk.js'
import { countStatuses, describeDeferred, outputsTooLargeForEnv, summarySettings, writeSummary } from '../report.js'
import { logRouterPlan, planRollout, type RolloutPlan } from '../rollout.js'
import { deferredResult, rotateByGenerating, rotateBySetting, skippedResult, type PskStore, type TunnelResult } from '../rotation.js'
import { selectTunnels } from '../selection.js'
import type { ActionsCore } from '../toolkit.js'
import { planWaves } from '../waves.js'

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

/** What a rotation has ready once it has listed, planned and checked its destinations, before anything changes. */
export interface PreparedRotation {
  selected: Tunnel[]
  plan: RolloutPlan
  /** A rolling rotation's waves (`router-command`); null for one wave a run. */
  waves: Tunnel[][] | null
  /** Rotates these due tunnels and stores their PSKs; every PSK that may be live stays handed over, a bug included. */
  rotate: (due: Tunnel[]) => Promise<TunnelResult[]>
}

/**
 * List, select, plan, and check every destination before anything changes on Cloudflare: a
 * destination that cannot take the new PSKs must stop the run while every old PSK is still live.
 * A rolling rotation plans every due tunnel of the run, in waves of one tunnel a router.
 */
export async function prepareRotation(
  config: RotationConfig,
  { cloudflare, core, maskPsk, livePsks, names }: RotateContext,
  rolling: boolean,
): Promise<PreparedRotation> {
  const tunnels = await cloudflare.listTunnels()
  const selected = selectTunnels(tunnels, config.selector)
  const explicitPsks = config.mode === 'set' ? config.explicitPsks : new Map<string, string>()
  checkExplicitPsksSelected(explicitPsks, selected)
  const plan = planRollout(selected, {
    explicit: new Set(explicitPsks.keys()),
    maxAgeMs: config.maxAgeMs,
    maxTunnels: config.maxTunnels,
    stagger: rolling ? 'none' : config.stagger,
    routerRules: config.routerRules,
    now: Date.now(),
  })
  const waves = rolling ? planWaves(plan.rotate, plan.claims, config.stagger === 'customer-endpoint') : null
  const due = plan.rotate
  const inWaves = waves ? ` in ${waves.length} wave${waves.length === 1 ? '' : 's'} (one tunnel a router a wave, oldest PSK first)` : ''
  core.info(
    `Selected ${selected.length} of the account's ${tunnels.length} IPsec tunnels; ${due.length} rotate in this run${inWaves}` +
      `${plan.skipped.size > 0 ? `, ${plan.skipped.size} skipped (PSK younger than max-age)` : ''}` +
      `${plan.deferred.size > 0 ? `, ${plan.deferred.size} deferred to a later run (${waves ? '' : 'one tunnel per router at a time, oldest PSK first'}${config.maxTunnels === null ? '' : `${waves ? '' : ', '}at most ${config.maxTunnels}`})` : ''}.` +
      `${config.validateOnly ? ' Validate-only: nothing will change.' : ''}`,
  )
  logRouterPlan(core, plan, waves)
  const tooLarge = outputsTooLargeForEnv(selected, due, config.mode === 'set' ? config.pskLength : LONGEST_GENERATED_PSK)
  if (tooLarge) core.warning(tooLarge)

  const store = config.secrets
    ? await prepareSecretStore(config.secrets, {
        selected,
        due,
        validateOnly: config.validateOnly,
        logger: core,
        pskLength: config.mode === 'set' ? Math.max(config.pskLength, ...[...explicitPsks.values()].map((psk) => psk.length)) : null,
      })
    : undefined
  const options = { validateOnly: config.validateOnly, concurrency: config.concurrency, logger: core, store, livePsks }
  for (const tunnel of due) names.set(tunnel.id, tunnel.name)

  // A bug thrown from here ends the session, which hands over every PSK that may be live.
  const rotate = async (batch: Tunnel[]): Promise<TunnelResult[]> => {
    const rotated =
      config.mode === 'generate'
        ? await rotateByGenerating(cloudflare, batch, options)
        : await rotateBySetting(cloudflare, batch, assignPsks(batch, config.explicitPsks, config.pskLength, maskPsk), options)
    return finishStore(store, rotated, config.validateOnly, livePsks)
  }
  return { selected, plan, waves, rotate }
}

/** Rotation (generate and set mode) in one wave: list, select, plan, preflight, rotate, store, report. */
export async function rotateMode(config: RotationConfig, context: RotateContext): Promise<ModeReport> {
  const { livePsks, cancellation } = context
  const { selected, plan, rotate } = await prepareRotation(config, context, false)
  const due = plan.rotate
  const rotated = await rotate(due)

  const byId = new Map(rotated.map((result) => [result.id, result]))
  const results = selected.map(
    (tunnel: Tunnel) =>
      byId.get(tunnel.id) ??
      (plan.deferred.has(tunnel.id)
        ? deferredResult(tunnel, plan.deferred.get(tunnel.id) ?? '')
        : skippedResult(tunnel, plan.skipped.get(tunnel.id) ?? '')),
  )
  for (const result of results) result.routerKey = plan.claims.get(result.id)?.key ?? null
  return {
    kind: 'rotation',
    results,
    livePsks,
    writeSummary: (summary) => writeSummary(summary, summarySettings(config), results, Date.now(), plan.warnings),
    ...rotationEnding(results, due.length, livePsks, cancellation.signal),
  }
}

/** The closing lines and the failure of a rotation: the tally, each failed tunnel, and what to do about unsaved PSKs. */
export function rotationEnding(
  results: TunnelResult[],
  attempted: number,
  livePsks: LivePsks,
  cancelledBy: NodeJS.Signals | null,
): Pick<ModeReport, 'closing' | 'failure'> {
  const counts = countStatuses(results)
  const closing: ClosingLine[] = [
    {
      level: 'info',
      text: `Done: ${counts.rotated} rotated, ${counts.validated} validated, ${counts.skipped} skipped, ${counts.deferred} deferred, ${counts.failed} failed.`,
    },
  ]
  if (counts.deferred > 0) closing.push({ level: 'info', text: describeDeferred(results) })
  const failed = results.filter((result) => result.status === 'failed')
  for (const result of failed) {
    closing.push({ level: 'error', text: `Tunnel ${outside(result.name, 100)} (${result.id}): ${bounded(result.error ?? '')}` })
  }
  if (failed.length === 0) {
    return {
      closing,
      failure: cancelledBy
        ? `Cancelled by ${cancelledBy}, after every request had its answer; the PSKs that went live are in this step's psks output (masked).`
        : null,
    }
  }
  const onlyInOutput = new Set(livePsks.onlyInOutput())
  const unsaved = failed.filter((result) => onlyInOutput.has(result.id)).map((result) => result.name)
  return {
    closing,
    failure:
      `${cancelledBy ? `Cancelled by ${cancelledBy}. ` : ''}${failed.length} of ${attempted} tunnel${attempted === 1 ? '' : 's'} failed: ${nameList(failed.map((result) => result.name))}.` +
      (unsaved.length > 0
        ? ` The live PSKs of ${nameList(unsaved)} are stored nowhere but this step's psks output (masked): save them in an 'if: failure()' step.`
        : ''),
  }
}

/**
 * A store that writes once (one secret for the run), after each wave of rotations: if that write
 * fails, every tunnel of the wave it was to hold fails.
 */
export async function finishStore(
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
