// A rolling rotation (router-command) through the bundled action, run as a runner does, against
// the fake Cloudflare with its documented health model (durations scaled down 600 times) and
// simulated routers that authenticate again once the router command hands them their keys.
import { existsSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeCloudflare, type FakeTunnelSeed } from './fakes/cloudflare.js'
import { psksOf, resultsByName } from './helpers/outputs.js'
import { assertMaskedBeforeUse, runAgainst, type ActionRun, type RunActionOptions } from './helpers/run-action.js'
import { assertNothingLeaks, readAsRunner } from './helpers/runner-log.js'
import { simulatedRouters, type SimulatedRouters } from './helpers/simulated-routers.js'
import { annotations, FAST } from './helpers/verify-run.js'

const DAY = 86_400_000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d+Z$/, 'Z')
const ROUTERS = 'alpha: alpha-isp1, alpha-isp2\nbravo: bravo-isp1, bravo-isp2'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Two routers with two tunnels each (isp1 the older PSK) and a lone site. */
async function fleet(extra: FakeTunnelSeed[] = []): Promise<FakeCloudflare> {
  const cloudflare = await FakeCloudflare.start({
    health: { timing: FAST },
    tunnels: [
      { name: 'alpha-isp1', customerEndpoint: '192.0.2.10', lastGeneratedOn: daysAgo(120) },
      { name: 'alpha-isp2', customerEndpoint: '192.0.2.11', lastGeneratedOn: daysAgo(100) },
      { name: 'bravo-isp1', customerEndpoint: '192.0.2.20', lastGeneratedOn: daysAgo(110) },
      { name: 'bravo-isp2', customerEndpoint: '192.0.2.21', lastGeneratedOn: daysAgo(90) },
      { name: 'charlie', customerEndpoint: '192.0.2.30', lastGeneratedOn: daysAgo(95) },
      ...extra,
    ],
  })
  cleanups.push(() => cloudflare.stop())
  return cloudflare
}

async function routersFor(cloudflare: FakeCloudflare, broken: string[] = []): Promise<SimulatedRouters> {
  const routers = await simulatedRouters(cloudflare, new Set(broken))
  cleanups.push(() => routers.stop())
  return routers
}

function roll(
  cloudflare: FakeCloudflare,
  routers: SimulatedRouters,
  inputs: Record<string, string> = {},
  options: Omit<RunActionOptions, 'inputs'> = {},
): Promise<ActionRun> {
  return runAgainst(
    cloudflare,
    { routers: ROUTERS, 'router-command': routers.command(), 'verify-settle': '1s', 'verify-timeout': '6s', ...inputs },
    { timeoutMs: 60_000, ...options, env: { ...routers.env, ...options.env } },
  )
}

const initialPsks = (cloudflare: FakeCloudflare) => new Map(cloudflare.tunnels.map((tunnel) => [tunnel.name, tunnel.psk]))
const changed = (cloudflare: FakeCloudflare, before: Map<string, string>) =>
  cloudflare.tunnels.filter((tunnel) => before.get(tunnel.name) !== tunnel.psk).map((tunnel) => tunnel.name)

/** Every PSK Cloudflare holds now that this run set is in `psks`, and was masked before it appeared. */
function expectEveryNewPskHandedOver(run: ActionRun, cloudflare: FakeCloudflare, before: Map<string, string>): void {
  const psks = psksOf(run)
  for (const name of changed(cloudflare, before)) expect(psks[cloudflare.tunnel(name).id], name).toBe(cloudflare.tunnel(name).psk)
  const secrets = Object.values(psks)
  assertMaskedBeforeUse(run.stdout, secrets)
  assertNothingLeaks({ stdout: run.stdout, stderr: run.stderr }, secrets)
}

/** A process that exists and is not a zombie waiting for its reaper. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('a rolling rotation (router-command)', () => {
  it('rotates every due tunnel in waves, one tunnel a router a wave, each wave only after the last one reads up', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const changedAt = new Map<string, number>()
    cloudflare.onPskChange((tunnel) => changedAt.set(tunnel.name, Date.now()))
    const run = await roll(cloudflare, routers, {
      'router-command': routers.command(
        'echo "wave $WAVE of $WAVES: $(node -e \'console.log(Object.keys(JSON.parse(require("fs").readFileSync(process.env.PSKS_FILE))).length)\') keys"\n' +
          'test -f "$RESULTS_FILE" && test -f "$ROUTERS_FILE" && test ! -e "$ROUTER_REPORT"\n' +
          'echo "files $PSKS_FILE $ROUTERS_FILE" ; env | grep -c "^INPUT_" || true',
      ),
    })

    expect(run.exitCode, run.stdout).toBe(0)
    const results = resultsByName(run)
    const waveOf = (name: string) => (results.get(name) as { wave?: number } | undefined)?.wave
    expect(Object.fromEntries([...results].map(([name, result]) => [name, [result.status, waveOf(name)]]))).toEqual({
      'alpha-isp1': ['rotated', 1],
      'alpha-isp2': ['rotated', 2],
      'bravo-isp1': ['rotated', 1],
      'bravo-isp2': ['rotated', 2],
      charlie: ['rotated', 1],
    })
    for (const result of results.values()) expect(['up', 'healthy']).toContain((result as { verdict?: string }).verdict)
    expect(changed(cloudflare, before).sort()).toEqual(['alpha-isp1', 'alpha-isp2', 'bravo-isp1', 'bravo-isp2', 'charlie'])
    // Wave 2 starts after wave 1's routers took their keys and the settle time passed.
    const wave1Taken = Math.max(...['alpha-isp1', 'bravo-isp1', 'charlie'].map((name) => routers.taken.get(cloudflare.tunnel(name).id)!))
    for (const name of ['alpha-isp2', 'bravo-isp2']) expect(changedAt.get(name)!).toBeGreaterThan(wave1Taken + 1000)
    expect(run.stdout).toContain('wave 1 of 2: 3 keys')
    expect(run.stdout).toContain('wave 2 of 2: 2 keys')
    // The command sees none of the action's inputs (the API token among them).
    expect(run.stdout).toMatch(/│ 0\n/)
    expect(run.stdout).toMatch(/^::group::Wave 1 of 2: 3 tunnels, one on each of 3 routers$/m)
    expect(run.stdout).toMatch(/^::group::Wave 2 of 2: 2 tunnels, one on each of 2 routers$/m)
    // The wave's files are gone once its command has run.
    for (const [, psksFile, routersFile] of run.stdout.matchAll(/files (\S+) (\S+)/g)) {
      expect(existsSync(psksFile!)).toBe(false)
      expect(existsSync(routersFile!)).toBe(false)
    }
    expect(run.outputs['routers-done-count']).toBe('3')
    expect(run.outputs['routers-stopped-count']).toBe('0')
    expect(run.outputs['routers-left-count']).toBe('0')
    expect(run.summary).toContain('Rolling rotation: 2 of 2 waves run.')
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it('stops a router whose tunnel does not come back: its partner keeps its PSK, the other router finishes, the step names both', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare, ['alpha-isp1'])
    const before = initialPsks(cloudflare)
    const run = await roll(cloudflare, routers)

    expect(run.exitCode).toBe(1)
    const results = resultsByName(run)
    expect(results.get('alpha-isp1')?.status).toBe('failed')
    expect(['down', 'no-data', 'degraded']).toContain((results.get('alpha-isp1') as { verdict?: string }).verdict)
    expect(results.get('alpha-isp2')?.status).toBe('deferred')
    expect(results.get('alpha-isp2')?.reason).toMatch(/^tunnel alpha-isp1 \([0-9a-f]{32}\) did not come back: /)
    expect(cloudflare.tunnel('alpha-isp2').psk).toBe(before.get('alpha-isp2'))
    expect(results.get('bravo-isp2')?.status).toBe('rotated')
    expect(run.outputs['routers-stopped-count']).toBe('1')
    expect(run.outputs['routers-done-count']).toBe('2')
    const [failure] = annotations(run, 'error').slice(-1)
    expect(failure).toMatch(/^1 router stopped, router alpha: tunnel alpha-isp1 .* did not come back/)
    expect(failure).not.toContain('..')
    expect(run.stdout).toMatch(/^ {2}router alpha: alpha-isp1 failed, (down|no-data|degraded); stops here$/m)
    expect(run.summary).toContain('❌ stopped')
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it('a tunnel named in ROUTER_REPORT fails; its router stops and is not verified, the others go on', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const bravo = cloudflare.tunnel('bravo-isp1').id
    const run = await roll(cloudflare, routers, {
      'router-command': routers.command(`if [ "$WAVE" = 1 ]; then printf 'bravo-isp1\\n\\n' > "$ROUTER_REPORT"; fi`),
    })

    expect(run.exitCode).toBe(1)
    const results = resultsByName(run)
    expect(results.get('bravo-isp1')?.error).toMatch(/^router-command reported that its router did not take the new PSK\./)
    expect((results.get('bravo-isp1') as { verdict?: unknown }).verdict).toBeNull()
    expect(results.get('bravo-isp2')?.status).toBe('deferred')
    expect(results.get('alpha-isp2')?.status).toBe('rotated')
    expect(psksOf(run)[bravo]).toBe(cloudflare.tunnel('bravo-isp1').psk)
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it.each([
    [
      'a line that is no tunnel or router of the wave',
      `echo no-such-tunnel > "$ROUTER_REPORT"`,
      /^ROUTER_REPORT names what is no tunnel or router of this wave \('no-such-tunnel'\)/,
    ],
    [
      'an exit other than 0, even with a report',
      `echo bravo > "$ROUTER_REPORT"; exit 2`,
      /^router-command exited with status 2, so no tunnel of this wave is known/,
    ],
    ['a report that is a FIFO', `mkfifo "$ROUTER_REPORT"`, /^ROUTER_REPORT is not a regular file/],
    ['a report that is a folder', `mkdir "$ROUTER_REPORT"`, /^ROUTER_REPORT is not a regular file/],
  ])('%s fails the whole wave, and nothing more rotates', async (_case, extra, error) => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const run = await roll(cloudflare, routers, { 'router-command': routers.command(extra) })

    expect(run.exitCode).toBe(1)
    const results = resultsByName(run)
    expect(results.get('alpha-isp1')?.error).toMatch(error)
    expect(results.get('charlie')?.status).toBe('failed')
    // A router the report named is failed by the report itself.
    if (extra.includes('bravo')) expect(results.get('bravo-isp1')?.error).toMatch(/^router-command reported that its router did not take/)
    for (const name of ['alpha-isp2', 'bravo-isp2']) expect(results.get(name)?.status).toBe('deferred')
    expect(changed(cloudflare, before).sort()).toEqual(['alpha-isp1', 'bravo-isp1', 'charlie'])
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it('output without a newline costs one cut line, not the run', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const run = await roll(cloudflare, routers, { 'router-command': routers.command("head -c 50000000 /dev/zero | tr '\\0' a") })

    expect(run.exitCode, run.stdout.slice(-2000)).toBe(0)
    expect(run.stdout).toMatch(/│ a{4000}… \(49996000 more characters\)/)
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it('an exit other than 0 with no report fails the whole wave: nothing more rotates', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const run = await roll(cloudflare, routers, { 'router-command': routers.command('exit 3') })

    expect(run.exitCode).toBe(1)
    const results = resultsByName(run)
    for (const name of ['alpha-isp1', 'bravo-isp1', 'charlie']) {
      expect(results.get(name)?.error).toMatch(/^router-command exited with status 3 and wrote no ROUTER_REPORT/)
    }
    for (const name of ['alpha-isp2', 'bravo-isp2']) expect(results.get(name)?.status).toBe('deferred')
    expect(changed(cloudflare, before).sort()).toEqual(['alpha-isp1', 'bravo-isp1', 'charlie'])
    expect(run.stdout).toContain('router-command exited with status 3')
    expect(run.outputs['routers-stopped-count']).toBe('3')
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it('router-timeout stops the command and everything it started, and fails the wave', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const run = await roll(cloudflare, routers, {
      'router-timeout': '1s',
      'router-command': routers.command('sleep 300 &\necho "child $!"\ntrap "" TERM\nsleep 300'),
    })

    expect(run.exitCode).toBe(1)
    const child = Number(/child (\d+)/.exec(run.stdout)?.[1])
    expect(child).toBeGreaterThan(0)
    expect(isRunning(child)).toBe(false)
    expect(resultsByName(run).get('charlie')?.error).toMatch(/^router-command did not finish within router-timeout/)
    expect(run.stdout).toContain('router-command was stopped at router-timeout')
    expect(changed(cloudflare, before).sort()).toEqual(['alpha-isp1', 'bravo-isp1', 'charlie'])
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it.each([
    ['while the router command runs', /Running router-command for wave 1/, 'sleep 30'],
    ['while waiting for health checks', /Waiting for Cloudflare to carry/, ''],
  ])('a cancel %s stops it, rotates nothing more and hands over every PSK', async (_phase, when, extra) => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const run = await roll(
      cloudflare,
      routers,
      { 'router-command': routers.command(extra), 'verify-settle': '20s', 'verify-timeout': '40s' },
      { cancel: { when } },
    )

    expect(run.exitCode).toBe(1)
    expect(run.durationMs).toBeLessThan(15_000)
    expect(changed(cloudflare, before).sort()).toEqual(['alpha-isp1', 'bravo-isp1', 'charlie'])
    for (const name of ['alpha-isp2', 'bravo-isp2']) expect(resultsByName(run).get(name)?.status).toBe('deferred')
    expect(annotations(run, 'error').at(-1)).toMatch(/Cancelled by SIGINT/)
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it('a cancel while wave 2 rotates: its keys, which no router got, fail with them in psks', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    cloudflare.inject(
      { method: 'POST', path: new RegExp(`${cloudflare.tunnel('alpha-isp2').id}/psk_generate$`) },
      { kind: 'delay', ms: 1500 },
    )
    const run = await roll(cloudflare, routers, {}, { cancel: { when: /^::group::Wave 2 of 2/m } })

    expect(run.exitCode).toBe(1)
    const results = resultsByName(run)
    const rotatedInWave2 = changed(cloudflare, before).filter((name) => name.endsWith('isp2'))
    expect(rotatedInWave2).toContain('alpha-isp2')
    for (const name of rotatedInWave2) {
      expect(results.get(name)?.status).toBe('failed')
      expect(results.get(name)?.error).toMatch(/cancelled \(SIGINT\) before its router was confirmed/)
    }
    expect(routers.taken.has(cloudflare.tunnel('alpha-isp2').id)).toBe(false)
    expect(Number(run.outputs['routers-stopped-count'])).toBeGreaterThan(0)
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it("neutralises the command's output: no workflow command, no key in the log", async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const run = await roll(cloudflare, routers, {
      'router-command': routers.command(
        'echo "::error::forged"\necho "::stop-commands::tok"\necho "##[warning]legacy"\nnode -e \'console.log(Object.values(JSON.parse(require("fs").readFileSync(process.env.PSKS_FILE))).join(" "))\'',
      ),
    })

    expect(run.exitCode).toBe(0)
    const log = readAsRunner(run.stdout)
    expect(log.annotations.filter(({ message }) => /forged|legacy/.test(message))).toEqual([])
    expect(log.stoppedWith).toEqual([])
    expectEveryNewPskHandedOver(run, cloudflare, before)
  })

  it('a token that cannot read tunnel health stops the run before anything rotates', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    cloudflare.health.refusal = [{ message: 'not authorized for that account', code: 'authz' }]
    const run = await roll(cloudflare, routers)

    expect(run.exitCode).toBe(1)
    expect(annotations(run, 'error').at(-1)).toMatch(/Account Analytics: Read.*Nothing was rotated/)
    expect(changed(cloudflare, before)).toEqual([])
    expect(routers.taken.size).toBe(0)
  })

  it('a tunnel with health checks off stops its router after its wave: nothing can confirm it', async () => {
    const cloudflare = await fleet([
      { name: 'delta-isp1', lastGeneratedOn: daysAgo(300), healthCheck: false },
      { name: 'delta-isp2', lastGeneratedOn: daysAgo(200) },
    ])
    const routers = await routersFor(cloudflare)
    const run = await roll(cloudflare, routers, { routers: `${ROUTERS}\ndelta: delta-*` })

    expect(run.exitCode).toBe(1)
    const results = resultsByName(run)
    expect((results.get('delta-isp1') as { verdict?: string }).verdict).toBe('unverifiable')
    expect(results.get('delta-isp2')?.status).toBe('deferred')
    expect(annotations(run, 'warning').some((message) => /health checks off.*delta-isp1/.test(message))).toBe(true)
  })

  it('validate-only plans the waves, validates every due tunnel and runs no command', async () => {
    const cloudflare = await fleet()
    const routers = await routersFor(cloudflare)
    const before = initialPsks(cloudflare)
    const run = await roll(cloudflare, routers, { 'validate-only': 'true' })

    expect(run.exitCode).toBe(0)
    expect([...resultsByName(run).values()].map((result) => result.status)).toEqual(Array(5).fill('validated'))
    expect(routers.taken.size).toBe(0)
    expect(changed(cloudflare, before)).toEqual([])
    expect(run.stdout).toContain('alpha-isp2 rotates in wave 2')
  })
})

describe('router-command inputs', () => {
  it.each([
    [{ mode: 'verify', 'router-command': 'true' }, 'router-command', /not used with 'mode: verify'/],
    [{ 'router-timeout': '5m' }, 'router-timeout', /only used with 'router-command'/],
    [{ 'router-command': 'true', 'router-timeout': 'soon' }, 'router-timeout', /expected a positive duration/],
    [{ 'router-command': 'true', 'verify-settle': '5m', 'verify-timeout': '5m' }, 'verify-settle', /leaves no time within verify-timeout/],
    [{ 'router-command': 'true', 'router-timeout': '25d' }, 'router-timeout', /is at most 24 days/],
    [{ 'router-command': 'true', stagger: 'none' }, 'stagger', /would cut both tunnels of a router over in one wave/],
  ])('%o is an input error naming %s, before any request', async (inputs, input, message) => {
    const cloudflare = await fleet()
    const run = await runAgainst(cloudflare, inputs)
    expect(run.exitCode).toBe(1)
    const [error] = annotations(run, 'error')
    expect(error).toContain(`Input '${input}'`)
    expect(error).toMatch(message)
    expect(cloudflare.requests).toEqual([])
  })
})
