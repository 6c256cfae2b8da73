import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { commandEnvironment, runRouterCommand, type RouterCommandOptions } from '../src/router-command.js'

const folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

async function run(script: string, options: Partial<RouterCommandOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'router-command-'))
  folders.push(dir)
  const lines: string[] = []
  const outcome = await runRouterCommand({
    script,
    env: { ROUTER_REPORT: join(dir, 'report') },
    baseEnv: { PATH: process.env.PATH },
    reportPath: join(dir, 'report'),
    cwd: dir,
    timeoutMs: 10_000,
    stop: new AbortController().signal,
    logger: { info: (line) => lines.push(line), warning: () => {}, error: () => {}, debug: () => {} },
    ...options,
  })
  return { outcome, lines, dir }
}

describe('commandEnvironment', () => {
  it("keeps the step's variables and drops the action's inputs and the runner's own", () => {
    const env = commandEnvironment(
      {
        PATH: '/bin',
        ROUTER_HOSTS: '{}',
        'INPUT_API-TOKEN': 'secret',
        INPUT_GITHUB_TOKEN: 'ghs',
        ACTIONS_RUNTIME_TOKEN: 'rt',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
        GITHUB_OUTPUT: '/out',
        GITHUB_ENV: '/env',
        GITHUB_STEP_SUMMARY: '/sum',
        GITHUB_WORKSPACE: '/ws',
        UNSET: undefined,
      },
      { WAVE: '1' },
    )
    expect(env).toEqual({ PATH: '/bin', ROUTER_HOSTS: '{}', GITHUB_WORKSPACE: '/ws', WAVE: '1' })
  })
})

describe('runRouterCommand', () => {
  it('runs bash with -e and pipefail in the given folder, and reads the report without blank lines', async () => {
    const { outcome, lines, dir } = await run('pwd\nprintf "t1\\n\\n  t2  \\n" > "$ROUTER_REPORT"\nfalse | true\necho never')
    expect(outcome).toMatchObject({ exitCode: 1, signal: null, stoppedBy: null, reported: ['t1', 't2'] })
    expect(lines).toEqual([`  │ ${dir}`])
  })

  it('neutralises every line of output, cuts long lines and counts what it does not show', async () => {
    const { lines } = await run('echo "::error::forged"\nprintf "x%.0s" $(seq 5000); echo\nfor i in $(seq 5005); do echo $i; done')
    expect(lines[0]).toBe('  │ \u200b::error::forged')
    expect(lines[1]).toMatch(/^ {2}│ x{4000}… \(1000 more characters\)$/)
    expect(lines).toHaveLength(5001)
    expect(lines.at(-1)).toBe('  │ … 7 more lines of output not shown.')
  })

  it('stops the whole process group at router-timeout: SIGTERM, then SIGKILL', async () => {
    const { outcome } = await run('trap "" TERM\nsleep 30', { timeoutMs: 200, killAfterMs: 300 })
    expect(outcome).toMatchObject({ stoppedBy: 'router-timeout', signal: 'SIGKILL', reported: null })
    expect(outcome.durationMs).toBeLessThan(10_000)
  })

  it('stops at once on a cancel, also one that came before the start', async () => {
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 100)
    const { outcome } = await run('sleep 30', { stop: stop.signal })
    expect(outcome).toMatchObject({ stoppedBy: 'cancel', signal: 'SIGTERM' })
    const aborted = new AbortController()
    aborted.abort()
    expect((await run('sleep 30', { stop: aborted.signal })).outcome.stoppedBy).toBe('cancel')
  })

  it('an empty report is no report', async () => {
    const { outcome } = await run(': > "$ROUTER_REPORT"; exit 4')
    expect(outcome).toMatchObject({ exitCode: 4, reported: null })
  })

  it('a child that left the process group and holds the output does not hold the wave', async () => {
    const { outcome, dir } = await run('setsid sleep 20 & echo $! > escaped.pid; echo started')
    const escaped = Number(await readFile(join(dir, 'escaped.pid'), 'utf8'))
    try {
      expect(outcome.exitCode).toBe(0)
      expect(outcome.durationMs).toBeLessThan(10_000)
    } finally {
      process.kill(escaped, 'SIGKILL')
    }
  })
})
