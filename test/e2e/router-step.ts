// Runs a router step (examples/strongswan/apply-psks.sh, or the README's workflow step) as a child
// process and watches it for leaks while it runs: every command it starts through PATH is a shim
// that records its argv and environment first, and /proc is swept for the whole process tree
// besides, for anything started another way.
import { execFileSync, spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const APPLY_PSKS = fileURLToPath(new URL('../../examples/strongswan/apply-psks.sh', import.meta.url))
// Every command the router steps start by name.
const WATCHED = ['jq', 'swanctl', 'od', 'tr', 'sed', 'awk', 'grep', 'sort', 'tail', 'head', 'cat', 'mktemp', 'mv', 'cp', 'rm'].concat([
  'rmdir',
  'mkdir',
  'sleep',
  'env',
  'ssh',
  'sudo',
  'bash',
  'sh',
  'apply-psks.sh',
])
const SWEEP_MS = 5
const STEP_TIMEOUT_MS = 120_000

export interface StepRun {
  code: number
  stdout: string
  stderr: string
  /** How many process starts the shims recorded (argv and environment each). */
  recordedStarts: number
  /** Each process whose argv or environment held a secret, as "pid comm: argv|environ #index". */
  leaks: string[]
}

export interface StepOptions {
  /** argv of the step: ['bash', APPLY_PSKS] or ['bash', '-e', readmeStepFile]. */
  command: string[]
  env: Record<string, string>
  /** PSKs that must appear in no argv, environment or output line, raw or as hex. */
  secrets: string[]
  /** Commands to put first on PATH, by name: a stand-in `ssh`, `sudo`, `apply-psks.sh`. */
  fakes?: Record<string, string>
  stdin?: string
}

export async function runRouterStep(options: StepOptions): Promise<StepRun> {
  const dir = await mkdtemp(join(tmpdir(), 'router-step-'))
  try {
    const fakes = join(dir, 'fakes')
    const shims = join(dir, 'shims')
    const record = join(dir, 'starts')
    await mkdir(fakes)
    await mkdir(shims)
    for (const [name, body] of Object.entries(options.fakes ?? {})) {
      await writeFile(join(fakes, name), body)
      await chmod(join(fakes, name), 0o755)
    }
    const path = `${fakes}:${process.env.PATH ?? ''}`
    const cat = execFileSync('sh', ['-c', 'command -v cat'], { encoding: 'utf8' }).trim()
    for (const name of WATCHED) {
      const real = resolve(name, path)
      if (!real) continue
      const shim = `#!/bin/sh\n${cat} /proc/$$/cmdline /proc/$$/environ >>'${record}'\nprintf '\\n\\0' >>'${record}'\nexec '${real}' "$@"\n`
      await writeFile(join(shims, name), shim)
      await chmod(join(shims, name), 0o755)
    }
    const env = { ...options.env, PATH: `${shims}:${path}` }
    const secrets = options.secrets.flatMap((psk) => [psk, Buffer.from(psk, 'utf8').toString('hex')])
    const result = await watch(options.command, env, secrets, options.stdin)
    const starts = await readFile(record).catch(() => Buffer.alloc(0))
    const records = starts
      .toString('utf8')
      .split('\n\0')
      .filter((entry) => entry !== '')
    records.forEach((entry, index) => {
      secrets.forEach((secret, s) => {
        if (entry.includes(secret)) result.leaks.push(`recorded start ${index}: #${s >> 1}`)
      })
    })
    return { ...result, recordedStarts: records.length }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function resolve(name: string, path: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v "$0"`, name], { encoding: 'utf8', env: { PATH: path } }).trim() || null
  } catch {
    return null
  }
}

async function watch(
  command: string[],
  env: Record<string, string>,
  secrets: string[],
  stdin?: string,
): Promise<Omit<StepRun, 'recordedStarts'>> {
  const [file, ...args] = command
  const child = spawn(file!, args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  child.stdin.end(stdin ?? '')
  const leaks = new Set<string>()
  let running = true
  const exited = new Promise<number>((resolveExit, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS)
    child.once('error', reject)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      running = false
      resolveExit(code ?? (signal ? 128 : 1))
    })
  })
  const sweeps = (async () => {
    while (running && child.pid !== undefined) {
      for (const leak of await sweep(child.pid, secrets)) leaks.add(leak)
      await new Promise((resolveSleep) => setTimeout(resolveSleep, SWEEP_MS))
    }
  })()
  const code = await exited
  await sweeps
  return { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), leaks: [...leaks] }
}

/** The process tree under `root` now, and which of its members hold a secret in argv or environment. */
async function sweep(root: number, secrets: string[]): Promise<string[]> {
  const parents = new Map<number, number>()
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    if (Number.isFinite(ppid)) parents.set(Number(entry), ppid)
  }
  const tree = new Set([root])
  for (let grew = true; grew;) {
    grew = false
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid)
        grew = true
      }
    }
  }
  const found: string[] = []
  for (const pid of tree) {
    for (const part of ['cmdline', 'environ']) {
      const text = await readFile(`/proc/${pid}/${part}`, 'utf8').catch(() => '')
      secrets.forEach((secret, index) => {
        if (text.includes(secret)) found.push(`pid ${pid} ${part}: #${index >> 1}`)
      })
    }
  }
  return found
}

/** The action's `psks-file`, `results-file` and per-router `routers-file`. */
export interface HandOver {
  psksFile: string
  resultsFile: string
  routersFile: string
}
