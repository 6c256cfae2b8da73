// Runs the bundled action as a GitHub runner would: a separate node process with a clean
// environment, inputs as INPUT_* variables and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_API_TOKEN } from '../fakes/cloudflare.js'

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  durationMs: number
  peakRssBytes?: number
}

export interface RunActionOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  entry?: string
  timeoutMs?: number
  /** Sends `signal` to the action (as the runner does on a cancel) once its stdout matches `when`. */
  cancel?: { when: RegExp; signal?: NodeJS.Signals }
}

/** The bundle under test: the fresh build of src/ that the test setup makes, else the committed dist/. */
export const DEFAULT_ENTRY = process.env.ACTION_ENTRY ?? fileURLToPath(new URL('../../dist/index.js', import.meta.url))
const DEFAULT_TIMEOUT_MS = 20_000
// GNU time reports the child's peak resident set size (ru_maxrss, in KiB) when it exits.
const GNU_TIME = '/usr/bin/time'

interface RunFiles {
  dir: string
  output: string
  summary: string
  runnerTemp: string
  rss: string
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const files = await createRunFiles()
  try {
    const env = { ...actionEnv(options.inputs, files), ...options.env }
    const entry = options.entry ?? DEFAULT_ENTRY
    const measureRss = process.platform === 'linux' && existsSync(GNU_TIME)
    const command = measureRss ? [GNU_TIME, '-f', '%M', '-o', files.rss, process.execPath, entry] : [process.execPath, entry]
    const started = performance.now()
    const result = await spawnAndCapture(command, {
      env,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      label: entry,
      cancel: options.cancel,
    })
    return {
      ...result,
      durationMs: performance.now() - started,
      outputs: parseGithubOutputFile(await readFile(files.output, 'utf8')),
      summary: await readFile(files.summary, 'utf8'),
      peakRssBytes: measureRss ? await readPeakRss(files.rss) : undefined,
    }
  } finally {
    await rm(files.dir, { recursive: true, force: true })
  }
}

async function createRunFiles(): Promise<RunFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'run-action-'))
  const files = {
    dir,
    output: join(dir, 'github_output'),
    summary: join(dir, 'step_summary'),
    runnerTemp: join(dir, 'runner_temp'),
    rss: join(dir, 'peak_rss'),
  }
  await Promise.all([writeFile(files.output, ''), writeFile(files.summary, ''), mkdir(files.runnerTemp)])
  return files
}

function actionEnv(inputs: Record<string, string>, files: RunFiles): Record<string, string> {
  const inputEnv = Object.entries(inputs).map(([name, value]) => [inputEnvName(name), value])
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? files.dir,
    ...Object.fromEntries(inputEnv),
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: files.runnerTemp,
    GITHUB_REPOSITORY: 'octo-org/network',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_API_URL: 'http://127.0.0.1:9',
  }
}

/** The variable @actions/core's getInput reads: spaces become `_`, hyphens are kept. */
function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

function spawnAndCapture(
  [file, ...args]: string[],
  { env, timeoutMs, label, cancel }: { env: Record<string, string>; timeoutMs: number; label: string; cancel?: RunActionOptions['cancel'] },
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so a timeout also kills node when it runs under GNU time.
    const child = spawn(file!, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let cancelled = false
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      if (cancel && !cancelled && cancel.when.test(Buffer.concat(stdout).toString('utf8'))) {
        cancelled = true
        signalAction(child.pid, cancel.signal ?? 'SIGINT')
      }
    })
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      killTree(child.pid)
    }, timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) {
        reject(new Error(`Action ${label} did not exit within ${timeoutMs} ms and was killed`))
        return
      }
      const exitCode = code ?? 128 + (signal ? signalNumber(signal) : 0)
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') })
    })
  })
}

/** The action itself, not GNU time wrapping it: the runner signals the node process. */
function signalAction(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return
  try {
    // The group holds GNU time and node; GNU time ignores SIGINT while it waits, node receives it.
    process.kill(-pid, signal)
  } catch {
    // Already gone.
  }
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0
}

async function readPeakRss(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '')
  // When the child dies from a signal, GNU time writes a "Command terminated by signal" line first.
  const kib = Number.parseInt(text.trim().split('\n').at(-1) ?? '', 10)
  return Number.isFinite(kib) ? kib * 1024 : undefined
}

/**
 * Throws if a secret is printed before the `::add-mask::` command that masks it (or is printed and
 * never masked). The error names the secret by index and the line by number, never the secret itself.
 */
export function assertMaskedBeforeUse(stdout: string, secrets: string[]): void {
  const lines = stdout.split(/\r?\n/)
  secrets.forEach((secret, index) => {
    if (secret === '') throw new Error(`Secret #${index} is empty and cannot be checked`)
    const maskLine = lines.indexOf(`::add-mask::${escapeCommandData(secret)}`)
    const checkedLines = maskLine === -1 ? lines : lines.slice(0, maskLine)
    const leak = checkedLines.findIndex((line) => line.includes(secret))
    if (leak === -1) return
    const where = maskLine === -1 ? 'and is never masked' : `before its ::add-mask:: on line ${maskLine + 1}`
    throw new Error(`Secret #${index} appears on stdout line ${leak + 1} ${where}`)
  })
}

/** Mirrors @actions/core's escaping of workflow command data. */
function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Parses a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` heredocs, later names win. */
export function parseGithubOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '') continue
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (heredoc !== -1 && (equals === -1 || heredoc < equals)) {
      const delimiter = line.slice(heredoc + 2)
      const end = lines.indexOf(delimiter, i + 1)
      if (end === -1) throw new Error(`GITHUB_OUTPUT line ${i + 1}: missing closing delimiter for a heredoc`)
      outputs[line.slice(0, heredoc)] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (equals !== -1) {
      outputs[line.slice(0, equals)] = line.slice(equals + 1)
    } else {
      throw new Error(`GITHUB_OUTPUT line ${i + 1}: expected name=value or name<<DELIMITER`)
    }
  }
  return outputs
}

/** The action against a fake Cloudflare API: its account, the default token, its URL and every tunnel, then `inputs`. */
export function runAgainst(
  cloudflare: { accountId: string; baseUrl: string },
  inputs: Record<string, string>,
  options: Omit<RunActionOptions, 'inputs'> = {},
): Promise<ActionRun> {
  return runAction({
    ...options,
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'tunnel-ids': 'all',
      ...inputs,
    },
  })
}
