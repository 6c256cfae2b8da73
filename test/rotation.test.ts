// The rotation and the Cloudflare client in-process, against the loopback fake Cloudflare: the
// riskiest logic, with the retry waits shrunk so that every path runs in milliseconds.
import { Agent } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CloudflareApiError, CloudflareClient, type Tunnel } from '../src/cloudflare.js'
import { HttpClient } from '../src/http.js'
import { LivePsks } from '../src/live-psks.js'
import type { Logger } from '../src/logger.js'
import { rotateByGenerating, rotateBySetting, type PskStore, type RotationOptions } from '../src/rotation.js'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeTunnelSeed } from './fakes/cloudflare.js'
import { TamperingProxy } from './helpers/tampering-proxy.js'

interface Lab {
  cloudflare: FakeCloudflare
  client: CloudflareClient
  masked: string[]
  log: string[]
  logger: Logger
}

let dispatcher: Agent
let fake: FakeCloudflare | undefined
let proxy: TamperingProxy | undefined
beforeEach(() => {
  dispatcher = new Agent({ connections: 4 })
})
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
  await fake?.stop()
  fake = undefined
  await dispatcher.close()
})

async function lab(tunnels: FakeTunnelSeed[], via?: (fake: FakeCloudflare) => Promise<string>): Promise<Lab> {
  fake = await FakeCloudflare.start({ tunnels })
  const log: string[] = []
  const logger: Logger = {
    info: (message) => log.push(`info ${message}`),
    warning: (message) => log.push(`warning ${message}`),
    error: (message) => log.push(`error ${message}`),
    debug: () => undefined,
  }
  const http = new HttpClient({
    dispatcher,
    logger,
    service: 'Cloudflare',
    retry: { baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 2_000 },
    random: () => 0.5,
  })
  const masked: string[] = []
  const baseUrl = via ? await via(fake) : fake.baseUrl
  const client = new CloudflareClient(
    http,
    baseUrl,
    fake.accountId,
    { kind: 'token', token: DEFAULT_API_TOKEN },
    (psk) => masked.push(psk),
    logger,
  )
  return { cloudflare: fake, client, masked, log, logger }
}

const options = (logger: Logger, fields: Partial<RotationOptions> = {}): RotationOptions => ({
  validateOnly: false,
  concurrency: 2,
  logger,
  livePsks: new LivePsks(),
  ...fields,
})

const SEEDS: FakeTunnelSeed[] = [
  { name: 'branch_1', lastGeneratedOn: '2025-01-01T00:00:00Z' },
  { name: 'branch_2', lastGeneratedOn: '2025-02-01T00:00:00Z' },
]

/** A destination that records what it was given, and can be told to refuse. */
function recordingStore(refuse: (tunnel: Tunnel) => boolean = () => false): PskStore & { stored: Map<string, string> } {
  const stored = new Map<string, string>()
  return {
    stored,
    secretNameFor: (tunnel) => `IPSEC_PSK_${tunnel.name.toUpperCase()}`,
    store: (tunnel, psk) => {
      if (refuse(tunnel)) return Promise.reject(new Error('GitHub refused the write.'))
      stored.set(tunnel.id, psk)
      return Promise.resolve()
    },
    unavailable: () => null,
  }
}

describe('CloudflareClient', () => {
  it('lists every tunnel once, with the router facts of the 2026 tunnel object', async () => {
    const { client, cloudflare } = await lab([{ name: 'hq', customerEndpoint: '198.51.100.9', fqdnId: 'hq.custom.ipsec.cloudflare.com' }])
    const [tunnel] = await client.listTunnels()
    expect(tunnel).toMatchObject({
      id: cloudflare.tunnel('hq').id,
      name: 'hq',
      healthCheckEnabled: true,
      router: { customerEndpoint: '198.51.100.9', fqdnId: 'hq.custom.ipsec.cloudflare.com' },
    })
    expect(cloudflare.violations).toEqual([])
  })

  it('masks a generated PSK before anything else looks at the answer', async () => {
    const { client, masked, cloudflare } = await lab(SEEDS)
    const [tunnel] = await client.listTunnels()
    const generated = await client.generatePsk(tunnel!, false)
    expect(generated.psk).toBe(cloudflare.tunnel('branch_1').psk)
    expect(masked).toContain(generated.psk)
  })

  it("quotes three of Cloudflare's errors and counts the rest", async () => {
    const { client, cloudflare } = await lab(SEEDS)
    const errors = Array.from({ length: 12 }, (_, index) => ({ code: 1000 + index, message: `problem ${index}` }))
    cloudflare.generateFailures.set(cloudflare.tunnel('branch_1').id, { status: 400, code: 0, message: '', errors })
    const [tunnel] = await client.listTunnels()
    const failure = await client.generatePsk(tunnel!, false).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(CloudflareApiError)
    expect((failure as Error).message).toBe(
      'Cloudflare refused to generate a PSK for tunnel branch_1 (HTTP 400): [1000] problem 0; [1001] problem 1; [1002] problem 2 and 9 more errors',
    )
  })
})

describe('rotateByGenerating', () => {
  it('rotates every tunnel, stores each live PSK and records it before the answer is judged', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    const store = recordingStore()
    const live = new LivePsks()
    const results = await rotateByGenerating(client, await client.listTunnels(), options(logger, { store, livePsks: live }))

    expect(results.map((result) => [result.name, result.status])).toEqual([
      ['branch_1', 'rotated'],
      ['branch_2', 'rotated'],
    ])
    for (const tunnel of cloudflare.tunnels) {
      expect(store.stored.get(tunnel.id)).toBe(tunnel.psk)
      expect(live.has(tunnel.id)).toBe(true)
    }
    expect(live.onlyInOutput()).toEqual([])
  })

  it('keeps a live PSK that could not be stored in psks, and fails that tunnel', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    const live = new LivePsks()
    const results = await rotateByGenerating(
      client,
      await client.listTunnels(),
      options(logger, { store: recordingStore((tunnel) => tunnel.name === 'branch_2'), livePsks: live }),
    )
    const failed = results.find((result) => result.name === 'branch_2')
    expect(failed?.status).toBe('failed')
    expect(failed?.error).toMatch(/^The new PSK is live on Cloudflare but was not stored: GitHub refused the write\./)
    expect(live.onlyInOutput()).toEqual([cloudflare.tunnel('branch_2').id])
    expect(live.toRecord()[cloudflare.tunnel('branch_2').id]).toBe(cloudflare.tunnel('branch_2').psk)
  })

  it('a refusal changes nothing: the previous PSK stays live and nothing is handed over', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    cloudflare.generateFailures.set(cloudflare.tunnel('branch_1').id, { status: 403, code: 10000, message: 'Authentication error' })
    const live = new LivePsks()
    const results = await rotateByGenerating(client, await client.listTunnels(), options(logger, { livePsks: live }))
    expect(results[0]).toMatchObject({ status: 'failed', error: expect.stringContaining("has 'Magic WAN Write'") as unknown })
    expect(live.has(cloudflare.tunnel('branch_1').id)).toBe(false)
  })

  it('an answer lost after Cloudflare applied it: the tunnel is re-read and the lost PSK said to be unknown', async () => {
    const { client, cloudflare, logger } = await lab([SEEDS[0]!])
    cloudflare.inject({ method: 'POST', path: /psk_generate$/ }, { kind: 'reset-after-apply' }, 5)
    const results = await rotateByGenerating(client, await client.listTunnels(), options(logger))
    expect(results[0]?.status).toBe('failed')
    expect(results[0]?.error).toMatch(/Cloudflare shows a new PSK generated at .*, but it never reached this run/)
  })

  it('a strange but non-empty PSK is live: kept, with a warning naming the tunnel', async () => {
    const { client, cloudflare, logger, log } = await lab([SEEDS[0]!])
    cloudflare.generatedPsks.push('with blanks and ü')
    const live = new LivePsks()
    const results = await rotateByGenerating(client, await client.listTunnels(), options(logger, { livePsks: live }))
    expect(results[0]?.status).toBe('rotated')
    expect(live.toRecord()).toEqual({ [cloudflare.tunnel('branch_1').id]: 'with blanks and ü' })
    expect(log).toContainEqual(
      expect.stringMatching(/^warning Tunnel branch_1: Cloudflare's new PSK holds characters other than printable ASCII/),
    )
  })

  it('validate-only that Cloudflare ignored: the PSKs it returned go live in psks and the tunnels fail', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    cloudflare.misbehave.ignoreValidateOnly = true
    const live = new LivePsks()
    const results = await rotateByGenerating(client, await client.listTunnels(), options(logger, { validateOnly: true, livePsks: live }))
    expect(results.every((result) => result.status === 'failed')).toBe(true)
    expect(results[0]?.error).toMatch(/^Cloudflare ignored validate_only and replaced this tunnel's PSK/)
    expect(live.toRecord()).toEqual(Object.fromEntries(cloudflare.tunnels.map((tunnel) => [tunnel.id, tunnel.psk])))
  })

  it('validate-only that Cloudflare honoured: validated, nothing live', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    const before = cloudflare.tunnels.map((tunnel) => tunnel.psk)
    const live = new LivePsks()
    const results = await rotateByGenerating(client, await client.listTunnels(), options(logger, { validateOnly: true, livePsks: live }))
    expect(results.map((result) => result.status)).toEqual(['validated', 'validated'])
    expect(cloudflare.tunnels.map((tunnel) => tunnel.psk)).toEqual(before)
    expect(live.size).toBe(0)
  })

  it('once the store is unavailable, no further tunnel is rotated', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    const store = { ...recordingStore(), unavailable: () => 'GitHub refused the token (HTTP 401).' }
    const results = await rotateByGenerating(client, await client.listTunnels(), options(logger, { store }))
    expect(results.map((result) => result.status)).toEqual(['failed', 'failed'])
    expect(results[0]?.error).toBe('Not rotated, so its previous PSK is still live: GitHub refused the token (HTTP 401).')
    expect(cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
  })
})

describe('rotateBySetting', () => {
  it('applies the chosen PSKs in one bulk request and stores each', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    const tunnels = await client.listTunnels()
    const psks = new Map(tunnels.map((tunnel) => [tunnel.id, `Chosen-PSK-for-${tunnel.name}-0123456789`]))
    const store = recordingStore()
    const results = await rotateBySetting(client, tunnels, psks, options(logger, { store }))
    expect(results.map((result) => result.status)).toEqual(['rotated', 'rotated'])
    expect(results[0]?.ipsecId).toBe(cloudflare.tunnel('branch_1').ipsecId)
    expect(cloudflare.requests.filter((request) => request.path.endsWith('/psk'))).toHaveLength(1)
    for (const tunnel of cloudflare.tunnels) expect(tunnel.psk).toBe(psks.get(tunnel.id))
    expect(store.stored).toEqual(psks)
  })

  it('an unapplied tunnel fails with its previous PSK live; one left out of the answer keeps its PSK in psks', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    const tunnels = await client.listTunnels()
    cloudflare.unapplied.set(tunnels[0]!.id, 'tunnel busy')
    cloudflare.misbehave.omitFromBulkAnswer.add(tunnels[1]!.id)
    const psks = new Map(tunnels.map((tunnel) => [tunnel.id, `Chosen-PSK-for-${tunnel.name}-0123456789`]))
    const live = new LivePsks()
    const results = await rotateBySetting(client, tunnels, psks, options(logger, { livePsks: live }))
    expect(results[0]).toMatchObject({ status: 'failed', error: 'Cloudflare did not apply the PSK: tunnel busy' })
    expect(results[1]?.error).toMatch(/^Cloudflare reported the tunnel neither applied nor unapplied, so the new PSK may be live/)
    expect(live.toRecord()).toEqual({ [tunnels[1]!.id]: psks.get(tunnels[1]!.id) })
  })

  it('a bulk call whose outcome stays unknown keeps every PSK it sent in psks', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    const tunnels = await client.listTunnels()
    cloudflare.inject({ method: 'POST', path: /\/psk$/ }, { kind: 'status', status: 502 }, 5)
    const psks = new Map(tunnels.map((tunnel) => [tunnel.id, `Chosen-PSK-for-${tunnel.name}-0123456789`]))
    const live = new LivePsks()
    const results = await rotateBySetting(client, tunnels, psks, options(logger, { livePsks: live }))
    expect(results.every((result) => result.status === 'failed' && /may be live on Cloudflare/.test(result.error ?? ''))).toBe(true)
    expect(live.toRecord()).toEqual(Object.fromEntries(psks))
  })
})

describe('answers that contradict themselves or arrive after a lost one', () => {
  const tampered = async (edit: (result: Record<string, Record<string, unknown>>, ids: string[]) => void): Promise<Lab> =>
    lab(SEEDS, async (cloudflare) => {
      proxy = await TamperingProxy.start(cloudflare.baseUrl)
      const ids = cloudflare.tunnels.map((tunnel) => tunnel.id)
      proxy.rewriteJson<{ result: Record<string, Record<string, unknown>> }>({ method: 'POST', path: /\/psk$/ }, (body) => {
        edit(body.result, ids)
        return body
      })
      return proxy.baseUrl
    })

  it.each([
    [
      'an entry filed under the other tunnel',
      (result: Record<string, Record<string, unknown>>, [a, b]: string[]) => {
        const applied = result.successfully_applied_psks ?? {}
        applied[a!] = { ...(applied[b!] as object) }
      },
      /filed/,
    ],
    [
      'another PSK reported applied',
      (result: Record<string, Record<string, unknown>>, [a]: string[]) => {
        const applied = result.successfully_applied_psks ?? {}
        applied[a!] = { ...(applied[a!] as object), psk: 'Some-other-PSK-0123456789' }
      },
      /a different PSK applied/,
    ],
    [
      'a tunnel both applied and not applied',
      (result: Record<string, Record<string, unknown>>, [a]: string[]) => {
        result.unapplied_psks = { [a!]: 'busy' }
      },
      /both as applied and as not applied/,
    ],
  ])('%s: that tunnel fails with its PSK kept, never that of another tunnel', async (_case, edit, why) => {
    const { client, logger } = await tampered(edit)
    const tunnels = await client.listTunnels()
    const psks = new Map(tunnels.map((tunnel) => [tunnel.id, `Chosen-PSK-for-${tunnel.name}-0123456789`]))
    const live = new LivePsks()
    const results = await rotateBySetting(client, tunnels, psks, options(logger, { livePsks: live }))
    expect(results[0]?.status).toBe('failed')
    expect(results[0]?.error).toMatch(why)
    expect(live.toRecord()[tunnels[0]!.id]).toBe(psks.get(tunnels[0]!.id))
  })

  it('a psk_generate retried after a lost answer is checked against the tunnel and kept when it is the live one', async () => {
    const { client, cloudflare, logger } = await lab([SEEDS[0]!])
    cloudflare.inject({ method: 'POST', path: /psk_generate$/ }, { kind: 'reset-after-apply' }, 1)
    const live = new LivePsks()
    const results = await rotateByGenerating(client, await client.listTunnels(), options(logger, { livePsks: live }))
    expect(results[0]?.status).toBe('rotated')
    expect(live.toRecord()).toEqual({ [cloudflare.tunnel('branch_1').id]: cloudflare.tunnel('branch_1').psk })
    expect(
      cloudflare.requests.filter((request) => request.method === 'GET' && /ipsec_tunnels\/[0-9a-f]{32}$/.test(request.path)),
    ).toHaveLength(1)
  })

  it('set mode validate-only: validated, nothing live, once the listing confirms nothing changed', async () => {
    const { client, cloudflare, logger } = await lab(SEEDS)
    const tunnels = await client.listTunnels()
    const psks = new Map(tunnels.map((tunnel) => [tunnel.id, `Chosen-PSK-for-${tunnel.name}-0123456789`]))
    const live = new LivePsks()
    const results = await rotateBySetting(client, tunnels, psks, options(logger, { validateOnly: true, livePsks: live }))
    expect(results.map((result) => result.status)).toEqual(['validated', 'validated'])
    expect(live.size).toBe(0)
    expect(cloudflare.tunnels.every((tunnel) => tunnel.pskHistory.length === 1)).toBe(true)
  })
})
