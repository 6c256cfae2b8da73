import { describe, expect, it } from 'vitest'
import type { Tunnel } from '../src/cloudflare.js'
import { InputError } from '../src/inputs.js'
import { pskMasker } from '../src/mask.js'
import { assignPsks, checkExplicitPsksSelected, generatePsk } from '../src/psk.js'
import { tunnelOf } from './helpers/tunnels.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const tunnels: Tunnel[] = ['a', 'b', 'c'].map((c) => tunnelOf(`t-${c}`, { id: c.repeat(32) }))

describe('generatePsk', () => {
  it.each([16, 32, 77, 128])('has the requested length %i and only A-Z, a-z, 0-9', (length) => {
    const psk = generatePsk(length)
    expect(psk).toHaveLength(length)
    expect(psk).toMatch(/^[A-Za-z0-9]+$/)
  })

  it('gives distinct keys', () => {
    const keys = new Set(Array.from({ length: 2000 }, () => generatePsk(32)))
    expect(keys.size).toBe(2000)
  })

  it('drops bytes that would bias the alphabet', () => {
    // 248..255 would map to A..H a second time under a plain modulo
    const bytes = [248, 255, 0, 250, 61, 62]
    const psk = generatePsk(3, (size) => Uint8Array.from({ length: size }, (_, i) => bytes[i] ?? 1))
    expect(psk).toBe('A9A')
  })

  it('is uniform over the 62 characters (chi-square)', () => {
    const counts = new Map<string, number>()
    const draws = 62 * 2000
    let drawn = 0
    while (drawn < draws) {
      for (const char of generatePsk(128)) {
        counts.set(char, (counts.get(char) ?? 0) + 1)
        drawn++
      }
    }
    expect(counts.size).toBe(62)
    const expected = drawn / 62
    const chiSquare = [...ALPHABET].reduce((sum, char) => sum + ((counts.get(char) ?? 0) - expected) ** 2 / expected, 0)
    // 61 degrees of freedom: the 99.99th percentile is about 113; a modulo bias over bytes would
    // push it into the thousands at this sample size.
    expect(chiSquare).toBeLessThan(113)
  })
})

describe('assignPsks', () => {
  it('uses the given PSKs and generates (and masks) the rest', () => {
    const masked: string[] = []
    const psks = assignPsks(tunnels, new Map([[tunnels[1]!.id, 'given-psk']]), 40, (psk) => masked.push(psk))
    expect(psks.get(tunnels[1]!.id)).toBe('given-psk')
    expect(psks.get(tunnels[0]!.id)).toHaveLength(40)
    expect(masked).toEqual([psks.get(tunnels[0]!.id), psks.get(tunnels[2]!.id)])
  })
})

describe('checkExplicitPsksSelected', () => {
  it('rejects a PSK for a tunnel that is not selected', () => {
    const stray = 'f'.repeat(32)
    expect(() => checkExplicitPsksSelected(new Map([[stray, 'x']]), tunnels)).toThrow(InputError)
    expect(() => checkExplicitPsksSelected(new Map([[tunnels[0]!.id, 'x']]), tunnels)).not.toThrow()
  })
})

describe('pskMasker', () => {
  it('masks the JSON-escaped form as well when it differs', () => {
    const masked: string[] = []
    const mask = pskMasker((secret) => masked.push(secret))
    mask('plainPSK')
    mask('with"quote\\slash')
    expect(masked).toEqual(['plainPSK', 'with"quote\\slash', 'with\\"quote\\\\slash'])
  })
})
