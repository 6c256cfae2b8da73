import { hsalsa, xsalsa20poly1305 } from '@noble/ciphers/salsa.js'
import { clean, concatBytes, u32, u8, utf8ToBytes } from '@noble/ciphers/utils.js'
import { x25519 } from '@noble/curves/ed25519.js'
import { blake2b } from '@noble/hashes/blake2.js'

const PUBLIC_KEY_BYTES = 32
const NONCE_BYTES = 24
const SALSA_SIGMA = utf8ToBytes('expand 32-byte k')

/**
 * Encrypts a secret value the way GitHub's secrets API expects: a libsodium
 * sealed box (crypto_box_seal) for the destination's base64 public key.
 * Output layout: ephemeral_pk (32) || poly1305 tag (16) || ciphertext, base64.
 */
export function sealSecretValue(value: string, publicKeyBase64: string): string {
  const recipientPublicKey = decodePublicKey(publicKeyBase64)
  const ephemeral = x25519.keygen()
  try {
    const nonce = blake2b(concatBytes(ephemeral.publicKey, recipientPublicKey), { dkLen: NONCE_BYTES })
    const key = boxSharedKey(ephemeral.secretKey, recipientPublicKey)
    const box = xsalsa20poly1305(key, nonce).encrypt(utf8ToBytes(value))
    clean(key)
    return Buffer.from(concatBytes(ephemeral.publicKey, box)).toString('base64')
  } finally {
    clean(ephemeral.secretKey)
  }
}

function decodePublicKey(publicKeyBase64: string): Uint8Array {
  const decoded = Buffer.from(publicKeyBase64, 'base64')
  // Buffer's decoder silently skips invalid characters, so require a canonical round trip.
  if (decoded.length !== PUBLIC_KEY_BYTES || decoded.toString('base64') !== publicKeyBase64) {
    throw new Error(`Invalid secrets public key: expected base64 of exactly ${PUBLIC_KEY_BYTES} bytes`)
  }
  return new Uint8Array(decoded)
}

/** crypto_box_beforenm: HSalsa20 over the X25519 shared secret with a zero 16-byte input. */
function boxSharedKey(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const sharedSecret = x25519SharedSecret(secretKey, publicKey)
  const subkey = new Uint32Array(8)
  // Copy so the Uint32Array view is 4-byte aligned regardless of where noble allocated it.
  const sharedWords = u32(sharedSecret.slice())
  hsalsa(u32(SALSA_SIGMA), sharedWords, new Uint32Array(4), subkey)
  clean(sharedSecret, sharedWords)
  return u8(subkey)
}

function x25519SharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  try {
    return x25519.getSharedSecret(secretKey, publicKey)
  } catch {
    // noble rejects low-order points, as libsodium's crypto_box_seal does.
    throw new Error('Invalid secrets public key: not a usable X25519 public key')
  }
}
