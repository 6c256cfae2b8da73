import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { describeError } from './errors.js'
import { neutralizeLine } from './log-text.js'
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
  /** Why `ROUTER_REPORT` exists but could not be read as a report (not a regular file, say); null when it could. */
  reportProblem: string | null
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
/** How long output may still come once the command has exited. */
const OUTPUT_AFTER_EXIT_MS = 2_000
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
 * neutralised (it could print `::` commands or the keys it was given), cut to MAX_LINE: the
 * action never holds more than one cut line of it.
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
  const log = (line: string, cut: number) => {
    if (logged >= MAX_LINES) {
      dropped++
      return
    }
    logged++
    options.logger.info(`  │ ${neutralizeLine(line)}${cut > 0 ? `… (${cut} more characters)` : ''}`)
  }
  const outputs = [child.stdout, child.stderr]
  const streams = outputs.map((stream) => logLines(stream, log))

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
  // A process that left the group (setsid) may hold the output open: it does not hold the wave.
  let leftOpen: NodeJS.Timeout | undefined
  const closed = await Promise.race([
    Promise.all(streams).then(() => true),
    new Promise<boolean>((resolve) => {
      leftOpen = setTimeout(() => resolve(false), OUTPUT_AFTER_EXIT_MS)
    }),
  ])
  clearTimeout(leftOpen)
  if (!closed) {
    for (const stream of outputs) stream.destroy()
    options.logger.warning(
      'router-command exited, but a process it started outside its process group (setsid, a daemon) still holds its output: that output is not shown, and the process is not stopped by this action.',
    )
  }
  if (dropped > 0) options.logger.info(`  │ … ${dropped} more lines of output not shown.`)
  const report = await readReport(options.reportPath)
  return {
    exitCode: ended.code,
    signal: ended.signal,
    stoppedBy,
    ...report,
    durationMs: performance.now() - started,
  }
}

/**
 * Splits a stream into lines as it comes, keeping at most MAX_LINE characters of the line in
 * progress: a command that prints gigabytes without a newline costs nothing but the log line.
 */
function logLines(stream: Readable, log: (line: string, cut: number) => void): Promise<void> {
  stream.setEncoding('utf8')
  let line = ''
  let cut = 0
  const add = (text: string) => {
    const room = MAX_LINE - line.length
    if (room > 0) line += text.slice(0, room)
    cut += Math.max(0, text.length - Math.max(room, 0))
  }
  return new Promise((resolve) => {
    stream.on('data', (chunk: string) => {
      const parts = chunk.split('\n')
      const last = parts.pop() ?? ''
      for (const part of parts) {
        add(part.replace(/\r$/, ''))
        log(line, cut)
        line = ''
        cut = 0
      }
      add(last)
    })
    stream.once('close', () => {
      if (line || cut) log(line, cut)
      resolve()
    })
  })
}

/**
 * `ROUTER_REPORT`, read as a regular file of at most MAX_REPORT_BYTES, never followed through a
 * link and never waited on (a FIFO or a device is no report, and says so).
 */
async function readReport(path: string): Promise<Pick<RouterCommandOutcome, 'reported' | 'reportProblem'>> {
  let file
  try {
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { reported: null, reportProblem: null }
    return { reported: null, reportProblem: `ROUTER_REPORT could not be opened (${describeError(error)})` }
  }
  try {
    if (!(await file.stat()).isFile()) return { reported: null, reportProblem: 'ROUTER_REPORT is not a regular file' }
    const buffer = Buffer.alloc(MAX_REPORT_BYTES)
    const { bytesRead } = await file.read(buffer, 0, MAX_REPORT_BYTES, 0)
    const lines = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
    return { reported: lines.length > 0 ? lines : null, reportProblem: null }
  } catch (error) {
    return { reported: null, reportProblem: `ROUTER_REPORT could not be read (${describeError(error)})` }
  } finally {
    await file.close()
  }
}
