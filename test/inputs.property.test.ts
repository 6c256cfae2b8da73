// Property: any value of any input gives either a valid config or one InputError naming that
// input (or the input it conflicts with), short, on one line, safe for the runner, and quoting
// nothing that was masked. test/inputs.integration.test.ts takes the same values through the bundle.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../src/inputs.js'
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
