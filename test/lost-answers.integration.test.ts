// A PSK that may have gone live must never be reported as unchanged or dropped from `psks`.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { psksOf, resultsOf } from './helpers/outputs.js'
import { stopAndCheckAfterEach } from './helpers/fake-checks.js'
import { DEFAULT_ENTRY, assertMaskedBeforeUse, parseGithubOutputFile, runAction } from './helpers/run-action.js'

let cloudflare: FakeCloudflare

beforeEach(async () => {
  cloudflare = await FakeCloudflare.start({
    tunnels: ['branch_1', 'branch_2', 'branch_3'].map((name) => ({ name, lastGeneratedOn: '2025-01-01T00:00:00Z' })),
  })
})
stopAndCheckAfterEach(() => [cloudflare])

const inputs = (extra: Record<string, string>) => ({
  'account-id': cloudflare.accountId,
  'api-token': DEFAULT_API_TOKEN,
  'api-base-url': cloudflare.baseUrl,
  ...extra,
})
const run = (extra: Record<string, string>) => runAction({ inputs: inputs(extra) })

describe('answers that were lost', () => {
  it('set mode keeps a PSK that may be live when a lost answer is followed by a refusal', async () => {
    cloudflare.inject({ method: 'POST', path: /\/psk$/ }, { kind: 'reset-after-apply' })
    cloudflare.inject({ method: 'POST', path: /\/psk$/ }, { kind: 'status', status: 429, retryAfter: '600' })
    const result = await run({ mode: 'set', 'tunnel-ids': 'all' })

    expect(result.exitCode).toBe(1)
    const psks = psksOf(result)
    for (const tunnel of cloudflare.tunnels) {
      expect(tunnel.pskHistory).toHaveLength(2)
      expect(psks[tunnel.id]).toBe(tunnel.psk)
    }
    expect(resultsOf(result)[0]?.error).toMatch(/HTTP 429.*The PSK may be live on Cloudflare: it is in this step's psks output/)
    expect(result.stdout).toMatch(/The live PSKs of branch_1, branch_2, branch_3 are stored nowhere but this step's psks output/)
  })

  it('generate mode re-reads the tunnel when a lost answer is followed by a refusal', async () => {
    const tunnel = cloudflare.tunnel('branch_1')
    cloudflare.inject({ method: 'POST', path: /psk_generate$/ }, { kind: 'reset-after-apply' })
    cloudflare.inject({ method: 'POST', path: /psk_generate$/ }, { kind: 'status', status: 429, retryAfter: '600' })
    const result = await run({ 'tunnel-names': 'branch_1' })

    expect(result.exitCode).toBe(1)
    expect(tunnel.pskHistory).toHaveLength(2)
    expect(resultsOf(result)[0]?.error).toMatch(/HTTP 429.*Cloudflare shows a new PSK generated at .*Re-run to rotate this tunnel again\./)
  })

  it('set mode keeps a PSK Cloudflare applied but left out of its answer', async () => {
    const omitted = cloudflare.tunnel('branch_2')
    cloudflare.misbehave.omitFromBulkAnswer.add(omitted.id)
    const result = await run({ mode: 'set', 'tunnel-ids': 'all' })

    expect(result.exitCode).toBe(1)
    expect(psksOf(result)[omitted.id]).toBe(omitted.psk)
    expect(resultsOf(result).find((entry) => entry.id === omitted.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/neither applied nor unapplied, so the new PSK may be live: it is in this step's psks output/),
    })
  })

  it.each(['generate', 'set'])('%s mode: a validate-only call that Cloudflare applied anyway is reported, with its PSK', async (mode) => {
    cloudflare.misbehave.ignoreValidateOnly = true
    const result = await run({ mode, 'tunnel-ids': 'all', 'validate-only': 'true' })

    expect(result.exitCode).toBe(1)
    const psks = psksOf(result)
    for (const tunnel of cloudflare.tunnels) {
      expect(tunnel.pskHistory).toHaveLength(2)
      expect(psks[tunnel.id]).toBe(tunnel.psk)
    }
    expect(resultsOf(result).map((entry) => entry.status)).toEqual(['failed', 'failed', 'failed'])
    expect(resultsOf(result)[0]?.error).toMatch(/Cloudflare ignored validate_only and replaced this tunnel's PSK/)
    assertMaskedBeforeUse(result.stdout, Object.values(psks))
  })

  it('a validate-only run that changed nothing makes one extra listing to be sure', async () => {
    const result = await run({ 'tunnel-ids': 'all', 'validate-only': 'true' })
    expect(result.exitCode).toBe(0)
    expect(cloudflare.requests.filter((request) => request.method === 'GET')).toHaveLength(2)
  })
})

describe('a run stopped midway', () => {
  it('writes the PSKs already live to the psks output when the runner sends SIGTERM', async () => {
    await cloudflare.stop()
    cloudflare = await FakeCloudflare.start({ latencyMs: 150, tunnels: Array.from({ length: 20 }, (_, i) => ({ name: `site_${i}` })) })
    const dir = await mkdtemp(join(tmpdir(), 'sigterm-'))
    const outputFile = join(dir, 'output')
    await writeFile(outputFile, '')
    try {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      }
      for (const [name, value] of Object.entries(inputs({ 'tunnel-ids': 'all', concurrency: '1' })))
        env[`INPUT_${name.toUpperCase()}`] = value
      const child = spawn(process.execPath, [DEFAULT_ENTRY], { env })
      let stdout = ''
      let killed = false
      child.stdout.on('data', (data: Buffer) => {
        stdout += data.toString()
        if (!killed && /\[\s*3\/20\] rotated/.test(stdout)) killed = child.kill('SIGTERM')
      })
      const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve))

      expect(exitCode).toBe(1)
      const rotated = cloudflare.tunnels.filter((tunnel) => tunnel.pskHistory.length > 1)
      expect(rotated.length).toBeGreaterThanOrEqual(3)
      expect(rotated.length).toBeLessThan(20)
      const psks = JSON.parse(parseGithubOutputFile(await readFile(outputFile, 'utf8')).psks ?? 'null') as Record<string, string>
      expect(psks).toEqual(Object.fromEntries(rotated.map((tunnel) => [tunnel.id, tunnel.psk])))
      expect(stdout).toMatch(/::error::Cancelled by SIGTERM\. \d+ of 20 tunnels failed: /)
      expect(stdout).toContain('Not rotated: the run was cancelled first, so its previous PSK is still live.')
      assertMaskedBeforeUse(stdout, Object.values(psks))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the job summary', () => {
  it('a summary that cannot be written is a warning, not a failure', async () => {
    const result = await runAction({ inputs: inputs({ 'tunnel-ids': 'all' }), env: { GITHUB_STEP_SUMMARY: '' } })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/::warning::Could not write the job summary: /)
    expect(Object.keys(psksOf(result))).toHaveLength(3)
  })
})
