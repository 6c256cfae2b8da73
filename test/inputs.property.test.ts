// Property: any value of any input gives either a valid config or one InputError naming that
// input (or the input it conflicts with), short, on one line, safe for the runner, and quoting
// nothing that was masked. test/inputs.integration.test.ts takes the same values through the bundle.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError, readConfig } from '../src/inputs.js'
import { BASE, INPUTS, RELATED, hostileValue, read } from './helpers/hostile-inputs.js'

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


describe('routers and router-pattern, near-valid values', () => {
  const configWith = (inputs: Record<string, string>) =>
    readConfig({ getInput: (name) => ({ ...BASE, ...inputs })[name] ?? '', setSecret: () => {} }, { GITHUB_REPOSITORY: 'octo-org/network' })
  const part = fc.oneof(
    hostileValue,
    fc.stringMatching(/^[a-z0-9_*?-]{1,12}$/),
    fc.constantFrom('', ' ', ':', ',', '{router}', '{site}', '\n'),
  )

  it('routers: lines of ROUTER: GLOB, GLOB become distinct routers with safe names and trimmed patterns, or one safe error naming routers', () => {
    const line = fc.tuple(part, fc.array(part, { maxLength: 4 })).map(([name, globs]) => `${name}: ${globs.join(', ')}`)
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
        const value = lines.join('\n')
        const { error, masked } = read({ ...BASE, routers: value })
        if (error !== null) {
          expectSafeInputError(error, masked, ['routers'])
          return
        }
        const { routers } = configWith({ routers: value }).routerRules
        for (const router of routers) {
          expect(router.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
          expect(router.patterns.length).toBeGreaterThan(0)
          for (const pattern of router.patterns) expect(pattern).toBe(pattern.trim())
        }
        expect(new Set(routers.map((router) => router.name)).size).toBe(routers.length)
      }),
      { numRuns: 400 },
    )
  })

  it('router-pattern: one {router} between two globs splits there, or one safe error naming router-pattern', () => {
    const value = fc.tuple(part, fc.constantFrom('{router}', '{router}{router}', '', '{ROUTER}'), part).map((parts) => parts.join(''))
    fc.assert(
      fc.property(value, (text) => {
        const { error, masked } = read({ ...BASE, 'router-pattern': text })
        if (error !== null) {
          expectSafeInputError(error, masked, ['router-pattern'])
          return
        }
        const { pattern } = configWith({ 'router-pattern': text }).routerRules
        expect(pattern === null).toBe(text.trim() === '')
        if (pattern === null) return
        expect(`${pattern.before}{router}${pattern.after}`).toBe(text.trim())
        expect(`${pattern.before}${pattern.after}`).not.toContain('{router}')
      }),
      { numRuns: 400 },
    )
  })
})

