import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { assertMaskedBeforeUse, runAction } from './helpers/run-action.js'

let cloudflare: FakeCloudflare | undefined
afterEach(async () => {
  await cloudflare?.stop()
})

describe('Cloudflare rate limits', () => {
  it('slows down before an announced budget runs out, so no request is refused', async () => {
    cloudflare = await FakeCloudflare.start({
      latencyMs: 5,
      rateLimit: { limit: 12, windowSeconds: 1, announce: true },
      tunnels: Array.from({ length: 30 }, (_, i) => ({ name: `site_${i}` })),
    })
    const result = await runAction({
      inputs: {
        'account-id': cloudflare.accountId,
        'api-token': DEFAULT_API_TOKEN,
        'api-base-url': cloudflare.baseUrl,
        'tunnel-ids': 'all',
        concurrency: '4',
      },
    })

    expect(result.exitCode).toBe(0)
    expect(cloudflare.stats.responses429).toBe(0)
    expect(cloudflare.requests).toHaveLength(31)
    expect(result.stdout).toMatch(
      /Cloudflare rate limit: the request budget for this window is used up; pausing for [\d.]+ s until it resets\./,
    )
    const psks = JSON.parse(result.outputs.psks ?? '{}') as Record<string, string>
    for (const tunnel of cloudflare.tunnels) expect(psks[tunnel.id]).toBe(tunnel.psk)
    assertMaskedBeforeUse(result.stdout, Object.values(psks))
  })

  it('without announced budget, waits for Retry-After when refused', async () => {
    cloudflare = await FakeCloudflare.start({
      rateLimit: { limit: 6, windowSeconds: 1, announce: false },
      tunnels: Array.from({ length: 8 }, (_, i) => ({ name: `site_${i}` })),
    })
    const result = await runAction({
      inputs: {
        'account-id': cloudflare.accountId,
        'api-token': DEFAULT_API_TOKEN,
        'api-base-url': cloudflare.baseUrl,
        'tunnel-ids': 'all',
        concurrency: '2',
      },
    })

    expect(result.exitCode).toBe(0)
    expect(cloudflare.stats.responses429).toBeGreaterThan(0)
    expect(result.stdout).toMatch(
      /Cloudflare rate limit hit \(HTTP 429\) on generate a PSK for tunnel site_\d; waiting 1 s as Retry-After asks/,
    )
    const psks = JSON.parse(result.outputs.psks ?? '{}') as Record<string, string>
    expect(Object.keys(psks)).toHaveLength(8)
  })
})
