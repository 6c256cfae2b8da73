import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { bounded, neutralizeLine } from './log-text.js'
import type { Logger } from './logger.js'

/** How a run of `router-command` ended. */
export interface RouterCommandOutcome {
  /** The exit status; null when a signal ended the command. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** What stopped the command before it ended by itself, if anything. */
  stoppedBy: 'router-timeout' | 'cancel' | null
  /** The lines of `ROUTER_REPORT` (blank ones dropped); null when the command wrote none. */
  reported: string[] | null
  durationMs: number
}

export interface RouterCommandOptions {
  script: string
  /** The variables of this wave, on top of `baseEnv`. */
  env: Record<string, string>
  /** The step's environment, as the action received it: what the runner keeps for itself is removed. */
  baseEnv: NodeJS.ProcessEnv
  /** Where `ROUTER_REPORT` is to be written (the command's, not the action's). */
  reportPath: string
  cwd: string
  timeoutMs: number
  /** The run's cancel: the command is stopped at once. */
  stop: AbortSignal
  logger: Logger
  /** From SIGTERM to SIGKILL when `router-timeout` ends the command. */
  killAfterMs?: number
  /** From SIGTERM to SIGKILL on a cancel: within the runner's grace period. */
  killOnCancelAfterMs?: number
}

/**
 * Variables the command must not inherit: the action's inputs (`INPUT_API-TOKEN`, the GitHub
 * token), the runner's own tokens, and the step's command files, which belong to the action.
 */
const PRIVATE_VARIABLE =
  /^(INPUT_.*|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL|GITHUB_OUTPUT|GITHUB_ENV|GITHUB_PATH|GITHUB_STATE|GITHUB_STEP_SUMMARY)$/i
/** Lines of output longer than this are cut: one line cannot flood the log. */
const MAX_LINE = 4_000
/** The most lines of one run that reach the log; the rest are counted. */
const MAX_LINES = 5_000
/** `ROUTER_REPORT` is read up to this size: one tunnel a line for a large fleet. */
const MAX_REPORT_BYTES = 1024 * 1024

export function commandEnvironment(baseEnv: NodeJS.ProcessEnv, wave: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(baseEnv)) if (value !== undefined && !PRIVATE_VARIABLE.test(name)) env[name] = value
  return { ...env, ...wave }
}

/**
 * Runs the script as GitHub runs a `run:` step (`bash --noprofile --norc -eo pipefail`) in a
 * process group of its own, so that a time-out or a cancel reaches every process it started:
 * SIGTERM first, SIGKILL if any is left after the grace. Every line it prints reaches the log
 * neutralised (it could print `::` commands or the keys it was given).
 */
export async function runRouterCommand(options: RouterCommandOptions): Promise<RouterCommandOutcome> {
  const started = performance.now()
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', options.script], {
    cwd: options.cwd,
    env: commandEnvironment(options.baseEnv, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let logged = 0
  let dropped = 0
  const log = (line: string) => {
    if (logged >= MAX_LINES) {
      dropped++
      return
    }
    logged++
    options.logger.info(`  │ ${neutralizeLine(bounded(line, MAX_LINE))}`)
  }
  const streams = [child.stdout, child.stderr].map((stream) => {
    const lines = createInterface({ input: stream, crlfDelay: Infinity })
    lines.on('line', log)
    return new Promise<void>((resolve) => lines.once('close', resolve))
  })

  let stoppedBy: RouterCommandOutcome['stoppedBy'] = null
  const timers: NodeJS.Timeout[] = []
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal)
    } catch {
      // The group is gone already.
    }
  }
  const stopCommand = (by: 'router-timeout' | 'cancel', killAfterMs: number) => {
    if (stoppedBy !== null) return
    stoppedBy = by
    signalGroup('SIGTERM')
    timers.push(setTimeout(() => signalGroup('SIGKILL'), killAfterMs))
  }
  const onCancel = () => stopCommand('cancel', options.killOnCancelAfterMs ?? 3_000)
  timers.push(setTimeout(() => stopCommand('router-timeout', options.killAfterMs ?? 5_000), options.timeoutMs))
  if (options.stop.aborted) onCancel()
  else options.stop.addEventListener('abort', onCancel, { once: true })

  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', () => resolve({ code: 127, signal: null }))
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  // Whatever the command left behind in its group goes too: it must not outlive the step's wave.
  signalGroup('SIGKILL')
  for (const timer of timers) clearTimeout(timer)
  options.stop.removeEventListener('abort', onCancel)
  await Promise.all(streams)
  if (dropped > 0) options.logger.info(`  │ … ${dropped} more lines of output not shown.`)
  return {
    exitCode: ended.code,
    signal: ended.signal,
    stoppedBy,
    reported: await readReport(options.reportPath),
    durationMs: performance.now() - started,
  }
}

async function readReport(path: string): Promise<string[] | null> {
  let text: string
  try {
    const content = await readFile(path)
    text = content.subarray(0, MAX_REPORT_BYTES).toString('utf8')
  } catch {
    return null
  }
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.length > 0 ? lines : null
}
