// The outputs as files, and the per-router hand-over, through the bundled action: what a router
// step or an Ansible inventory reads instead of environment variables.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeCloudflare, type FakeTunnelSeed } from './fakes/cloudflare.js'
import { psksOf, resultsOf } from './helpers/outputs.js'
import { runAgainst, type ActionRun } from './helpers/run-action.js'
import { readAsRunner } from './helpers/runner-log.js'

interface RouterEntry {
  router: string
  tunnels: string[]
  psks_file: string
  results_file: string
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function world(tunnels: FakeTunnelSeed[]): Promise<{ cloudflare: FakeCloudflare; runnerTemp: string }> {
  const cloudflare = await FakeCloudflare.start({ tunnels })
  const runnerTemp = await mkdtemp(join(tmpdir(), 'runner-temp-'))
  cleanups.push(
    () => cloudflare.stop(),
    () => rm(runnerTemp, { recursive: true, force: true }),
  )
  return { cloudflare, runnerTemp }
}

const run = ({ cloudflare, runnerTemp }: { cloudflare: FakeCloudflare; runnerTemp: string }, inputs: Record<string, string> = {}) =>
  runAgainst(cloudflare, { stagger: 'none', ...inputs }, { env: { RUNNER_TEMP: runnerTemp }, timeoutMs: 60_000 })

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T
const modeOf = async (path: string) => (await stat(path)).mode & 0o777

async function expectPrivateFile(path: string | undefined, runnerTemp: string): Promise<string> {
  expect(path).toBeDefined()
  const file = path ?? ''
  expect(file.startsWith(`${runnerTemp}/`)).toBe(true)
  expect(await modeOf(file)).toBe(0o600)
  expect(await modeOf(dirname(file))).toBe(0o700)
  return file
}

describe('outputs as files', () => {
  it('psks-file and results-file hold the outputs, private to the runner user, under RUNNER_TEMP', async () => {
    const w = await world([{ name: 'branch_1' }, { name: 'branch_2' }])
    const result = await run(w)

    expect(result.exitCode).toBe(0)
    const psksFile = await expectPrivateFile(result.outputs['psks-file'], w.runnerTemp)
    const resultsFile = await expectPrivateFile(result.outputs['results-file'], w.runnerTemp)
    expect(await readJson(psksFile)).toEqual(psksOf(result))
    expect(await readJson(resultsFile)).toEqual(resultsOf(result))
  })

  it('the per-router hand-over gives each router exactly its own tunnels and PSKs', async () => {
    const w = await world([
      { name: 'berlin_isp1', customerEndpoint: '198.51.100.7' },
      { name: 'berlin_isp2', customerEndpoint: ' 198.51.100.7 ' },
      { name: 'paris', customerEndpoint: '198.51.100.8' },
      { name: 'lonely', customerEndpoint: null, fqdnId: 'lonely.0123456789abcdef0123456789abcdef.custom.ipsec.cloudflare.com' },
    ])
    const result = await run(w)
    expect(result.exitCode).toBe(0)

    const routers = await readJson<RouterEntry[]>(await expectPrivateFile(result.outputs['routers-file'], w.runnerTemp))
    const id = (name: string) => w.cloudflare.tunnel(name).id
    expect(routers.map(({ router, tunnels }) => [router, tunnels])).toEqual([
      ['198.51.100.7', [id('berlin_isp1'), id('berlin_isp2')]],
      ['198.51.100.8', [id('paris')]],
      [`tunnel-${id('lonely')}`, [id('lonely')]],
    ])
    const psks = psksOf(result)
    for (const entry of routers) {
      await expectPrivateFile(entry.psks_file, w.runnerTemp)
      expect(await readJson(entry.psks_file)).toEqual(Object.fromEntries(entry.tunnels.map((tunnel) => [tunnel, psks[tunnel]])))
      const own = await readJson<{ id: string }[]>(await expectPrivateFile(entry.results_file, w.runnerTemp))
      expect(own.map((tunnel) => tunnel.id)).toEqual(entry.tunnels)
    }
    expect(resultsOf(result).find((entry) => entry.name === 'lonely')).toMatchObject({
      fqdn_id: 'lonely.0123456789abcdef0123456789abcdef.custom.ipsec.cloudflare.com',
    })
  })

  it('a failed run still hands over psks-file with every PSK that may be live', async () => {
    const w = await world([{ name: 'branch_1' }, { name: 'branch_2' }])
    w.cloudflare.misbehave.omitFromBulkAnswer.add(w.cloudflare.tunnel('branch_2').id)
    const result = await run(w, { mode: 'set' })

    expect(result.exitCode).toBe(1)
    expect(await readJson(await expectPrivateFile(result.outputs['psks-file'], w.runnerTemp))).toEqual(psksOf(result))
    expect(Object.keys(psksOf(result))).toContain(w.cloudflare.tunnel('branch_2').id)
  })
})

describe('outputs too large for an environment variable', () => {
  it('are warned about in the plan, before anything rotates', async () => {
    const w = await world(Array.from({ length: 600 }, (_, index) => ({ name: `branch-office-${String(index).padStart(4, '0')}` })))
    const result: ActionRun = await run(w, { mode: 'set', 'validate-only': 'true' })

    expect(result.exitCode).toBe(0)
    const warnings = readAsRunner(result.stdout).annotations.filter(({ kind }) => kind === 'warning')
    expect(
      warnings.map(({ message }) => message),
      JSON.stringify(warnings),
    ).toContainEqual(
      expect.stringMatching(/^The results output \(about \d+ KiB\) is larger than the 128 KiB Linux allows one environment variable/),
    )
    const warningLine = result.stdout.split('\n').findIndex((line) => line.includes('larger than the 128 KiB'))
    const firstRequest = result.stdout.split('\n').findIndex((line) => line.includes('validated'))
    expect(warningLine).toBeLessThan(firstRequest)
    expect(Buffer.byteLength(result.outputs.results ?? '')).toBeGreaterThan(128 * 1024)
  })
})
