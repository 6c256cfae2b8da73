import { assertPsksOutputMasked } from './helpers/runner-log.js'
import { errorLines, psksOf, resultsOf } from './helpers/outputs.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { stopAndCheckAfterEach } from './helpers/fake-checks.js'
import { assertMaskedBeforeUse, runAction, type ActionRun } from './helpers/run-action.js'

let cloudflare: FakeCloudflare

beforeEach(async () => {
  cloudflare = await FakeCloudflare.start({
    tunnels: ['branch_1', 'branch_2', 'branch_3', 'dc_fra'].map((name) => ({ name, lastGeneratedOn: '2025-01-01T00:00:00Z' })),
  })
})
stopAndCheckAfterEach(() => [cloudflare])

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      mode: 'set',
      ...inputs,
    },
  })
const bulkRequests = () => cloudflare.requests.filter((request) => request.method === 'POST')

describe('set mode', () => {
  it("applies generated PSKs in one bulk request and reports each tunnel's IKE identity", async () => {
    const result = await run({ 'tunnel-ids': 'all', 'psk-length': '48' })

    expect(result.exitCode).toBe(0)
    expect(bulkRequests()).toHaveLength(1)
    expect(bulkRequests()[0]?.path).toBe(`/accounts/${cloudflare.accountId}/magic/ipsec_tunnels/psk`)
    const psks = psksOf(result)
    expect(new Set(Object.values(psks)).size).toBe(4)
    for (const tunnel of cloudflare.tunnels) {
      expect(psks[tunnel.id]).toBe(tunnel.psk)
      expect(tunnel.psk).toMatch(/^[A-Za-z0-9]{48}$/)
    }
    expect(resultsOf(result)).toEqual(
      cloudflare.tunnels.map((tunnel) =>
        expect.objectContaining({ id: tunnel.id, status: 'rotated', ipsec_id: tunnel.ipsecId, last_generated_on: tunnel.lastGeneratedOn }),
      ),
    )
    assertMaskedBeforeUse(result.stdout, [DEFAULT_API_TOKEN, ...Object.values(psks)])
    assertPsksOutputMasked(result)
    for (const psk of Object.values(psks)) {
      expect(result.summary).not.toContain(psk)
      expect(result.outputs.results).not.toContain(psk)
    }
  })

  it('applies the PSKs the user gives, as lines or JSON, and generates the rest', async () => {
    const [first, second] = cloudflare.tunnels
    const given = { [first!.id]: 'User-Chosen-PSK-1!', [second!.id]: 'quote"and\\slash-psk' }
    for (const psksInput of [
      Object.entries(given)
        .map(([id, psk]) => `${id}=${psk}`)
        .join('\n'),
      JSON.stringify(given),
    ]) {
      const result = await run({ 'tunnel-names': 'branch_*', psks: psksInput })
      expect(result.exitCode).toBe(0)
      expect(first!.psk).toBe(given[first!.id])
      expect(second!.psk).toBe(given[second!.id])
      const third = cloudflare.tunnel('branch_3')
      expect(psksOf(result)).toEqual({ ...given, [third.id]: third.psk })
      expect(cloudflare.tunnel('dc_fra').pskHistory).toHaveLength(1)
      assertMaskedBeforeUse(result.stdout, [...Object.values(given), third.psk])
      // The JSON-escaped form is masked too, for a later step that prints the psks output.
      expect(result.stdout).toContain('::add-mask::quote\\"and\\\\slash-psk')
    }
  })

  it('fails the tunnels Cloudflare did not apply and keeps their PSKs out of psks', async () => {
    const refused = cloudflare.tunnel('branch_2')
    cloudflare.unapplied.set(refused.id, 'PSK does not meet the complexity requirements')
    const result = await run({ 'tunnel-ids': 'all' })

    expect(result.exitCode).toBe(1)
    expect(refused.pskHistory).toHaveLength(1)
    const psks = psksOf(result)
    expect(Object.keys(psks)).toHaveLength(3)
    expect(psks[refused.id]).toBeUndefined()
    expect(resultsOf(result).find((entry) => entry.id === refused.id)).toMatchObject({
      status: 'failed',
      error: 'Cloudflare did not apply the PSK: PSK does not meet the complexity requirements',
    })
    expect(errorLines(result)[0]).toBe(
      `::error::Tunnel branch_2 (${refused.id}): Cloudflare did not apply the PSK: PSK does not meet the complexity requirements`,
    )
    expect(result.summary).toContain('PSK does not meet the complexity requirements')
    expect(result.outputs).toMatchObject({ 'rotated-count': '3', 'failed-count': '1' })
  })

  it('validates without changing anything', async () => {
    const result = await run({ 'tunnel-ids': 'all', 'validate-only': 'true' })

    expect(result.exitCode).toBe(0)
    expect(bulkRequests().map((request) => request.query)).toEqual([{ validate_only: 'true' }])
    expect((bulkRequests()[0]?.body as { psks: unknown[] }).psks).toHaveLength(4)
    for (const tunnel of cloudflare.tunnels) expect(tunnel.pskHistory).toHaveLength(1)
    expect(psksOf(result)).toEqual({})
    expect(resultsOf(result).map((entry) => entry.status)).toEqual(['validated', 'validated', 'validated', 'validated'])
  })

  it('splits large fleets into bulk requests of at most 100 tunnels', async () => {
    await cloudflare.stop()
    cloudflare = await FakeCloudflare.start({ tunnels: Array.from({ length: 250 }, (_, i) => ({ name: `site_${i}` })) })
    const result = await run({ 'tunnel-ids': 'all' })

    expect(result.exitCode).toBe(0)
    expect(bulkRequests().map((request) => (request.body as { psks: unknown[] }).psks.length)).toEqual([100, 100, 50])
    expect(cloudflare.requests).toHaveLength(4)
    const psks = psksOf(result)
    for (const tunnel of cloudflare.tunnels) expect(psks[tunnel.id]).toBe(tunnel.psk)
    expect(result.outputs['rotated-count']).toBe('250')
  })

  it('retries a bulk request whose answer was lost', async () => {
    cloudflare.inject({ method: 'POST', path: /\/psk$/ }, { kind: 'reset-after-apply' })
    const result = await run({ 'tunnel-ids': 'all' })
    expect(result.exitCode).toBe(0)
    expect(bulkRequests()).toHaveLength(2)
    const psks = psksOf(result)
    for (const tunnel of cloudflare.tunnels) expect(psks[tunnel.id]).toBe(tunnel.psk)
  })

  it('rejects a PSK for a tunnel that is not selected before changing anything', async () => {
    const result = await run({ 'tunnel-names': 'branch_*', psks: `${cloudflare.tunnel('dc_fra').id}=Stray-PSK-value` })
    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([
      "::error::Input 'psks': entry 1 names a tunnel ID that is not among the selected tunnels: check that each key is a selected tunnel's ID and each value its PSK.",
    ])
    expect(bulkRequests()).toEqual([])
    assertMaskedBeforeUse(result.stdout, ['Stray-PSK-value'])
  })

  it.each([
    [
      'psks in generate mode',
      { mode: 'generate', psks: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=Some-PSK-123' },
      /^::error::Input 'psks': is only used with 'mode: set'/,
    ],
    ['a malformed psks line', { psks: 'branch_1: Secret-Value-9' }, /^::error::Input 'psks': line 1 is not of the form TUNNEL_ID=PSK\.$/],
    [
      'a PSK with whitespace',
      { psks: '{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": "two words"}' },
      /^::error::Input 'psks': entry 1: the PSK for tunnel a{32} must be printable ASCII without whitespace\.$/,
    ],
    ['a bad psk-length', { 'psk-length': '12' }, /^::error::Input 'psk-length': expected a whole number from 16 to 128, got '12'\.$/],
  ])('rejects %s before any request', async (_case, inputs, message) => {
    const result = await run({ 'tunnel-ids': 'all', ...inputs })
    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toEqual([expect.stringMatching(message)])
    expect(cloudflare.requests).toEqual([])
    const unmaskedLines = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    for (const secret of ['Some-PSK-123', 'Secret-Value-9', 'two words']) {
      expect(unmaskedLines.filter((line) => line.includes(secret))).toEqual([])
    }
  })
})
