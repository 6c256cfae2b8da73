import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertMaskedBeforeUse, parseGithubOutputFile, runAction } from './run-action.js'

describe('parseGithubOutputFile', () => {
  it('reads name=value lines, keeping any further = in the value', () => {
    expect(parseGithubOutputFile('rotated=3\nquery=a=b\n')).toEqual({ rotated: '3', query: 'a=b' })
  })

  it('reads the heredoc form @actions/core writes, including multi-line values', () => {
    const text = [
      'report<<ghadelimiter_0b1f',
      'line one',
      '',
      'line=three',
      'ghadelimiter_0b1f',
      'empty<<EOF',
      'EOF',
      'status=ok',
      '',
    ].join('\n')

    expect(parseGithubOutputFile(text)).toEqual({ report: 'line one\n\nline=three', empty: '', status: 'ok' })
  })

  it('accepts CRLF line endings and lets later values win', () => {
    expect(parseGithubOutputFile('a=1\r\nb<<X\r\nv\r\nX\r\na=2\r\n')).toEqual({ a: '2', b: 'v' })
  })

  it('rejects an unterminated heredoc and lines of neither form', () => {
    expect(() => parseGithubOutputFile('a<<EOF\nvalue\n')).toThrow(/missing closing delimiter/)
    expect(() => parseGithubOutputFile('just text\n')).toThrow(/line 1/)
  })
})

describe('assertMaskedBeforeUse', () => {
  const secret = 'O3bwKSjnaoCxDoUxjcq4Rk8ZKkezQUiy'
  const other = 'Zm9vYmFyYmF6cXV4cXV1eHh4eHh4eHh4'

  function leakMessage(stdout: string, secrets: string[]): string {
    try {
      assertMaskedBeforeUse(stdout, secrets)
    } catch (error) {
      return (error as Error).message
    }
    throw new Error('expected assertMaskedBeforeUse to throw')
  }

  it('passes when each secret is masked before it is printed', () => {
    const stdout = `starting\n::add-mask::${secret}\nusing ${secret}\n::add-mask::${other}\n`
    expect(() => assertMaskedBeforeUse(stdout, [secret, other])).not.toThrow()
  })

  it('passes for a masked secret that is never printed, and for one neither masked nor printed', () => {
    expect(() => assertMaskedBeforeUse(`::add-mask::${secret}\ndone\n`, [secret, other])).not.toThrow()
  })

  it('fails when a secret is printed before its mask, naming index and line but not the secret', () => {
    const message = leakMessage(`::add-mask::${other}\nkey ${secret}\n::add-mask::${secret}\n`, [other, secret])

    expect(message).toBe('Secret #1 appears on stdout line 2 before its ::add-mask:: on line 3')
    expect(message).not.toContain(secret)
  })

  it('fails when a secret is printed and never masked', () => {
    const message = leakMessage(`::add-mask::x${secret}\n${secret}\n`, [secret])

    expect(message).toBe('Secret #0 appears on stdout line 1 and is never masked')
    expect(message).not.toContain(secret)
  })
})

describe('runAction', () => {
  let dir: string
  let entry: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-action-test-'))
    entry = join(dir, 'action.mjs')
    await writeFile(entry, FAKE_ACTION)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('passes inputs and runner variables in a clean env and collects outputs and summary', async () => {
    const run = await runAction({
      entry,
      inputs: { 'account-id': 'acc-123', 'tunnel names': 'a\nb' },
      env: { GITHUB_API_URL: 'http://127.0.0.1:1234', EXIT_CODE: '3' },
    })

    expect(run.exitCode).toBe(3)
    expect(run.stderr).toBe('to stderr\n')
    expect(run.outputs).toEqual({ account: 'acc-123', names: 'a\nb' })
    expect(run.summary).toBe('## Rotated acc-123\n')
    expect(run.durationMs).toBeGreaterThan(0)
    const seen = JSON.parse(run.stdout) as { env: Record<string, string>; outputFile: string }
    expect(Object.keys(seen.env).sort()).toEqual([
      'EXIT_CODE',
      'GITHUB_ACTIONS',
      'GITHUB_API_URL',
      'GITHUB_OUTPUT',
      'GITHUB_REPOSITORY',
      'GITHUB_REPOSITORY_OWNER',
      'GITHUB_STEP_SUMMARY',
      'HOME',
      'INPUT_ACCOUNT-ID',
      'INPUT_TUNNEL_NAMES',
      'PATH',
      'RUNNER_TEMP',
    ])
    expect(seen.env).toMatchObject({
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: 'http://127.0.0.1:1234',
      GITHUB_REPOSITORY: 'octo-org/network',
      GITHUB_REPOSITORY_OWNER: 'octo-org',
    })
    expect(existsSync(seen.outputFile)).toBe(false)
  })

  it.runIf(process.platform === 'linux' && existsSync('/usr/bin/time'))('reports the peak RSS of the action', async () => {
    const run = await runAction({ entry, inputs: {} })

    expect(run.exitCode).toBe(0)
    expect(run.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024)
  })

  it('kills an action that outlives its timeout and rejects', async () => {
    await expect(runAction({ entry, inputs: {}, env: { HANG: '1' }, timeoutMs: 300 })).rejects.toThrow(
      /did not exit within 300 ms and was killed/,
    )
  })
})

const FAKE_ACTION = `
import { appendFileSync } from 'node:fs'
if (process.env.HANG) setInterval(() => {}, 1000)
else {
  const env = process.env
  appendFileSync(env.GITHUB_OUTPUT, 'account=' + (env['INPUT_ACCOUNT-ID'] ?? '') + '\\n')
  appendFileSync(env.GITHUB_OUTPUT, 'names<<EOF_1\\n' + (env.INPUT_TUNNEL_NAMES ?? '') + '\\nEOF_1\\n')
  appendFileSync(env.GITHUB_STEP_SUMMARY, '## Rotated ' + (env['INPUT_ACCOUNT-ID'] ?? '') + '\\n')
  console.log(JSON.stringify({ env, outputFile: env.GITHUB_OUTPUT }))
  console.error('to stderr')
  process.exitCode = Number(env.EXIT_CODE ?? 0)
}
`
