// Grouping tunnels by router through the bundled action, run as a runner does, against the loopback fake.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeTunnelSeed } from './fakes/cloudflare.js'
import { runAgainst, type ActionRun } from './helpers/run-action.js'
import { psksOf, resultsOf } from './helpers/outputs.js'
import { assertNothingLeaks, readAsRunner } from './helpers/runner-log.js'

const DAY = 86_400_000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d+Z$/, 'Z')

const running: FakeCloudflare[] = []
const folders: string[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.stop()))
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

async function cloudflareWith(tunnels: FakeTunnelSeed[]): Promise<FakeCloudflare> {
  const fake = await FakeCloudflare.start({ tunnels })
  running.push(fake)
  return fake
}

const run = (cloudflare: FakeCloudflare, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> =>
  runAgainst(cloudflare, inputs, { env })
/** Tunnel name to [status, router]. */
const planOf = (result: ActionRun) =>
  Object.fromEntries(resultsOf(result).map((entry) => [entry.name, [entry.status, (entry as { router?: unknown }).router]]))
const annotations = (result: ActionRun, kind: string) =>
  readAsRunner(result.stdout)
    .annotations.filter((annotation) => annotation.kind === kind)
    .map(({ message }) => message)

describe('routers as the unit of a rollout', () => {
  it('groups one address written two ways, and a site without an address is a router of its own, warned about', async () => {
    const cloudflare = await cloudflareWith([
      { name: 'dual_a', customerEndpoint: '2001:db8::1', lastGeneratedOn: daysAgo(200) },
      { name: 'dual_b', customerEndpoint: ' 2001:DB8:0:0::1 ', lastGeneratedOn: daysAgo(100) },
      { name: 'v4_a', customerEndpoint: '198.51.100.7', lastGeneratedOn: daysAgo(90) },
      { name: 'v4_b', customerEndpoint: '::ffff:198.51.100.7', lastGeneratedOn: daysAgo(80) },
      { name: 'bare', customerEndpoint: null, lastGeneratedOn: daysAgo(10) },
    ])
    const result = await run(cloudflare, {})

    expect(result.exitCode).toBe(0)
    const bare = cloudflare.tunnel('bare').id
    expect(planOf(result)).toEqual({
      dual_a: ['rotated', '2001:db8::1'],
      dual_b: ['deferred', '2001:db8::1'],
      v4_a: ['rotated', '198.51.100.7'],
      v4_b: ['deferred', '198.51.100.7'],
      bare: ['rotated', `tunnel-${bare}`],
    })
    expect(resultsOf(result).find((entry) => entry.name === 'dual_b')?.reason).toBe(
      'tunnel dual_a of the same router (customer_endpoint 2001:db8::1) rotates in this run',
    )
    expect(result.stdout).toContain('3 routers:\n')
    expect(result.stdout).toContain('  2001:db8::1 (by customer_endpoint): dual_a rotates, dual_b deferred\n')
    expect(result.stdout).toContain(`  tunnel-${bare} (no customer_endpoint or router rule): bare rotates\n`)
    const warning = annotations(result, 'warning')
    expect(warning).toEqual([
      expect.stringMatching(/^1 tunnel has no customer_endpoint and no match in routers or router-pattern, .*: bare\./),
    ])
    expect(result.summary).toContain(`<p>⚠️ ${warning[0]}</p>`)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, ...cloudflare.tunnels.map((tunnel) => tunnel.psk)])
  })

  it('with router-pattern, rotates one tunnel of a dual-ISP router on two addresses; without it, both', async () => {
    const fleet: FakeTunnelSeed[] = [
      { name: 'berlin-isp1', customerEndpoint: '198.51.100.1', lastGeneratedOn: daysAgo(50) },
      { name: 'berlin-isp2', customerEndpoint: '198.51.100.2', lastGeneratedOn: daysAgo(40) },
      { name: 'paris-isp1', customerEndpoint: '198.51.100.3', lastGeneratedOn: daysAgo(30) },
      { name: 'paris-isp2', customerEndpoint: '198.51.100.4', lastGeneratedOn: daysAgo(20) },
    ]
    const grouped = await cloudflareWith(fleet)
    const runnerTemp = await mkdtemp(join(tmpdir(), 'routers-test-'))
    folders.push(runnerTemp)
    const result = await run(grouped, { 'router-pattern': '{router}-isp?' }, { RUNNER_TEMP: runnerTemp })
    expect(result.exitCode).toBe(0)
    const handover = JSON.parse(await readFile(result.outputs['routers-file'] ?? '', 'utf8')) as { router: string; tunnels: string[] }[]
    expect(handover.map(({ router, tunnels }) => [router, tunnels])).toEqual([
      ['berlin', [grouped.tunnel('berlin-isp1').id, grouped.tunnel('berlin-isp2').id]],
      ['paris', [grouped.tunnel('paris-isp1').id, grouped.tunnel('paris-isp2').id]],
    ])
    expect(planOf(result)).toEqual({
      'berlin-isp1': ['rotated', 'berlin'],
      'berlin-isp2': ['deferred', 'berlin'],
      'paris-isp1': ['rotated', 'paris'],
      'paris-isp2': ['deferred', 'paris'],
    })
    expect(resultsOf(result).find((entry) => entry.name === 'paris-isp2')?.reason).toBe(
      'tunnel paris-isp1 of the same router (router paris from router-pattern) rotates in this run',
    )
    expect(annotations(result, 'warning')).toEqual([])
    expect(Object.keys(psksOf(result)).sort()).toEqual([grouped.tunnel('berlin-isp1').id, grouped.tunnel('paris-isp1').id].sort())

    const ungrouped = await cloudflareWith(fleet)
    const both = await run(ungrouped, {})
    expect(both.outputs['rotated-count']).toBe('4')
    expect(annotations(both, 'warning')).toEqual([
      expect.stringMatching(
        /^4 tunnels rotate with no partner on their router among the selected tunnels: berlin-isp1 \(customer_endpoint 198\.51\.100\.1\), /,
      ),
    ])
  })

  it('takes routers before router-pattern before the address', async () => {
    const cloudflare = await cloudflareWith([
      { name: 'hq-isp1', customerEndpoint: '198.51.100.1', lastGeneratedOn: daysAgo(50) },
      { name: 'lab-isp1', customerEndpoint: '198.51.100.2', lastGeneratedOn: daysAgo(40) },
      { name: 'hq-isp2', customerEndpoint: '198.51.100.3', lastGeneratedOn: daysAgo(30) },
      { name: 'other', customerEndpoint: '198.51.100.3', lastGeneratedOn: daysAgo(20) },
    ])
    const result = await run(cloudflare, { routers: 'main: hq-isp1, lab-*\n', 'router-pattern': '{router}-isp?' })
    expect(result.exitCode).toBe(0)
    expect(planOf(result)).toEqual({
      'hq-isp1': ['rotated', 'main'],
      'lab-isp1': ['deferred', 'main'],
      'hq-isp2': ['rotated', 'hq'],
      other: ['rotated', '198.51.100.3'],
    })
    expect(result.stdout).toContain('  main (by routers): hq-isp1 rotates, lab-isp1 deferred\n')
    expect(annotations(result, 'warning')).toEqual([
      expect.stringMatching(
        /^2 tunnels rotate with no partner .*: hq-isp2 \(router hq from router-pattern\), other \(customer_endpoint 198\.51\.100\.3\)\./,
      ),
    ])
  })

  it('stops after the listing when two routers lines claim one tunnel, naming it and both, and changes nothing', async () => {
    const cloudflare = await cloudflareWith([
      { name: 'hq_a', customerEndpoint: '198.51.100.1' },
      { name: 'hq_b', customerEndpoint: '198.51.100.1' },
    ])
    const result = await run(cloudflare, { routers: 'hq: hq_*\nbackup: *_b' })
    expect(result.exitCode).toBe(1)
    expect(annotations(result, 'error')).toEqual([
      `Input 'routers': tunnel hq_b (${cloudflare.tunnel('hq_b').id}) matches router hq (line 1) and router backup (line 2): a tunnel belongs to one router. Nothing was changed.`,
    ])
    expect(cloudflare.requests.map((request) => request.method)).toEqual(['GET'])
    expect(cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
  })

  it('logs hostile tunnel names and a hostile {router} only as safe text', async () => {
    const cloudflare = await cloudflareWith([
      { name: '::stop-commands::tok-isp1', customerEndpoint: '198.51.100.1' },
      { name: '::stop-commands::tok-isp2', customerEndpoint: '198.51.100.2' },
      { name: 'x##[add-mask]y', customerEndpoint: null },
    ])
    const result = await run(cloudflare, { 'router-pattern': '{router}-isp?' })
    expect(result.exitCode).toBe(0)
    const log = readAsRunner(result.stdout)
    expect(log.stoppedWith).toEqual([])
    expect(log.masks.filter((mask) => mask.includes('add-mask') || mask === 'y')).toEqual([])
    expect(log.shown).toContain(
      '  \u200b::stop-commands::tok (by router-pattern): ::stop-commands::tok-isp1 rotates, ::stop-commands::tok-isp2 deferred',
    )
    expect(planOf(result)['::stop-commands::tok-isp2']).toEqual(['deferred', '::stop-commands::tok'])
    expect(result.summary).not.toContain('##[')
  })

  it.each([
    [
      'router-pattern',
      'site-*',
      "Input 'router-pattern': expected a tunnel-name pattern with exactly one {router}, such as '{router}-isp?' or 'site-{router}-*', got 'site-*'.",
    ],
    [
      'router-pattern',
      '{router}-{router}',
      "Input 'router-pattern': expected a tunnel-name pattern with exactly one {router}, such as '{router}-isp?' or 'site-{router}-*', got '{router}-{router}'.",
    ],
    ['router-pattern', '{name}-{router}', "Input 'router-pattern': unknown placeholder '{name}': the only one is {router}."],
    [
      'routers',
      'hq hq_a, hq_b',
      "Input 'routers': line 1 is not of the form 'ROUTER: GLOB, GLOB': expected lines of 'ROUTER: GLOB, GLOB', such as 'berlin: berlin-isp1, berlin-isp2'.",
    ],
    ['routers', 'hq: hq_a\nhq: hq_b', "Input 'routers': router hq is on lines 1 and 2: give each router one line with all its patterns."],
    [
      'routers',
      'x##[y: hq_a',
      "Input 'routers': line 1: expected a router name of letters, digits, '.', '_' and '-' (at most 64) before the ':', got 'x#\u200b#[y'.",
    ],
  ])('rejects %s %j with one error and no request', async (name, value, error) => {
    const cloudflare = await cloudflareWith([{ name: 'hq_a' }])
    const result = await run(cloudflare, { [name]: value })
    expect(result.exitCode).toBe(1)
    expect(readAsRunner(result.stdout).stoppedWith).toEqual([])
    expect(annotations(result, 'error')).toEqual([error])
    expect(cloudflare.requests).toEqual([])
  })
})
