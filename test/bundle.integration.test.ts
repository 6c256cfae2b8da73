// secret-layout: bundle through the bundled action, against the loopback fakes; the fake GitHub
// decrypts what it receives, so the tests compare the bundle with what is live on Cloudflare.
import { describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub } from './fakes/github.js'
import { errorLines, psksOf, resultsOf } from './helpers/outputs.js'
import { stopAndCheckAfterEach } from './helpers/fake-checks.js'
import { runAction, type ActionRun } from './helpers/run-action.js'
import { assertNothingLeaks } from './helpers/runner-log.js'

const REPOSITORY = 'octo-org/network'
const running: { stop(): Promise<void> }[] = []
stopAndCheckAfterEach(() => running.splice(0))

async function world(tunnels: number): Promise<{ cloudflare: FakeCloudflare; github: FakeGitHub }> {
  const cloudflare = await FakeCloudflare.start({ tunnels: Array.from({ length: tunnels }, (_, index) => ({ name: `site_${index}` })) })
  const github = await FakeGitHub.start({})
  running.push(cloudflare, github)
  github.addRepository(REPOSITORY, { id: 4242 })
  return { cloudflare, github }
}

const run = (
  { cloudflare, github }: { cloudflare: FakeCloudflare; github: FakeGitHub },
  inputs: Record<string, string>,
): Promise<ActionRun> =>
  runAction({
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'github-token': DEFAULT_GITHUB_TOKEN,
      'secret-scope': 'repository',
      'secret-layout': 'bundle',
      ...inputs,
    },
    env: { GITHUB_API_URL: github.url },
    timeoutMs: 30_000,
  })

const bundleIn = (github: FakeGitHub, name = 'IPSEC_PSKS') =>
  JSON.parse(github.repositorySecrets(REPOSITORY).get(name)?.value ?? 'null') as Record<string, string> | null
const live = (cloudflare: FakeCloudflare, names: string[]) =>
  Object.fromEntries(names.map((name) => [cloudflare.tunnel(name).id, cloudflare.tunnel(name).psk]))
const writes = (github: FakeGitHub) => github.requests.filter((request) => request.method === 'PUT')

describe('secret-layout: bundle', () => {
  it('first run: one secret, IPSEC_PSKS, holding every rotated PSK, written once', async () => {
    const w = await world(3)
    const result = await run(w, { 'tunnel-ids': 'all' })

    expect(result.exitCode, result.stdout).toBe(0)
    expect(writes(w.github)).toHaveLength(1)
    expect(bundleIn(w.github)).toEqual(live(w.cloudflare, ['site_0', 'site_1', 'site_2']))
    expect(bundleIn(w.github)).toEqual(psksOf(result))
    expect(resultsOf(result).map((entry) => entry.secret_name)).toEqual(['IPSEC_PSKS', 'IPSEC_PSKS', 'IPSEC_PSKS'])
    expect(result.stdout).toMatch(
      /writes the PSKs of 3 tunnels to secret IPSEC_PSKS of repository octo-org\/network once every change of this run is done: 3 added, 0 replaced, 0 other entries kept; at most \d+ of 49152 bytes \(assuming generated PSKs of up to 64 characters\)\./,
    )
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN, ...Object.values(psksOf(result))])
  })

  it('a later run replaces the entries it rotates and keeps every other entry exactly as given', async () => {
    const w = await world(3)
    const [a, b, c] = w.cloudflare.tunnels.map((tunnel) => tunnel.id) as [string, string, string]
    const GONE = 'f'.repeat(32) // a deleted tunnel's entry
    const current = { [GONE]: 'Kept-PSK-of-a-deleted-tunnel', [a]: 'Old-PSK-of-a', [c]: w.cloudflare.tunnel('site_2').psk }
    w.github.presetSecret({ repository: REPOSITORY }, 'IPSEC_PSKS', JSON.stringify(current))
    const result = await run(w, { 'tunnel-names': 'site_0, site_1', 'current-bundle': JSON.stringify(current) })

    expect(result.exitCode, result.stdout).toBe(0)
    const bundle = bundleIn(w.github)
    expect(Object.keys(bundle ?? {})).toEqual([GONE, a, c, b])
    expect(bundle).toEqual({ ...current, ...live(w.cloudflare, ['site_0', 'site_1']) })
    expect(bundle?.[c]).toBe(w.cloudflare.tunnel('site_2').psk)
    assertNothingLeaks(result, [DEFAULT_API_TOKEN, DEFAULT_GITHUB_TOKEN, ...Object.values(current), ...Object.values(bundle ?? {})])
  })

  it.each([
    ['a real run', {}],
    ['a validate-only run', { 'validate-only': 'true' }],
  ])('refuses %s when the bundle exists and current-bundle is empty, showing the line to add', async (_case, inputs) => {
    const w = await world(2)
    w.github.presetSecret({ repository: REPOSITORY }, 'IPSEC_PSKS', JSON.stringify({ x: 'Existing-secret-value' }))
    const result = await run(w, { 'tunnel-ids': 'all', ...inputs })

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      expect.stringContaining(
        "but current-bundle is empty: writing it would drop the PSKs it holds for other tunnels. Add this line to the step's with: current-bundle: ${{ secrets.IPSEC_PSKS }}",
      ),
    ])
    expect(w.cloudflare.requests.filter((request) => request.method === 'POST')).toEqual([])
    expect(result.stdout).not.toContain('Existing-secret-value')
  })

  it("stops before anything rotates when the bundle would pass GitHub's 48 KB, saying how many fit", async () => {
    const w = await world(400)
    const result = await run(w, { 'tunnel-ids': 'all', mode: 'set', 'psk-length': '128' })

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)[0]).toMatch(
      /could reach \d+ bytes in this run \(counting 128 characters for each new PSK\), over GitHub's limit of 49152 bytes a secret: about \d+ of these 400 tunnels fit\. Split them over several bundles: one per environment/,
    )
    expect(w.cloudflare.requests.filter((request) => request.method === 'POST')).toEqual([])
  })

  it('refuses a current-bundle already over the size of one secret before any request', async () => {
    const w = await world(2)
    const current = Object.fromEntries(Array.from({ length: 700 }, (_, i) => [i.toString(16).padStart(32, '0'), `psk-${'x'.repeat(60)}`]))
    const result = await run(w, { 'tunnel-ids': 'all', 'current-bundle': JSON.stringify(current) })

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      expect.stringMatching(/^::error::Input 'current-bundle': holds \d+ bytes, over GitHub's limit of 49152 bytes/),
    ])
    expect(w.cloudflare.requests).toEqual([])
    expect(w.github.requests).toEqual([])
  })

  it('validate-only runs the preflight, reports the plan, and writes nothing', async () => {
    const w = await world(2)
    const result = await run(w, { 'tunnel-ids': 'all', 'validate-only': 'true', mode: 'set' })

    expect(result.exitCode, result.stdout).toBe(0)
    expect(writes(w.github)).toEqual([])
    expect(result.stdout).toMatch(
      /would write the PSKs of 2 tunnels to secret IPSEC_PSKS of repository octo-org\/network once every change of this run is done: 2 added/,
    )
    expect(resultsOf(result).map((entry) => [entry.status, entry.secret_name])).toEqual([
      ['validated', 'IPSEC_PSKS'],
      ['validated', 'IPSEC_PSKS'],
    ])
  })

  it('a failing write fails the step naming every tunnel rotated, with their PSKs in psks', async () => {
    const w = await world(3)
    w.github.inject({ method: 'PUT', path: /IPSEC_PSKS$/ }, { status: 403, message: 'Resource not accessible by integration' })
    const result = await run(w, { 'tunnel-ids': 'all' })

    expect(result.exitCode).toBe(1)
    expect(psksOf(result)).toEqual(live(w.cloudflare, ['site_0', 'site_1', 'site_2']))
    expect(
      resultsOf(result).every(
        (entry) =>
          entry.status === 'failed' &&
          entry.error?.startsWith(
            'The new PSK is live on Cloudflare but was not stored: GitHub did not allow github-token to write secret IPSEC_PSKS',
          ),
      ),
    ).toBe(true)
    expect(errorLines(result).at(-1)).toMatch(/The live PSKs of site_0, site_1, site_2 are stored nowhere but this step's psks output/)
  })
})
