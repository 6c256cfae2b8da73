// Property: any value of any input gives either a valid config or one InputError naming that
// input (or the input it conflicts with), short, on one line, safe for the runner, and quoting
// nothing that was masked. Then a sample through the bundle: one ::error::, no request, no stack.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { InputError, readConfig } from '../src/inputs.js'
import { DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { runAction } from './helpers/run-action.js'
import { readAsRunner } from './helpers/runner-log.js'

const INPUTS = Object.keys(
  (parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, unknown> }).inputs,
)
const BASE: Record<string, string> = {
  'account-id': '0123456789abcdef0123456789abcdef',
  'api-token': 'cf-token-value-0123',
  'tunnel-ids': 'all',
  mode: 'set',
  'secret-scope': 'repository',
  'github-token': 'ghs_token_value_0123',
}
/** An error about one input may rightly name the input it conflicts with or depends on. */
const RELATED: Record<string, string[]> = {
  'api-token': ['api-email', 'api-key'],
  'api-email': ['api-token', 'api-key'],
  'api-key': ['api-token', 'api-email'],
  'tunnel-ids': ['tunnel-names'],
  'tunnel-names': ['tunnel-ids'],
  mode: ['psks'],
  'secret-scope': ['github-token', 'repository', 'environment', 'organization'],
  'github-token': ['secret-scope'],
  repository: ['organization'],
}

/** Inputs that only mean something beside another setting. */
const SETTING_THAT_USES: Record<string, Record<string, string>> = {
  environment: { 'secret-scope': 'environment' },
  organization: { 'secret-scope': 'organization' },
}
/** Inputs for which no text is a mistake on its own (with mode set and secret-scope repository). */
const ACCEPTS_ANY_TEXT = new Set<string>(['tunnel-names'])

/** Values a hostile or careless workflow could pass: any text, huge text, commands, URLs with passwords, JSON. */
const hostileValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ minLength: 2000, maxLength: 5000 }),
  fc.constantFrom('::stop-commands::x', 'x\n::stop-commands::x', '##[add-mask]x', 'ftp://user:password@host/x', '{}', '[]', 'all'),
  fc.tuple(fc.string(), fc.string()).map(([key, value]) => JSON.stringify({ [key]: value })),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
)

function read(inputs: Record<string, string>): { error: unknown; masked: string[] } {
  const masked: string[] = []
  try {
    readConfig(
      { getInput: (name) => inputs[name] ?? '', setSecret: (secret) => masked.push(secret) },
      { GITHUB_REPOSITORY: 'octo-org/network' },
    )
    return { error: null, masked }
  } catch (error) {
    return { error, masked }
  }
}

function expectSafeInputError(error: unknown, masked: string[], named: string[]): void {
  expect(error).toBeInstanceOf(InputError)
  const { input, message } = error as InputError
  expect(named).toContain(input)
  expect(message.startsWith(`Input '${input}': `)).toBe(true)
  expect(message.length).toBeLessThanOrEqual(400)
  expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/)
  expect(message).not.toContain('##[')
  for (const secret of masked.filter((value) => value.length >= 4)) expect(message).not.toContain(secret)
}

describe('every input, any value', () => {
  it.each(INPUTS)('%s: a valid config or one safe InputError naming it', (name) => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        const { error, masked } = read({ ...BASE, [name]: value })
        if (error === null) return
        expectSafeInputError(error, masked, [name, ...(RELATED[name] ?? [])])
      }),
      { numRuns: 150 },
    )
  })

  it('any mix of inputs: a valid config or one safe InputError naming an input', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...INPUTS), hostileValue, { maxKeys: 6 }), (inputs) => {
        const { error, masked } = read(inputs)
        if (error === null) return
        expectSafeInputError(error, masked, INPUTS)
      }),
      { numRuns: 400 },
    )
  })

  it('never quotes a PSK given in psks, whatever its shape', () => {
    const psk = fc.stringMatching(/^[\x21-\x7e]{8,40}$/)
    const id = fc.stringMatching(/^[0-9a-f]{32}$/)
    const psksValue = fc.oneof(
      fc.tuple(psk, id).map(([secret, tunnel]) => JSON.stringify({ [secret]: tunnel })),
      fc.tuple(id, psk).map(([tunnel, secret]) => `${tunnel}=${secret}\n${tunnel}=${secret}`),
      fc.tuple(psk, psk).map(([a, b]) => `${a}=${b}`),
      fc.tuple(id, psk).map(([tunnel, secret]) => `{"${tunnel}": "${secret}"`),
    )
    fc.assert(
      fc.property(psksValue, (value) => {
        const { error, masked } = read({ ...BASE, psks: value })
        if (error === null) return
        expectSafeInputError(error, masked, ['psks'])
      }),
      { numRuns: 300 },
    )
  })
})

describe('bad inputs through the bundle', () => {
  let cloudflare: FakeCloudflare
  beforeAll(async () => {
    cloudflare = await FakeCloudflare.start({ tunnels: [{ name: 'branch_1' }] })
  })
  afterAll(async () => {
    await cloudflare.stop()
  })

  // Every input of action.yml, the ones added later included: for each, the first hostile values
  // (from a fixed seed) that the input check refuses go through the bundle.
  it.each(INPUTS)(
    '%s: refused through the bundle with one ::error:: naming it, no request, no stack trace, nothing secret shown',
    async (name) => {
      const base = {
        ...BASE,
        ...SETTING_THAT_USES[name],
        'account-id': cloudflare.accountId,
        'api-token': DEFAULT_API_TOKEN,
        'api-base-url': cloudflare.baseUrl,
      }
      const refused = fc
        .sample(hostileValue, { numRuns: 60, seed: 20261201 })
        .map((value) => ({ ...base, [name]: value }))
        .filter((inputs) => read(inputs).error !== null)
        .slice(0, 2)
      if (ACCEPTS_ANY_TEXT.has(name)) {
        expect(refused, `${name} refused a value: take it out of ACCEPTS_ANY_TEXT`).toEqual([])
        return
      }
      expect(refused.length, `no hostile value was refused for ${name}: if it takes any text, list it in ACCEPTS_ANY_TEXT`).toBeGreaterThan(
        0,
      )
      for (const inputs of refused) {
        const requestsBefore = cloudflare.requests.length
        const result = await runAction({ inputs })
        const log = readAsRunner(`${result.stdout}\n${result.stderr}`)
        expect(log.stoppedWith).toEqual([])
        expect(log.annotations.filter(({ kind }) => kind === 'error')).toHaveLength(1)
        expect(log.annotations[0]?.message).toMatch(/^Input '[a-z-]+': /)
        expect(result.exitCode).toBe(1)
        expect(cloudflare.requests.length).toBe(requestsBefore)
        expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at /m)
        for (const secret of log.masks) expect(log.shown.join('\n')).not.toContain(secret)
      }
    },
  )
})
