import { InputError } from './errors.js'
import { ID_PATTERN, PRINTABLE_ASCII } from './values.js'

/**
 * `psks` as lines of `TUNNEL_ID=PSK` or a JSON object. Every candidate value is masked before it
 * is checked, and no error message quotes a value.
 */
export function parsePsks(raw: string, mask: (secret: string) => void): Map<string, string> {
  const text = raw.trim()
  if (!text) return new Map()
  const entries: [key: string | null, psk: unknown, where: string][] = []
  if (text.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      for (const line of text.split('\n')) if (line.trim()) mask(line.trim())
      throw new InputError('psks', 'is not valid JSON: expected an object such as {"<tunnel id>": "<psk>"}.')
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InputError('psks', 'expected a JSON object such as {"<tunnel id>": "<psk>"}.')
    }
    // Entries are named by position only: a key may be a PSK pasted where the tunnel ID belongs.
    Object.entries(parsed).forEach(([key, psk], index) => {
      if (typeof psk === 'string' && psk) mask(psk)
      entries.push([key, psk, `entry ${index + 1}`])
    })
  } else {
    text.split('\n').forEach((line, index) => {
      const trimmed = line.trim()
      if (!trimmed) return
      const separator = trimmed.indexOf('=')
      const psk = separator < 0 ? trimmed : trimmed.slice(separator + 1).trim()
      if (psk) mask(psk)
      entries.push([separator < 0 ? null : trimmed.slice(0, separator).trim(), psk, `line ${index + 1}`])
    })
  }
  const psks = new Map<string, string>()
  for (const [key, psk, where] of entries) {
    if (key === null) throw new InputError('psks', `${where} is not of the form TUNNEL_ID=PSK.`)
    if (!ID_PATTERN.test(key)) {
      throw new InputError('psks', `${where}: expected a tunnel ID of 32 hexadecimal characters as the key.`)
    }
    const id = key.toLowerCase()
    if (typeof psk !== 'string' || !psk) throw new InputError('psks', `${where}: the PSK for tunnel ${id} is empty or not a string.`)
    if (!PRINTABLE_ASCII.test(psk)) {
      throw new InputError('psks', `${where}: the PSK for tunnel ${id} must be printable ASCII without whitespace.`)
    }
    if (psks.has(id)) throw new InputError('psks', `${where}: tunnel ${id} is given more than once.`)
    psks.set(id, psk)
  }
  return psks
}
