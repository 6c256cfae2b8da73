// Staged rollout through the bundled action, run as a runner does, against the loopback fakes.
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeTunnelSeed } from './fakes/cloudflare.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub } from './fakes/github.js'
import { runAgainst, type ActionRun } from './helpers/run-action.js'
import { psksOf, resultsByName, resultsOf } from './helpers/outputs.js'
import { assertNothingLeaks } from './helpers/runner-log.js'

const DAY = 86_400_000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d+Z$/, 'Z')
const HQ = '198.51.100.10'
const BRANCH = '198.51.100.20'

const running: { stop(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.stop()))
})

async function cloudflareWith(tunnels: FakeTunnelSeed[]): Promise<FakeCloudflare> {
  const fake = await FakeCloudflare.start({ tunnels })
  running.push(fake)
  return fake
}

const run = (cloudflare: FakeCloudflare, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> =>
  runAgainst(cloudflare, inputs, { env })
const statusOf = (result: ActionRun) => Object.fromEntries(resultsOf(result).map((entry) => [entry.name, entry.status]))
const rotatedNames = (cloudflare: FakeCloudflare) =>
  cloudflare.tunnels
    .filter((tunnel) => tunnel.pskHistory.length > 1)
    .map((tunnel) => tunnel.name)
    .sort()

const PAIRS: FakeTunnelSeed[] = [
  { name: 'hq_a', customerEndpoint: HQ, lastGeneratedOn: daysAgo(200) },
  { name: 'hq_b', customerEndpoint: HQ, lastGeneratedOn: daysAgo(100) },
  { name: 'branch_a', customerEndpoint: BRANCH, lastGeneratedOn: daysAgo(50) },
  { name: 'branch_b', customerEndpoint: BRANCH, lastGeneratedOn: null },
  { name: 'solo', customerEndpoint: null, lastGeneratedOn: daysAgo(10) },
]

describe('staged rollout', () => {
  it('rotates one tunnel per router, the oldest PSK first, and defers its partner with the reason', async () => {
    const cloudflare = await cloudflareWith(PAIRS)
    const result = await run(cloudflare, {})

    expect(result.exitCode).toBe(0)
    expect(rotatedNames(cloudflare)).toEqual(['branch_b', 'hq_a', 'solo'])
    expect(statusOf(result)).toEqual({ hq_a: 'rotated', hq_b: 'deferred', branch_a: 'deferred', branch_b: 'rotated', solo: 'rotated' })
    const results = resultsByName(result)
    expect(results.get('hq_b')?.reason).toBe(`tunnel hq_a of the same router (customer_endpoint ${HQ}) rotates in this run`)
    expect(results.get('hq_a')).toMatchObject({
      reason: null,
      customer_endpoint: HQ,
      cloudflare_endpoint: expect.stringMatching(/^203\.0\.113\./),
    })
    expect(results.get('solo')?.customer_endpoint).toBeNull()
    expect(results.get('hq_a')?.interface_address).toMatch(/^10\.200\./)
    expect(result.outputs).toMatchObject({ 'rotated-count': '3', 'deferred-count': '2', 'failed-count': '0' })
    expect(Object.keys(psksOf(result)).sort()).toEqual(['branch_b', 'hq_a', 'solo'].map((name) => cloudflare.tunnel(name).id).sort())
    expect(result.stdout).toContain('2 deferred to a later run')
    expect(result.stdout).toContain('2 deferred (2 wait for the other tunnel of their router): they keep their PSK until a later run')
    expect(result.summary).toContain('⏸️ deferred')
    expect(result.summary).toContain('2 deferred (2 wait for the other tunnel of their router)')
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, ...cloudflare.tunnels.map((tunnel) => tunnel.psk)])
  })

  it('rotates the partners on a second run in the same job, and a third run has nothing left', async () => {
    const cloudflare = await cloudflareWith(PAIRS)
    await run(cloudflare, {})
    const second = await run(cloudflare, { 'max-age': '1d' })
    expect(statusOf(second)).toEqual({ hq_a: 'skipped', hq_b: 'rotated', branch_a: 'rotated', branch_b: 'skipped', solo: 'skipped' })
    expect(resultsByName(second).get('hq_a')?.reason).toBe('PSK is under 1 min old, younger than max-age 24 h')
    expect(cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 2)).toBe(true)
    const third = await run(cloudflare, { 'max-age': '1d' })
    expect(third.outputs).toMatchObject({ 'rotated-count': '0', 'deferred-count': '0', 'skipped-count': '5' })
  })

  it('staggers a larger group one tunnel at a time, oldest first', async () => {
    const cloudflare = await cloudflareWith(
      [300, 100, 200, 50].map((age, index) => ({ name: `dc_${index}`, customerEndpoint: HQ, lastGeneratedOn: daysAgo(age) })),
    )
    const order: string[] = []
    for (let runIndex = 0; runIndex < 4; runIndex++) {
      const result = await run(cloudflare, { 'max-age': '1d' })
      expect(result.outputs['rotated-count']).toBe('1')
      order.push(
        ...resultsOf(result)
          .filter((entry) => entry.status === 'rotated')
          .map((entry) => entry.name),
      )
    }
    expect(order).toEqual(['dc_0', 'dc_2', 'dc_1', 'dc_3'])
  })

  it('caps a run with max-tunnels after staggering, oldest first, and composes with max-age', async () => {
    const cloudflare = await cloudflareWith([
      ...PAIRS,
      { name: 'young', lastGeneratedOn: daysAgo(1) },
      { name: 'old_1', lastGeneratedOn: daysAgo(400) },
    ])
    const result = await run(cloudflare, { 'max-tunnels': '2', 'max-age': '30d' })
    expect(rotatedNames(cloudflare)).toEqual(['branch_b', 'old_1'])
    const results = resultsByName(result)
    expect(results.get('young')).toMatchObject({ status: 'skipped', reason: 'PSK is 24 h old, younger than max-age 30 d' })
    expect(results.get('hq_a')).toMatchObject({ status: 'deferred', reason: 'max-tunnels 2 reached; its PSK is among the newer due ones' })
    expect(results.get('hq_b')).toMatchObject({
      status: 'deferred',
      reason: expect.stringMatching(/^tunnel hq_a of the same router .* goes first$/),
    })
    expect(result.outputs).toMatchObject({ 'rotated-count': '2', 'deferred-count': '3', 'skipped-count': '2' })
    expect(result.summary).toContain('max-tunnels 2')
  })

  it('staggers with stagger none switched off, and applies it to tunnels named in psks (set mode)', async () => {
    const all = await cloudflareWith(PAIRS)
    const none = await run(all, { stagger: 'none' })
    expect(none.outputs['rotated-count']).toBe('5')

    const cloudflare = await cloudflareWith(PAIRS)
    const hqB = cloudflare.tunnel('hq_b').id
    const result = await run(cloudflare, { mode: 'set', psks: `${hqB}=Chosen-PSK-for-hq-b-0001` })
    expect(resultsByName(result).get('hq_b')?.status).toBe('deferred')
    expect(cloudflare.tunnel('hq_b').psk).not.toBe('Chosen-PSK-for-hq-b-0001')
    const bulk = cloudflare.requests.filter((request) => request.method === 'POST')
    expect(bulk).toHaveLength(1)
    expect((bulk[0]?.body as { psks: { id: string }[] }).psks.map((entry) => entry.id)).not.toContain(hqB)
  })

  it('validate-only plans the same rollout and changes nothing', async () => {
    const cloudflare = await cloudflareWith(PAIRS)
    const result = await run(cloudflare, { 'validate-only': 'true', 'max-tunnels': '1' })
    expect(result.exitCode).toBe(0)
    expect(rotatedNames(cloudflare)).toEqual([])
    expect(statusOf(result)).toEqual({ hq_a: 'deferred', hq_b: 'deferred', branch_a: 'deferred', branch_b: 'validated', solo: 'deferred' })
  })

  it('leaves the secret of a deferred tunnel untouched', async () => {
    const cloudflare = await cloudflareWith(PAIRS.slice(0, 2))
    const github = await FakeGitHub.start({})
    running.push(github)
    github.addRepository('octo-org/network', { id: 4242 })
    const result = await run(
      cloudflare,
      { 'secret-scope': 'repository', 'github-token': DEFAULT_GITHUB_TOKEN },
      { GITHUB_API_URL: github.url },
    )
    expect(result.exitCode).toBe(0)
    const writes = github.requests.filter((request) => request.method === 'PUT').map((request) => request.path)
    expect(writes).toEqual([expect.stringMatching(/\/actions\/secrets\/IPSEC_PSK_HQ_A$/)])
    expect(resultsByName(result).get('hq_b')).toMatchObject({ status: 'deferred', secret_name: null })
  })

  it.each([
    ['max-tunnels', '0', "::error::Input 'max-tunnels': expected a whole number of at least 1, got '0'."],
    ['max-tunnels', 'ten', "::error::Input 'max-tunnels': expected a whole number of at least 1, got 'ten'."],
    ['stagger', 'router', "::error::Input 'stagger': expected 'customer-endpoint' or 'none', got 'router'."],
  ])('rejects %s: %s with one error and no request', async (name, value, error) => {
    const cloudflare = await cloudflareWith(PAIRS)
    const result = await run(cloudflare, { [name]: value })
    expect(result.exitCode).toBe(1)
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([error])
    expect(cloudflare.requests).toEqual([])
  })
})
