import { ActionError } from './errors.js'
import { createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { hsalsa, xsalsa20poly1305 } from '@noble/ciphers/salsa.js'
import { clean, concatBytes, u32, u8, utf8ToBytes } from '@noble/ciphers/utils.js'
import { blake2b } from '@noble/hashes/blake2.js'

const PUBLIC_KEY_BYTES = 32
const NONCE_BYTES = 24
const SALSA_SIGMA = utf8ToBytes('expand 32-byte k')
// DER header of an X25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex')

/**
 * Encrypts a secret value the way GitHub's secrets API expects: a libsodium
 * sealed box (crypto_box_seal) for the destination's base64 public key.
 * Output layout: ephemeral_pk (32) || poly1305 tag (16) || ciphertext, base64.
 */
export function sealSecretValue(value: string, publicKeyBase64: string): string {
  const recipientPublicKey = decodePublicKey(publicKeyBase64)
  // X25519 comes from Node's own crypto (OpenSSL); only BLAKE2b and XSalsa20-Poly1305 need @noble.
  const ephemeral = generateKeyPairSync('x25519')
  const ephemeralPublicKey = new Uint8Array(ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI_PREFIX.length))
  const nonce = blake2b(concatBytes(ephemeralPublicKey, recipientPublicKey), { dkLen: NONCE_BYTES })
  const key = boxSharedKey(ephemeral.privateKey, recipientPublicKey)
  const box = xsalsa20poly1305(key, nonce).encrypt(utf8ToBytes(value))
  clean(key)
  return Buffer.from(concatBytes(ephemeralPublicKey, box)).toString('base64')
}

/** Throws, saying why, when `publicKeyBase64` cannot seal a secret: checked before any PSK goes live. */
export function checkPublicKey(publicKeyBase64: string): void {
  sealSecretValue('key check', publicKeyBase64)
}

function decodePublicKey(publicKeyBase64: string): Uint8Array {
  const decoded = Buffer.from(publicKeyBase64, 'base64')
  // Buffer's decoder silently skips invalid characters, so require a canonical round trip.
  if (decoded.length !== PUBLIC_KEY_BYTES || decoded.toString('base64') !== publicKeyBase64) {
    throw new ActionError(`Invalid secrets public key: expected base64 of exactly ${PUBLIC_KEY_BYTES} bytes`)
  }
  return new Uint8Array(decoded)
}

/** crypto_box_beforenm: HSalsa20 over the X25519 shared secret with a zero 16-byte input. */
function boxSharedKey(privateKey: KeyObject, publicKey: Uint8Array): Uint8Array {
  const sharedSecret = x25519SharedSecret(privateKey, publicKey)
  const subkey = new Uint32Array(8)
  const sharedWords = u32(sharedSecret)
  hsalsa(u32(SALSA_SIGMA), sharedWords, new Uint32Array(4), subkey)
  clean(sharedSecret, sharedWords)
  return u8(subkey)
}

function x25519SharedSecret(privateKey: KeyObject, publicKey: Uint8Array): Uint8Array {
  try {
    const recipient = createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' })
    // A fresh copy, so the Uint32Array view over it is 4-byte aligned.
    return new Uint8Array(diffieHellman({ privateKey, publicKey: recipient }))
  } catch {
    // OpenSSL rejects low-order points (an all-zero shared secret), as libsodium's crypto_box_seal does.
    throw new ActionError('Invalid secrets public key: not a usable X25519 public key')
  }
}
