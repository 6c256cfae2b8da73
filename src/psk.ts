import { randomBytes } from 'node:crypto'
import type { Tunnel } from './cloudflare.js'
import { InputError } from './inputs.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
// The largest multiple of 62 that fits in a byte: bytes at or above it are dropped, so every
// character is equally likely (no modulo bias).
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length)

/** A PSK of `length` characters drawn uniformly from A-Z, a-z, 0-9 with the OS CSPRNG (~5.95 bits each). */
export function generatePsk(length: number, random: (size: number) => Uint8Array = randomBytes): string {
  let psk = ''
  while (psk.length < length) {
    for (const byte of random(length * 2)) {
      if (byte >= UNBIASED_LIMIT) continue
      psk += ALPHABET[byte % ALPHABET.length]
      if (psk.length === length) break
    }
  }
  return psk
}

/**
 * Set mode: the user's PSK where `psks` gives one, a fresh generated one otherwise. Each generated
 * PSK is masked the moment it exists.
 */
export function assignPsks(
  tunnels: readonly Tunnel[],
  explicit: ReadonlyMap<string, string>,
  length: number,
  mask: (psk: string) => void,
): Map<string, string> {
  const psks = new Map<string, string>()
  for (const tunnel of tunnels) {
    let psk = explicit.get(tunnel.id)
    if (psk === undefined) {
      psk = generatePsk(length)
      mask(psk)
    }
    psks.set(tunnel.id, psk)
  }
  return psks
}

/**
 * Every key of `psks` must name a selected tunnel, or a typo would leave a chosen PSK unused. The
 * error names entries by position only: a key may be a PSK pasted where the tunnel ID belongs.
 */
export function checkExplicitPsksSelected(explicit: ReadonlyMap<string, string>, selected: readonly Tunnel[]): void {
  const selectedIds = new Set(selected.map((tunnel) => tunnel.id))
  const strays = [...explicit.keys()].flatMap((id, index) => (selectedIds.has(id) ? [] : [index + 1]))
  if (strays.length > 0) {
    throw new InputError(
      'psks',
      `${strays.length === 1 ? 'entry' : 'entries'} ${strays.join(', ')} ${strays.length === 1 ? 'names a tunnel ID that is' : 'name tunnel IDs that are'} not among the selected tunnels: check that each key is a selected tunnel's ID and each value its PSK.`,
    )
  }
}
