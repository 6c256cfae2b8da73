import type { Tunnel } from '../cloudflare.js'
import { ActionError, describeError } from '../errors.js'
import type { ModeReport } from '../finish.js'
import type { HandoverFiles } from '../handover.js'
import { GRAPHQL_BUDGET, QueryBudget } from '../health/budget.js'
import { HealthPermissionError, PAGE_LIMIT, queryTunnelHealth, type HealthSource } from '../health/graphql.js'
import { verifyTunnels } from '../health/verify.js'
import type { HttpClient } from '../http.js'
import type { RollingConfig, RotationConfig } from '../inputs.js'
import { outside } from '../log-text.js'
import { NOTHING_ROTATED } from '../github-secrets/errors.js'
import { runRouterCommand, type RouterCommandOutcome } from '../router-command.js'
import { deferredResult, skippedResult, type TunnelResult } from '../rotation.js'
import { prepareRotation, rotationEnding, type RotateContext } from './rotate.js'
import { describeRouterRun, describeWaveEnd, rollingOutputs, rollingSummary, routerStops } from '../rolling-report.js'
import type { Logger } from '../logger.js'
import { writeWaveFiles } from '../wave-files.js'
import { summarySettings } from '../report.js'

/** A rotation with `router-command`. */
export type RollingRotationConfig = RotationConfig & { rolling: RollingConfig }

export interface RollingContext extends RotateContext {
  http: HttpClient
  /** Aborted by a cancel: the router command and the wait for health stop at once. */
  stop: AbortSignal
  files: HandoverFiles
}

/**
 * A rolling rotation (`router-command`): wave by wave, rotate one tunnel of every router still
 * going, run the router command on that wave's PSKs, wait for Cloudflare to carry each tunnel,
 * and go on only with the routers whose every tunnel came back. A router that did not keeps its
 * other tunnels on their old PSKs, which still work.
 */
export async function rollingMode(config: RollingRotationConfig, context: RollingContext): Promise<ModeReport> {
  const { core, livePsks, cancellation, stop } = context
  const { selected, plan, waves, rotate } = await prepareRotation(config, context, true)
  const planned = waves ?? []
  const waveOf = new Map(planned.flatMap((wave, index) => wave.map((tunnel) => [tunnel.id, index + 1] as const)))
  const unprobed = plan.rotate.filter((tunnel) => !tunnel.healthCheckEnabled)
  if (unprobed.length > 0) {
    core.warning(
      `${unprobed.length} tunnel${unprobed.length === 1 ? ' has' : 's have'} health checks off, so nothing can confirm ${unprobed.length === 1 ? 'it' : 'them'} after the router step and ${unprobed.length === 1 ? 'its router stops' : 'their routers stop'} after ${unprobed.length === 1 ? 'its' : 'their'} wave: ${unprobed
        .slice(0, 20)
        .map((tunnel) => outside(tunnel.name, 100))
        .join(
          ', ',
        )}${unprobed.length > 20 ? ` and ${unprobed.length - 20} more` : ''}. Turn on health_check for ${unprobed.length === 1 ? 'it' : 'them'}.`,
    )
  }
  const source = (deadline: number): HealthSource => ({
    http: context.http,
    baseUrl: config.apiBaseUrl,
    accountId: config.accountId,
    credentials: config.credentials,
    deadline,
  })
  if (plan.rotate.length > 0) await checkHealthAccess(source(Date.now() + 60_000), plan.rotate[0]?.name ?? '')

  const tunnelsById = new Map(selected.map((tunnel) => [tunnel.id, tunnel]))
  const results = new Map<string, TunnelResult>()
  /** Router key to why it stopped: the tunnel that needs attention. */
  const stopped = new Map<string, string>()
  const routerOf = (tunnel: { id: string }) => plan.claims.get(tunnel.id)?.key ?? `tunnel-${tunnel.id}`
  if (config.validateOnly) {
    for (const result of await rotate(plan.rotate)) results.set(result.id, result)
    core.info(`Validate-only: router-command is not run; ${planned.length} wave${planned.length === 1 ? '' : 's'} would run it.`)
  }
  const budget = new QueryBudget(GRAPHQL_BUDGET, Date.now, (ms) => sleepUnlessStopped(ms, stop))
  let commandRuns = 0
  /** Why the waves ended before the last one, for the tunnels they did not reach; null while they go on. */
  let endedEarly: string | null = null
  for (const [index, wave] of (config.validateOnly ? [] : planned).entries()) {
    if (cancellation.signal) {
      endedEarly = `the run was cancelled before wave ${index + 1}`
      break
    }
    const going = wave.filter((tunnel) => !stopped.has(routerOf(tunnel)))
    if (going.length === 0) continue
    const number = index + 1
    core.startGroup(
      `Wave ${number} of ${planned.length}: ${going.length} tunnel${going.length === 1 ? '' : 's'}, one on each of ${going.length} router${going.length === 1 ? '' : 's'}`,
    )
    let broken: unknown = null
    try {
      const rotated = (await rotate(going)).map((result) => ({ ...result, wave: number, routerKey: routerOf(result) }))
      for (const result of rotated) results.set(result.id, result)
      const handed = rotated.filter((result) => livePsks.has(result.id))
      try {
        if (handed.length > 0 && !cancellation.signal) {
          commandRuns++
          const outcome = await runWave(config, context, number, planned.length, rotated, handed)
          core.info(describeRouterRun(outcome))
          const taken = applyRouterOutcome(outcome, handed, results, routerOf, core)
          if (taken.length > 0 && !cancellation.signal) {
            const verifyFrom = Date.now()
            core.info(
              `Waiting for Cloudflare to carry ${taken.length} tunnel${taken.length === 1 ? '' : 's'}: verify-settle ${Math.round(config.rolling.verifySettleMs / 1000)} s, then health checks until verify-timeout ${Math.round(config.rolling.verifyTimeoutMs / 1000)} s.`,
            )
            const health = { source: source(verifyFrom + config.rolling.verifyTimeoutMs), budget, stop, core }
            await verifyWave(taken, verifyFrom, config, health, results, tunnelsById)
          }
        }
      } catch (error) {
        // Whatever broke the wave, its keys are live: they fail with them in psks, and no wave follows.
        broken = error
      }
      for (const tunnel of going) {
        let result = results.get(tunnel.id)
        if (result?.status === 'rotated' && result.verdict !== 'up' && result.verdict !== 'healthy') {
          result = { ...result, status: 'failed', error: `${unconfirmed(broken, cancellation.signal)}${storedNote(result)}` }
          results.set(tunnel.id, result)
        }
        const why = result ? routerStops(result) : `tunnel ${outside(tunnel.name, 100)} (${tunnel.id}) was not rotated`
        if (why !== null) stopped.set(routerOf(tunnel), why)
      }
      for (const line of describeWaveEnd(number, going, results, stopped, routerOf)) core.info(line)
    } finally {
      core.endGroup()
    }
    if (broken !== null) {
      core.error(`Wave ${number} could not be finished, so no further wave runs: ${describeError(broken)}`)
      endedEarly = `wave ${number} could not be finished, so no further wave ran`
      break
    }
  }

  const ordered = selected.map((tunnel) => {
    const done = results.get(tunnel.id)
    const wave = waveOf.get(tunnel.id) ?? null
    const routerKey = routerOf(tunnel)
    if (done) return { ...done, routerKey, wave }
    if (wave !== null) {
      const why = stopped.get(routerKey)
      const reason = why
        ? `${why}; this tunnel keeps its PSK, which still works, until that is fixed and the step is run again`
        : `${endedEarly ?? `the run ended before wave ${wave}`}; this tunnel keeps its PSK`
      return { ...deferredResult(tunnel, reason), routerKey, wave }
    }
    return {
      ...(plan.deferred.has(tunnel.id)
        ? deferredResult(tunnel, plan.deferred.get(tunnel.id) ?? '')
        : skippedResult(tunnel, plan.skipped.get(tunnel.id) ?? '')),
      routerKey,
    }
  })
  const ending = rotationEnding(ordered, plan.rotate.length, livePsks, cancellation.signal)
  const routerFailure = [...stopped].map(([router, why]) => `router ${outside(router, 64)}: ${why}`)
  return {
    kind: 'rotation',
    results: ordered,
    livePsks,
    outputs: rollingOutputs(ordered),
    writeSummary: (summary) => rollingSummary(summary, summarySettings(config), ordered, plan.warnings, commandRuns, planned.length),
    closing: ending.closing,
    failure:
      ending.failure === null
        ? null
        : routerFailure.length > 0
          ? `${routerFailure.length} router${routerFailure.length === 1 ? '' : 's'} stopped, ${`${routerFailure.slice(0, 10).join('; ')}${routerFailure.length > 10 ? `; and ${routerFailure.length - 10} more` : ''}`.replace(/\.$/, '')}. ${ending.failure}`
          : ending.failure,
  }
}

/** The wave's hand-over files, the router command on them, and the files gone again afterwards. */
async function runWave(
  config: RollingRotationConfig,
  { core, stop, files, livePsks }: RollingContext,
  wave: number,
  waves: number,
  rotated: TunnelResult[],
  handed: TunnelResult[],
): Promise<RouterCommandOutcome> {
  const live = livePsks.toRecord()
  const wavePsks: Record<string, string> = {}
  for (const { id } of handed) if (live[id] !== undefined) wavePsks[id] = live[id]
  const written = writeWaveFiles(files, wave, rotated, wavePsks)
  core.info(
    `Running router-command for wave ${wave} of ${waves} (${handed.length} tunnel${handed.length === 1 ? '' : 's'}, within router-timeout ${Math.round(config.rolling.commandTimeoutMs / 1000)} s):`,
  )
  try {
    return await runRouterCommand({
      script: config.rolling.command,
      env: { ...written.env, WAVE: String(wave), WAVES: String(waves) },
      baseEnv: process.env,
      reportPath: written.reportPath,
      cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
      timeoutMs: config.rolling.commandTimeoutMs,
      stop,
      logger: core,
    })
  } finally {
    written.remove()
  }
}

/**
 * What the router command said of each tunnel it was given. Only an exit of 0 can confirm a
 * tunnel, and `ROUTER_REPORT` only takes tunnels away: each tunnel it names (by ID or name), and
 * every tunnel of a router it names, failed. A report the action cannot read, or that names what
 * is no tunnel or router of this wave (a typo may hide one that failed), fails the whole wave, as
 * does any other exit, a time-out or a cancel. Returns the tunnels to verify.
 */
function applyRouterOutcome(
  outcome: RouterCommandOutcome,
  handed: TunnelResult[],
  results: Map<string, TunnelResult>,
  routerOf: (tunnel: { id: string }) => string,
  core: Logger,
): TunnelResult[] {
  const fail = (result: TunnelResult, why: string) =>
    results.set(result.id, { ...result, status: 'failed', error: `${why}${storedNote(result)}` })
  const failAll = (why: string) => {
    for (const result of handed) fail(result, why)
    return []
  }
  if (outcome.stoppedBy === 'cancel') {
    return failAll('The run was cancelled while router-command ran, so whether its router took the new PSK is unknown.')
  }
  if (outcome.stoppedBy === 'router-timeout') {
    return failAll(
      'router-command did not finish within router-timeout and was stopped, so whether its router took the new PSK is unknown.',
    )
  }
  if (outcome.reportProblem !== null) return failAll(`${outcome.reportProblem}, so no tunnel of this wave is known to be on its new PSK.`)
  const named = new Set(outcome.reported ?? [])
  const matches = (line: string) => handed.some((result) => result.id === line || result.name === line || routerOf(result) === line)
  const unknown = [...named].filter((line) => !matches(line))
  if (unknown.length > 0) {
    const lines = `${unknown
      .slice(0, 5)
      .map((line) => `'${outside(line, 80)}'`)
      .join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`
    core.warning(`ROUTER_REPORT names what is no tunnel or router of this wave: ${lines}.`)
    return failAll(`ROUTER_REPORT names what is no tunnel or router of this wave (${lines}), so which routers took their keys is unknown.`)
  }
  const reported = (result: TunnelResult) => named.has(result.id) || named.has(result.name) || named.has(routerOf(result))
  if (outcome.exitCode !== 0) {
    const ended = outcome.signal ? `was ended by ${outcome.signal}` : `exited with status ${outcome.exitCode}`
    for (const result of handed) {
      fail(
        result,
        reported(result)
          ? 'router-command reported that its router did not take the new PSK.'
          : `router-command ${ended}${outcome.reported === null ? ' and wrote no ROUTER_REPORT' : ''}, so no tunnel of this wave is known to be on its new PSK.`,
      )
    }
    return []
  }
  const taken: TunnelResult[] = []
  for (const result of handed) {
    if (reported(result)) fail(result, 'router-command reported that its router did not take the new PSK.')
    else taken.push(result)
  }
  return taken
}

/** Why a rotated tunnel ends its wave unconfirmed. */
function unconfirmed(broken: unknown, cancelledBy: NodeJS.Signals | null): string {
  if (broken !== null)
    return `The wave could not be finished (${describeError(broken)}), so nothing confirmed that its router took the new PSK.`
  if (cancelledBy) return `The run was cancelled (${cancelledBy}) before its router was confirmed on the new PSK.`
  return 'Nothing confirmed that its router took the new PSK.'
}

/** Where the live PSK of a tunnel that needs attention is: the user will look for it. */
function storedNote(result: TunnelResult): string {
  if (result.status === 'failed') return ` ${result.error ?? ''}`
  return result.secretName
    ? ` The new PSK is live on Cloudflare and stored in ${result.secretName}, and is in this step's psks output (masked).`
    : " The new PSK is live on Cloudflare and is in this step's psks output (masked)."
}

interface WaveHealth {
  source: HealthSource
  budget: QueryBudget
  stop: AbortSignal
  core: Logger
}

/** Cloudflare's health checks of the wave's tunnels, from the end of the router command: each gets its verdict. */
async function verifyWave(
  taken: TunnelResult[],
  from: number,
  config: RollingRotationConfig,
  { source, budget, stop, core }: WaveHealth,
  results: Map<string, TunnelResult>,
  tunnels: ReadonlyMap<string, Tunnel>,
): Promise<void> {
  const wave = taken.flatMap((result) => tunnels.get(result.id) ?? [])
  let verdicts
  try {
    verdicts = await verifyTunnels(wave, {
      query: (names, start, end) => queryTunnelHealth(source, names, start, end),
      limit: PAGE_LIMIT,
      startedAt: from,
      settleMs: config.rolling.verifySettleMs,
      timeoutMs: config.rolling.verifyTimeoutMs,
      budget: GRAPHQL_BUDGET,
      budgetAccount: budget,
      stop,
      sleep: (ms) => sleepUnlessStopped(ms, stop),
      logger: core,
    })
  } catch (error) {
    const why = stop.aborted ? 'the run was cancelled while waiting for its health checks' : describeError(error)
    verdicts = wave.map((tunnel) => ({ tunnel, status: 'no-data' as const, reason: why, at: Date.now() }))
  }
  for (const { tunnel, status, reason, at } of verdicts) {
    const result = results.get(tunnel.id)
    if (!result) continue
    const carried = status === 'up' || status === 'healthy'
    const verdict = `${status} at ${new Date(at).toISOString()} (${Math.round((at - from) / 1000)} s after the router step)`
    core.info(`Tunnel ${outside(tunnel.name, 100)} (${tunnel.id}) is ${verdict}: ${reason}`)
    results.set(tunnel.id, {
      ...result,
      verdict: status,
      ...(carried || result.status === 'failed'
        ? {}
        : {
            status: 'failed' as const,
            error: `Cloudflare's health checks read it ${status} after the router step: ${reason}${storedNote(result)}`,
          }),
    })
  }
}

/**
 * One GraphQL query before anything rotates: a token that cannot read tunnel health would let
 * the first wave rotate with no way to confirm it.
 */
async function checkHealthAccess(source: HealthSource, name: string): Promise<void> {
  const now = Date.now()
  try {
    await queryTunnelHealth(source, [name], new Date(now - 60_000), new Date(now))
  } catch (error) {
    if (error instanceof HealthPermissionError) throw new ActionError(`${error.message} ${NOTHING_ROTATED}`)
    // A busy or flaky API now may answer later; each wave waits for it within verify-timeout.
  }
}

function sleepUnlessStopped(ms: number, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      stop.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    stop.addEventListener('abort', done, { once: true })
  })
}
