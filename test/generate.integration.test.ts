import { errorLines, psksOf, resultsOf } from './helpers/outputs.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { stopAndCheckAfterEach } from './helpers/fake-checks.js'
import { assertPsksOutputMasked } from './helpers/runner-log.js'
import { assertMaskedBeforeUse, runAction, type ActionRun } from './helpers/run-action.js'

const DAY = 86_400_000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d+Z$/, 'Z')

let cloudflare: FakeCloudflare

beforeEach(async () => {
  cloudflare = await FakeCloudflare.start({
    tunnels: [
      { name: 'branch_1', lastGeneratedOn: daysAgo(120) },
      { name: 'branch_2', lastGeneratedOn: daysAgo(95) },
      { name: 'branch_3', lastGeneratedOn: daysAgo(3) },
      { name: 'dc_fra', lastGeneratedOn: null },
      { name: 'dc_ams', lastGeneratedOn: daysAgo(400) },
    ],
  })
})
stopAndCheckAfterEach(() => [cloudflare])

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      ...inputs,
    },
  })

const changingRequests = () => cloudflare.requests.filter((request) => request.method !== 'GET')

/** Every PSK is masked before it appears, and never reaches results, the summary or stderr. */
function expectNoLeak(result: ActionRun, psks: string[]): void {
  assertMaskedBeforeUse(result.stdout, [DEFAULT_API_TOKEN, ...psks])
  assertPsksOutputMasked(result)
  for (const secret of [DEFAULT_API_TOKEN, ...psks]) {
    expect(result.outputs.results).not.toContain(secret)
    expect(result.summary).not.toContain(secret)
    expect(result.stderr).not.toContain(secret)
  }
}

describe('generate mode', () => {
  it('rotates every selected tunnel and hands each live PSK to later steps, masked', async () => {
    const before = new Map(cloudflare.tunnels.map((tunnel) => [tunnel.id, tunnel.psk]))
    const result = await run({ 'tunnel-ids': 'all' })

    expect(result.exitCode).toBe(0)
    const psks = psksOf(result)
    expect(Object.keys(psks).sort()).toEqual(cloudflare.tunnels.map((tunnel) => tunnel.id).sort())
    for (const tunnel of cloudflare.tunnels) {
      expect(tunnel.psk).not.toBe(before.get(tunnel.id))
      expect(psks[tunnel.id]).toBe(tunnel.psk)
    }
    expect(resultsOf(result)).toEqual(
      cloudflare.tunnels.map((tunnel) => ({
        id: tunnel.id,
        name: tunnel.name,
        status: 'rotated',
        last_generated_on: tunnel.lastGeneratedOn,
        ipsec_id: null,
        customer_endpoint: tunnel.customerEndpoint,
        cloudflare_endpoint: tunnel.cloudflareEndpoint,
        interface_address: tunnel.interfaceAddress,
        fqdn_id: null,
        router: tunnel.customerEndpoint,
        secret_name: null,
        error: null,
        reason: null,
        wave: null,
        verdict: null,
      })),
    )
    expect(result.outputs).toMatchObject({ 'rotated-count': '5', 'skipped-count': '0', 'failed-count': '0' })
    expect(result.stdout).toMatch(/^\[5\/5\] rotated \w+$/m)
    expect(result.summary).toContain('<td>branch_1</td>')
    expect(result.summary).toMatch(/120 d<\/td><td>under 1 min/)
    expect(result.summary).toContain('5 tunnels selected: 5 rotated')
    expectNoLeak(result, Object.values(psks))
    expect(cloudflare.requests.filter((request) => request.method === 'GET')).toHaveLength(1)
  })

  it('selects the union of IDs and name patterns and skips PSKs younger than max-age', async () => {
    const dcAms = cloudflare.tunnel('dc_ams')
    const result = await run({ 'tunnel-ids': dcAms.id, 'tunnel-names': 'branch_*', 'max-age': '90d' })

    expect(result.exitCode).toBe(0)
    const statuses = Object.fromEntries(resultsOf(result).map((entry) => [entry.name, entry.status]))
    expect(statuses).toEqual({ branch_1: 'rotated', branch_2: 'rotated', branch_3: 'skipped', dc_ams: 'rotated' })
    expect(cloudflare.tunnel('dc_fra').pskHistory).toHaveLength(1)
    expect(cloudflare.tunnel('branch_3').pskHistory).toHaveLength(1)
    expect(result.outputs).toMatchObject({ 'rotated-count': '3', 'skipped-count': '1' })
    expect(Object.keys(psksOf(result))).not.toContain(cloudflare.tunnel('branch_3').id)
    expect(result.summary).toContain('max-age 90 d')
  })

  it('changes nothing in validate-only mode', async () => {
    const result = await run({ 'tunnel-names': 'dc_*', 'validate-only': 'true' })

    expect(result.exitCode).toBe(0)
    expect(changingRequests().map((request) => request.query)).toEqual([{ validate_only: 'true' }, { validate_only: 'true' }])
    for (const tunnel of cloudflare.tunnels) expect(tunnel.pskHistory).toHaveLength(1)
    expect(resultsOf(result).map((entry) => entry.status)).toEqual(['validated', 'validated'])
    expect(psksOf(result)).toEqual({})
    expect(result.outputs['rotated-count']).toBe('0')
    expect(result.outputs['validated-count']).toBe('2')
    expect(result.summary).toContain('validate-only: nothing was changed')
  })

  it('keeps at most `concurrency` requests in flight', async () => {
    await cloudflare.stop()
    cloudflare = await FakeCloudflare.start({
      latencyMs: 40,
      tunnels: Array.from({ length: 12 }, (_, i) => ({ name: `edge_${i}` })),
    })
    const result = await run({ 'tunnel-ids': 'all', concurrency: '3' })
    expect(result.exitCode).toBe(0)
    expect(cloudflare.stats.maxInFlight).toBe(3)
    expect(result.stdout).toMatch(/^\[12\/12\] rotated edge_\d+$/m)
  })

  it('authenticates with the legacy Global API Key', async () => {
    await cloudflare.stop()
    cloudflare = await FakeCloudflare.start({ apiEmail: 'ops@example.com', apiKey: 'legacy-global-key-1234', tunnels: [{ name: 'solo' }] })
    const result = await runAction({
      inputs: {
        'account-id': cloudflare.accountId,
        'api-email': 'ops@example.com',
        'api-key': 'legacy-global-key-1234',
        'api-base-url': cloudflare.baseUrl,
        'tunnel-ids': 'all',
      },
    })
    expect(result.exitCode).toBe(0)
    expect(cloudflare.requests[0]?.headers['x-auth-key']).toBe('legacy-global-key-1234')
    assertMaskedBeforeUse(result.stdout, ['legacy-global-key-1234', cloudflare.tunnel('solo').psk])
  })
})

describe('failures', () => {
  it("goes on after one tunnel fails, then fails the step naming it with Cloudflare's error", async () => {
    const failing = cloudflare.tunnel('branch_2')
    cloudflare.generateFailures.set(failing.id, { status: 400, code: 1001, message: 'tunnel is being provisioned' })
    const result = await run({ 'tunnel-ids': 'all' })

    expect(result.exitCode).toBe(1)
    const failed = resultsOf(result).find((entry) => entry.id === failing.id)
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 400.*\[1001\] tunnel is being provisioned/) })
    expect(failing.pskHistory).toHaveLength(1)
    expect(Object.keys(psksOf(result))).toHaveLength(4)
    expect(result.outputs).toMatchObject({ 'rotated-count': '4', 'failed-count': '1' })
    expect(errorLines(result)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::Tunnel branch_2 \\(${failing.id}\\): Cloudflare refused to generate a PSK for tunnel branch_2 \\(HTTP 400\\): \\[1001\\] tunnel is being provisioned`,
        ),
      ),
      '::error::1 of 5 tunnels failed: branch_2.',
    ])
    expect(result.summary).toContain('[1001] tunnel is being provisioned')
    expect(result.summary).toMatchSnapshot()
    expectNoLeak(result, Object.values(psksOf(result)))
  })

  it('waits out a 429 with Retry-After and retries 5xx and dropped connections', async () => {
    const [first, second, third] = cloudflare.tunnels
    cloudflare.inject(
      { method: 'POST', path: `/accounts/${cloudflare.accountId}/magic/ipsec_tunnels/${first!.id}/psk_generate` },
      { kind: 'status', status: 429, retryAfter: '1' },
    )
    cloudflare.inject(
      { method: 'POST', path: `/accounts/${cloudflare.accountId}/magic/ipsec_tunnels/${second!.id}/psk_generate` },
      { kind: 'status', status: 503 },
      2,
    )
    cloudflare.inject(
      { method: 'POST', path: `/accounts/${cloudflare.accountId}/magic/ipsec_tunnels/${third!.id}/psk_generate` },
      { kind: 'reset' },
    )
    const result = await run({ 'tunnel-ids': 'all' })

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(
      /Cloudflare rate limit hit \(HTTP 429\) on generate a PSK for tunnel branch_1; waiting 1 s as Retry-After asks/,
    )
    expect(result.stdout).toMatch(/generate a PSK for tunnel branch_2: Cloudflare answered HTTP 503; retrying in/)
    expect(result.stdout).toMatch(/generate a PSK for tunnel branch_3: connection error/)
    const psks = psksOf(result)
    for (const tunnel of cloudflare.tunnels) expect(psks[tunnel.id]).toBe(tunnel.psk)
  })

  it('retries a psk_generate whose answer was lost and reports the PSK from the last successful call', async () => {
    const tunnel = cloudflare.tunnel('dc_fra')
    cloudflare.inject({ method: 'POST', path: new RegExp(`${tunnel.id}/psk_generate$`) }, { kind: 'reset-after-apply' })
    const result = await run({ 'tunnel-names': 'dc_fra' })

    expect(result.exitCode).toBe(0)
    expect(tunnel.pskHistory).toHaveLength(3)
    expect(psksOf(result)).toEqual({ [tunnel.id]: tunnel.psk })
    assertMaskedBeforeUse(result.stdout, [tunnel.psk])
  })

  it('re-reads the tunnel when a psk_generate outcome stays unknown and says the PSK changed', async () => {
    const tunnel = cloudflare.tunnel('branch_1')
    cloudflare.inject({ method: 'POST', path: new RegExp(`${tunnel.id}/psk_generate$`) }, { kind: 'reset-after-apply' }, 5)
    const result = await run({ 'tunnel-names': 'branch_1' })

    expect(result.exitCode).toBe(1)
    expect(cloudflare.requests.filter((request) => request.method === 'GET').map((request) => request.path)).toEqual([
      `/accounts/${cloudflare.accountId}/magic/ipsec_tunnels`,
      `/accounts/${cloudflare.accountId}/magic/ipsec_tunnels/${tunnel.id}`,
    ])
    const [entry] = resultsOf(result)
    expect(entry?.error).toMatch(/failed after 5 attempts.*Cloudflare shows a new PSK generated at .* Re-run to rotate this tunnel again\./)
    expect(psksOf(result)).toEqual({})
    for (const psk of tunnel.pskHistory) expect(result.stdout).not.toContain(psk)
  })

  it('stops before changing anything when an ID is not in the account', async () => {
    const result = await run({ 'tunnel-ids': `${cloudflare.tunnel('branch_1').id},ffffffffffffffffffffffffffffffff` })
    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      "::error::Input 'tunnel-ids': tunnel ffffffffffffffffffffffffffffffff is not in this account's IPsec tunnels.",
    ])
    expect(changingRequests()).toEqual([])
  })

  it('stops before changing anything when a name pattern matches nothing', async () => {
    const result = await run({ 'tunnel-names': 'branch_*\nedge_*' })
    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual(["::error::Input 'tunnel-names': no tunnel name matches 'edge_*'."])
    expect(changingRequests()).toEqual([])
  })

  it('explains a rejected token', async () => {
    const result = await run({ 'api-token': 'wrong-token-value', 'tunnel-ids': 'all' })
    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      "::error::Cloudflare refused to list the account's IPsec tunnels (HTTP 403): [10000] Authentication error (check that the token is for this account and has 'Magic WAN Write' or 'Magic Transit Write'.)",
    ])
    assertMaskedBeforeUse(result.stdout, ['wrong-token-value'])
  })

  it.each([
    [
      'an unknown mode',
      { mode: 'rotate', 'tunnel-ids': 'all' },
      /^::error::Input 'mode': expected 'generate', 'set' or 'verify', got 'rotate'\.$/,
    ],
    [
      'a malformed tunnel ID',
      { 'tunnel-ids': 'branch-1' },
      /^::error::Input 'tunnel-ids': expected tunnel IDs of 32 hexadecimal characters/,
    ],
    ['no selection', {}, /^::error::Input 'tunnel-ids': select tunnels/],
    ['a bad max-age', { 'tunnel-ids': 'all', 'max-age': 'monthly' }, /^::error::Input 'max-age': .*got 'monthly'\.$/],
    ['a bad boolean', { 'tunnel-ids': 'all', 'validate-only': 'yep' }, /^::error::Input 'validate-only': expected 'true' or 'false'/],
    ['a missing account', { 'account-id': '', 'tunnel-ids': 'all' }, /^::error::Input 'account-id': is required/],
    ['missing credentials', { 'api-token': '', 'tunnel-ids': 'all' }, /^::error::Input 'api-token': is required/],
  ])('rejects %s with one clear error and no request', async (_case, inputs, message) => {
    const result = await run(inputs)
    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([expect.stringMatching(message)])
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /)
    expect(cloudflare.requests).toEqual([])
    expect(result.outputs).toEqual({})
  })
})
