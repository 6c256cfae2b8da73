import { randomBytes } from 'node:crypto'
// The ESM build only names a few helpers; the crypto_* functions live on the default export.
import sodium from 'libsodium-wrappers'
import { beforeAll, describe, expect, it } from 'vitest'
import { sealSecretValue } from '../src/sealed-box.js'

const SEAL_OVERHEAD_BYTES = 32 + 16

interface KeyPair {
  publicKey: Uint8Array
  privateKey: Uint8Array
}

let recipient: KeyPair
let recipientKeyBase64: string

beforeAll(async () => {
  await sodium.ready
  recipient = sodium.crypto_box_keypair()
  recipientKeyBase64 = toBase64(recipient.publicKey)
})

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'))
}

function open(sealed: Uint8Array, keyPair: KeyPair = recipient): string {
  return sodium.crypto_box_seal_open(sealed, keyPair.publicKey, keyPair.privateKey, 'text')
}

function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice()
  copy[index] = (copy[index] ?? 0) ^ 0x01
  return copy
}

function thrownMessage(action: () => unknown): string {
  try {
    action()
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error('expected the action to throw')
}

describe('sealSecretValue', () => {
  const values: Array<[string, string]> = [
    ['a typical PSK', 'Zx9vQ2r7LmA1bC3dE5fG7hJ9kL1mN3pQ'],
    ['the empty string', ''],
    ['128 ASCII characters', randomBytes(96).toString('base64')],
    ['unicode text', 'clé-ключ-鍵-🔑 with spaces\nand a newline'],
  ]

  it.each(values)('seals %s so that libsodium crypto_box_seal_open recovers it', (_label, value) => {
    const sealed = fromBase64(sealSecretValue(value, recipientKeyBase64))

    expect(sealed.length).toBe(SEAL_OVERHEAD_BYTES + Buffer.byteLength(value, 'utf8'))
    expect(open(sealed)).toBe(value)
  })

  it('uses a fresh ephemeral key for every seal', () => {
    const first = fromBase64(sealSecretValue('same value', recipientKeyBase64))
    const second = fromBase64(sealSecretValue('same value', recipientKeyBase64))

    expect(toBase64(first)).not.toBe(toBase64(second))
    expect(toBase64(first.subarray(0, 32))).not.toBe(toBase64(second.subarray(0, 32)))
    expect(open(first)).toBe('same value')
    expect(open(second)).toBe('same value')
  })

  it('produces output that only the matching private key opens', () => {
    const other = sodium.crypto_box_keypair()
    const sealed = fromBase64(sealSecretValue('for recipient only', recipientKeyBase64))

    expect(() => open(sealed, other)).toThrow()
  })

  it.each([
    ['ephemeral public key', 0],
    ['authentication tag', 32],
    ['ciphertext', SEAL_OVERHEAD_BYTES + 3],
  ])('fails to open when the %s is tampered with', (_part, index) => {
    const sealed = fromBase64(sealSecretValue('tamper-evident', recipientKeyBase64))

    expect(() => open(flipByte(sealed, index))).toThrow()
  })

  it('fails to open when truncated', () => {
    const sealed = fromBase64(sealSecretValue('tamper-evident', recipientKeyBase64))

    expect(() => open(sealed.subarray(0, sealed.length - 1))).toThrow()
  })

  it.each([
    ['empty', ''],
    ['not base64', 'this is not a public key!'],
    ['31 bytes', toBase64(new Uint8Array(31).fill(7))],
    ['33 bytes', toBase64(new Uint8Array(33).fill(7))],
    ['valid key with trailing garbage', () => `${recipientKeyBase64}$$`],
    ['valid key without padding', () => recipientKeyBase64.replace(/=+$/, '')],
    ['a low-order point (all zeros)', toBase64(new Uint8Array(32))],
  ])('rejects a public key that is %s without revealing the value', (_label, key) => {
    const secret = 'super-secret-psk-value'
    const publicKey = typeof key === 'function' ? key() : key

    const message = thrownMessage(() => sealSecretValue(secret, publicKey))

    expect(message).toMatch(/^Invalid secrets public key/)
    expect(message).not.toContain(secret)
  })
})
