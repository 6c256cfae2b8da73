import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_ID, DEFAULT_API_TOKEN, ERROR_CODES, FakeCloudflare, type FakeCloudflareOptions } from './cloudflare.js'

const SPEC_ID = 'ipsec-psk.openapi.json'
// A copy of the team's ../shared/cloudflare/ipsec-psk.openapi.json, so the tests also run where
// that folder is absent (a fork's GitHub workflow); .ci/run fails if the two drift apart.
const spec: unknown = JSON.parse(readFileSync(new URL('../fixtures/cloudflare-ipsec-psk.openapi.json', import.meta.url), 'utf8'))
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats.default(ajv)
ajv.addSchema(spec as object, SPEC_ID)

const LIST = '/accounts/{account_id}/magic/ipsec_tunnels'
const GET_ONE = '/accounts/{account_id}/magic/ipsec_tunnels/{ipsec_tunnel_id}'
const GENERATE = '/accounts/{account_id}/magic/ipsec_tunnels/{ipsec_tunnel_id}/psk_generate'
const BULK_SET = '/accounts/{account_id}/magic/ipsec_tunnels/psk'
const FAILURE_ENVELOPE = ['components', 'schemas', 'magic_api-response-common-failure']

function schemaAt(...segments: string[]): ValidateFunction {
  const pointer = segments.map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1')))
  const validate = ajv.getSchema(`${SPEC_ID}#/${pointer.join('/')}`)
  if (!validate) throw new Error(`No schema at ${segments.join(' > ')}`)
  return validate
}

function responseSchema(path: string, method: 'get' | 'post', status: '200' | '4XX'): ValidateFunction {
  return schemaAt('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')
}

/**
 * The upstream 4XX schemas are allOf(<success envelope>, <failure envelope>), which no body can satisfy
 * (success must be both true and false). Failures are therefore checked against the failure member alone;
 * the reconstructed bulk operation already references it directly.
 */
function failureSchema(path: string, method: 'get' | 'post'): ValidateFunction {
  const validate = responseSchema(path, method, '4XX')
  const allOf = (validate.schema as { allOf?: { $ref?: string }[] }).allOf
  return allOf ? schemaAt(...FAILURE_ENVELOPE) : validate
}

function expectValid(validate: ValidateFunction, body: unknown): void {
  const valid = validate(body)
  expect(validate.errors ?? [], JSON.stringify(body)).toEqual([])
  expect(valid).toBe(true)
}

const ok = {
  list: responseSchema(LIST, 'get', '200'),
  getOne: responseSchema(GET_ONE, 'get', '200'),
  generate: responseSchema(GENERATE, 'post', '200'),
  bulkSet: responseSchema(BULK_SET, 'post', '200'),
  tunnel: schemaAt('components', 'schemas', 'magic_ipsec-tunnel'),
}
// The current tunnel object, from the 2026 excerpt (a copy of ../shared/cloudflare/ipsec-psk.openapi-2026.json).
const spec2026: unknown = JSON.parse(readFileSync(new URL('../fixtures/cloudflare-ipsec-psk.openapi-2026.json', import.meta.url), 'utf8'))
ajv.addSchema(spec2026 as object, 'ipsec-psk.openapi-2026.json')
const tunnel2026 = ajv.getSchema('ipsec-psk.openapi-2026.json#/components/schemas/magic_ipsec-tunnel') as ValidateFunction

const failed = {
  list: failureSchema(LIST, 'get'),
  getOne: failureSchema(GET_ONE, 'get'),
  generate: failureSchema(GENERATE, 'post'),
  bulkSet: failureSchema(BULK_SET, 'post'),
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: any
}

const SEEDS: FakeCloudflareOptions['tunnels'] = [
  { name: 'edge-fra', lastGeneratedOn: '2025-01-01T00:00:00Z', psk: 'InitialFraPsk0000000000000000000' },
  { name: 'edge-ams' },
  { name: 'edge-lhr', id: 'c4a7362d577a6c3019a474fd6f485821' },
]

let fake: FakeCloudflare
let tunnelsPath: string

async function startFake(options: FakeCloudflareOptions = {}): Promise<void> {
  fake = await FakeCloudflare.start({ tunnels: SEEDS, ...options })
  tunnelsPath = `/accounts/${fake.accountId}/magic/ipsec_tunnels`
}

async function restartFake(options: FakeCloudflareOptions): Promise<void> {
  await fake.stop()
  await startFake(options)
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await request(`${fake.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${DEFAULT_API_TOKEN}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  return { status: response.statusCode, headers: response.headers, body: await response.body.json() }
}

const generate = (id: string, query = ''): Promise<Reply> => call('POST', `${tunnelsPath}/${id}/psk_generate${query}`, { body: {} })
const bulkSet = (psks: unknown, query = ''): Promise<Reply> => call('POST', `${tunnelsPath}/psk${query}`, { body: { psks } })

beforeEach(() => startFake())
afterEach(() => fake.stop())

describe('the OpenAPI excerpt', () => {
  it('has upstream 4XX schemas that reject every failure body, so failures use the failure envelope', () => {
    const failureBody = { success: false, errors: [{ code: 1002, message: 'x' }], messages: [], result: null }
    expect(responseSchema(GENERATE, 'post', '4XX')(failureBody)).toBe(false)
    expectValid(failed.generate, failureBody)
  })
})

describe('FakeCloudflare reads', () => {
  it('lists tunnels without PSKs, with psk_metadata only once a PSK was generated', async () => {
    const { status, body } = await call('GET', tunnelsPath)

    expect(status).toBe(200)
    expectValid(ok.list, body)
    const listed = body.result.ipsec_tunnels as Record<string, unknown>[]
    expect(listed.map((tunnel) => tunnel['name'])).toEqual(['edge-fra', 'edge-ams', 'edge-lhr'])
    expect(listed[0]!['psk_metadata']).toEqual({ last_generated_on: '2025-01-01T00:00:00Z' })
    expect(listed[1]).not.toHaveProperty('psk_metadata')
    expect(JSON.stringify(body)).not.toContain('InitialFraPsk')
  })

  it('derives stable 32-hex ids from names unless seeded', async () => {
    const again = await FakeCloudflare.start({ tunnels: SEEDS })
    await again.stop()

    expect(fake.tunnel('edge-fra').id).toMatch(/^[0-9a-f]{32}$/)
    expect(again.tunnels.map((tunnel) => tunnel.id)).toEqual(fake.tunnels.map((tunnel) => tunnel.id))
    expect(fake.tunnel('edge-lhr').id).toBe('c4a7362d577a6c3019a474fd6f485821')
    expect(() => fake.tunnel('nope')).toThrow(/nope/)
    expect(fake.accountId).toBe(DEFAULT_ACCOUNT_ID)
  })

  it('gets one tunnel as a full tunnel object', async () => {
    const { id } = fake.tunnel('edge-ams')
    const { status, body } = await call('GET', `${tunnelsPath}/${id}`)

    expect(status).toBe(200)
    expectValid(ok.getOne, body)
    expectValid(ok.tunnel, body.result.ipsec_tunnel)
    expect(body.result.ipsec_tunnel.id).toBe(id)
  })

  it('answers 404 for an unknown tunnel', async () => {
    const { status, body } = await call('GET', `${tunnelsPath}/${'0'.repeat(32)}`)

    expect(status).toBe(404)
    expectValid(failed.getOne, body)
    expect(body.errors[0].code).toBe(ERROR_CODES.tunnelNotFound)
  })
})

describe('FakeCloudflare psk_generate', () => {
  it('generates, persists and returns a fresh 32-character PSK', async () => {
    const tunnel = fake.tunnel('edge-fra')
    const { status, body } = await generate(tunnel.id)

    expect(status).toBe(200)
    expectValid(ok.generate, body)
    expect(body.result.ipsec_tunnel_id).toBe(tunnel.id)
    expect(body.result.psk).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(tunnel.psk).toBe(body.result.psk)
    expect(tunnel.pskHistory).toEqual(['InitialFraPsk0000000000000000000', body.result.psk])
    expect(tunnel.lastGeneratedOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(body.result.psk_metadata.last_generated_on).toBe(tunnel.lastGeneratedOn)
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `${tunnelsPath}/${tunnel.id}/psk_generate`, body: {} })
  })

  it('returns a PSK but changes nothing with validate_only=true', async () => {
    const tunnel = fake.tunnel('edge-ams')
    const { status, body } = await generate(tunnel.id, '?validate_only=true')

    expect(status).toBe(200)
    expectValid(ok.generate, body)
    expect(body.result.psk).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(tunnel.psk).not.toBe(body.result.psk)
    expect(tunnel.pskHistory).toHaveLength(1)
    expect(tunnel.lastGeneratedOn).toBeNull()
    expect(fake.requests.at(-1)?.query).toEqual({ validate_only: 'true' })
  })

  it('answers a configured generate failure and keeps the PSK', async () => {
    const tunnel = fake.tunnel('edge-ams')
    fake.generateFailures.set(tunnel.id, { status: 409, code: 1020, message: 'tunnel is being modified' })
    const { status, body } = await generate(tunnel.id)

    expect(status).toBe(409)
    expectValid(failed.generate, body)
    expect(body.errors).toEqual([{ code: 1020, message: 'tunnel is being modified' }])
    expect(tunnel.pskHistory).toHaveLength(1)
  })
})

describe('FakeCloudflare bulk PSK set', () => {
  it('applies every PSK and reports them', async () => {
    const [fra, ams] = [fake.tunnel('edge-fra'), fake.tunnel('edge-ams')]
    const psks = [
      { id: fra.id, psk: 'a'.repeat(32) },
      { id: ams.id, psk: 'b'.repeat(32) },
    ]
    const { status, body } = await bulkSet(psks)

    expect(status).toBe(200)
    expectValid(ok.bulkSet, body)
    expect(body.result.unapplied_psks).toEqual({})
    expect(body.result.successfully_applied_psks[fra.id]).toMatchObject({
      ipsec_id: fra.ipsecId,
      ipsec_tunnel_id: fra.id,
      psk: 'a'.repeat(32),
    })
    expect([fra.psk, ams.psk]).toEqual(['a'.repeat(32), 'b'.repeat(32)])
    expect(ams.pskHistory.at(-1)).toBe('b'.repeat(32))
    expect(ams.lastGeneratedOn).toBe(body.result.successfully_applied_psks[ams.id].psk_metadata.last_generated_on)
  })

  it('reports unknown and refused tunnels as unapplied and leaves them unchanged', async () => {
    const [fra, ams] = [fake.tunnel('edge-fra'), fake.tunnel('edge-ams')]
    fake.unapplied.set(ams.id, 'tunnel is being modified')
    const unknownId = 'f'.repeat(32)
    const { status, body } = await bulkSet([
      { id: fra.id, psk: 'a'.repeat(32) },
      { id: ams.id, psk: 'b'.repeat(32) },
      { id: unknownId, psk: 'c'.repeat(32) },
    ])

    expect(status).toBe(200)
    expectValid(ok.bulkSet, body)
    expect(Object.keys(body.result.successfully_applied_psks)).toEqual([fra.id])
    expect(body.result.unapplied_psks).toEqual({ [ams.id]: 'tunnel is being modified', [unknownId]: 'IPsec tunnel not found' })
    expect(ams.pskHistory).toHaveLength(1)
  })

  it('persists nothing with validate_only=true', async () => {
    const fra = fake.tunnel('edge-fra')
    const { status, body } = await bulkSet([{ id: fra.id, psk: 'a'.repeat(32) }], '?validate_only=true')

    expect(status).toBe(200)
    expectValid(ok.bulkSet, body)
    expect(body.result.successfully_applied_psks[fra.id].psk).toBe('a'.repeat(32))
    expect(fra.pskHistory).toEqual(['InitialFraPsk0000000000000000000'])
    expect(fra.lastGeneratedOn).toBe('2025-01-01T00:00:00Z')
  })

  it('rejects more than 100 items and malformed bodies with 400', async () => {
    const fra = fake.tunnel('edge-fra')
    const tooMany = Array.from({ length: 101 }, () => ({ id: fra.id, psk: 'a'.repeat(32) }))
    const replies = [
      await bulkSet(tooMany),
      await bulkSet([{ id: fra.id }]),
      await call('POST', `${tunnelsPath}/psk`, { body: { tunnels: [] } }),
    ]

    for (const { status, body } of replies) {
      expect(status).toBe(400)
      expectValid(failed.bulkSet, body)
      expect(body.errors[0].code).toBe(ERROR_CODES.invalidRequest)
    }
    expect(fra.pskHistory).toHaveLength(1)
  })
})

describe('FakeCloudflare request validation (2026 OpenAPI excerpt)', () => {
  it.each([
    [
      'a bulk body without psks',
      () => call('POST', `${tunnelsPath}/psk`, { body: { keys: [] } }),
      /request body: .*must have required property 'psks'/,
    ],
    ['a bulk entry without its psk', () => bulkSet([{ id: 'a'.repeat(32) }]), /request body: .*must have required property 'psk'/],
    ['an undeclared query parameter', () => call('GET', `${tunnelsPath}?page=2`), /query parameter 'page' is not declared/],
    [
      'validate_only that is not a boolean',
      () => bulkSet([], '?validate_only=yes'),
      /query parameter 'validate_only' has an invalid value/,
    ],
    ['a tunnel ID longer than an identifier', () => generate('a'.repeat(33)), /path parameter 'a{33}' is not a valid identifier/],
  ])('answers 400 to %s and records the violation', async (_case, send, problem) => {
    const { status, body } = await send()
    expect(status).toBe(400)
    expectValid(failed.bulkSet, body)
    expect(fake.violations).toEqual([expect.objectContaining({ problem: expect.stringMatching(problem) })])
  })

  it('accepts the requests the action sends, validate_only on psk_generate included', async () => {
    const [fra] = [fake.tunnel('edge-fra')]
    expect((await call('GET', tunnelsPath)).status).toBe(200)
    expect((await generate(fra.id, '?validate_only=true')).status).toBe(200)
    expect((await bulkSet([{ id: fra.id, psk: 'x'.repeat(32) }], '?validate_only=true')).status).toBe(200)
    expect(fake.violations).toEqual([])
  })

  it('lists tunnels in the 2026 shape: health_check, optional customer_endpoint', async () => {
    await restartFake({ tunnels: [{ name: 'no-router-address', customerEndpoint: null, healthCheck: false }] })
    const { body } = await call('GET', tunnelsPath)
    const [tunnel] = body.result.ipsec_tunnels
    expect(tunnel).not.toHaveProperty('customer_endpoint')
    expect(tunnel).not.toHaveProperty('tunnel_health_check')
    expect(tunnel.health_check).toMatchObject({ enabled: false, rate: 'mid', type: 'reply' })
    for (const listed of [tunnel, ...(await call('GET', `${tunnelsPath}`)).body.result.ipsec_tunnels]) expectValid(tunnel2026, listed)
  })
})

describe('FakeCloudflare auth and routing', () => {
  it('rejects missing or wrong credentials with 403 / 10000', async () => {
    const replies = [
      await call('GET', tunnelsPath, { headers: { authorization: '' } }),
      await call('GET', tunnelsPath, { headers: { authorization: 'Bearer wrong' } }),
    ]

    for (const { status, body } of replies) {
      expect(status).toBe(403)
      expectValid(failed.list, body)
      expect(body.errors).toEqual([{ code: 10000, message: 'Authentication error' }])
    }
  })

  it('accepts X-Auth-Email + X-Auth-Key when both are configured', async () => {
    await restartFake({ apiEmail: 'ops@example.com', apiKey: '144c9defac04969c7bfad8efaa8ea194' })
    const headers = { authorization: '', 'x-auth-email': 'ops@example.com', 'x-auth-key': '144c9defac04969c7bfad8efaa8ea194' }

    expect((await call('GET', tunnelsPath, { headers })).status).toBe(200)
    expect((await call('GET', tunnelsPath, { headers: { ...headers, 'x-auth-key': 'wrong' } })).status).toBe(403)
  })

  it('answers 7003 for a wrong account id', async () => {
    const { status, body } = await call('GET', `/accounts/${'9'.repeat(32)}/magic/ipsec_tunnels`)

    expect(status).toBe(404)
    expectValid(failed.list, body)
    expect(body.errors[0].code).toBe(ERROR_CODES.invalidObjectIdentifier)
    expect(body.errors[0].message).toMatch(/^Could not route to .*perhaps your object identifier is invalid\?$/)
  })

  it('answers 7000 for unknown routes and records them as unhandled', async () => {
    const { status, body } = await call('POST', tunnelsPath, { body: {} })
    await call('GET', '/user/tokens/verify')

    expect(status).toBe(404)
    expectValid(failed.list, body)
    expect(body.errors).toEqual([{ code: 7000, message: 'No route for that URI' }])
    expect(fake.unhandled.map((entry) => `${entry.method} ${entry.path}`)).toEqual([`POST ${tunnelsPath}`, 'GET /user/tokens/verify'])
    expect(fake.requests).toHaveLength(2)
  })
})

describe('FakeCloudflare rate limiting', () => {
  it('answers 429 with Retry-After and announces Ratelimit headers on every response', async () => {
    await restartFake({ rateLimit: { limit: 2, windowSeconds: 60, announce: true } })
    const replies = [await call('GET', tunnelsPath), await call('GET', tunnelsPath), await call('GET', tunnelsPath)]

    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 429])
    expect(replies.map((reply) => reply.headers['ratelimit'])).toEqual([
      expect.stringMatching(/^"default";r=1;t=(60|59)$/),
      expect.stringMatching(/^"default";r=0;t=\d+$/),
      expect.stringMatching(/^"default";r=0;t=\d+$/),
    ])
    expect(replies[2]!.headers['ratelimit-policy']).toBe('"default";q=2;w=60')
    expect(Number(replies[2]!.headers['retry-after'])).toBeGreaterThan(0)
    expect(fake.stats.responses429).toBe(1)
    // Cloudflare's global limiter answers code 971, below the Magic schema's `minimum: 1000`.
    expect(replies[2]!.body).toEqual({
      success: false,
      errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
      messages: [],
      result: null,
    })
  })

  it('sends no Ratelimit headers unless announce is set', async () => {
    await restartFake({ rateLimit: { limit: 1, windowSeconds: 60, announce: false } })
    await call('GET', tunnelsPath)
    const limited = await call('GET', tunnelsPath)

    expect(limited.status).toBe(429)
    expect(limited.headers['ratelimit']).toBeUndefined()
    expect(limited.headers['retry-after']).toMatch(/^\d+$/)
  })
})

describe('FakeCloudflare fault injection', () => {
  it('answers injected status faults in order, then behaves normally', async () => {
    fake.inject({ method: 'GET', path: tunnelsPath }, { kind: 'status', status: 503, retryAfter: '2' })
    fake.inject({ path: /ipsec_tunnels$/ }, { kind: 'status', status: 500, errors: [{ code: 1500, message: 'boom' }] })
    const replies = [await call('GET', tunnelsPath), await call('GET', tunnelsPath), await call('GET', tunnelsPath)]

    expect(replies.map((reply) => reply.status)).toEqual([503, 500, 200])
    expect(replies[0]!.headers['retry-after']).toBe('2')
    expectValid(failed.list, replies[0]!.body)
    expect(replies[1]!.body.errors).toEqual([{ code: 1500, message: 'boom' }])
    expect(fake.requests).toHaveLength(3)
  })

  it('repeats a fault `times` times and only for the matching method', async () => {
    fake.inject({ method: 'POST', path: /psk_generate$/ }, { kind: 'status', status: 502 }, 2)
    const id = fake.tunnel('edge-fra').id

    expect((await call('GET', `${tunnelsPath}/${id}`)).status).toBe(200)
    expect([(await generate(id)).status, (await generate(id)).status, (await generate(id)).status]).toEqual([502, 502, 200])
  })

  it('resets the connection before applying anything', async () => {
    const fra = fake.tunnel('edge-fra')
    fake.inject({ path: `${tunnelsPath}/${fra.id}/psk_generate` }, { kind: 'reset' })

    await expect(generate(fra.id)).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' })
    expect(fra.pskHistory).toHaveLength(1)
  })

  it('applies the change, then resets the connection without answering', async () => {
    const fra = fake.tunnel('edge-fra')
    fake.inject({ path: `${tunnelsPath}/psk` }, { kind: 'reset-after-apply' })

    await expect(bulkSet([{ id: fra.id, psk: 'z'.repeat(32) }])).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' })
    expect(fra.psk).toBe('z'.repeat(32))
    expect(fra.pskHistory).toHaveLength(2)
  })

  it('delays an answer and counts concurrent requests in maxInFlight', async () => {
    await restartFake({ latencyMs: 50 })
    fake.inject({ path: tunnelsPath }, { kind: 'delay', ms: 100 })
    const started = Date.now()
    const replies = await Promise.all([1, 2, 3].map(() => call('GET', tunnelsPath)))

    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200])
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(fake.stats.maxInFlight).toBe(3)
  })
})
