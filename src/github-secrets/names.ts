import type { Tunnel } from '../cloudflare.js'
import { InputError } from '../inputs/errors.js'
import { outside, quoteInput } from '../log-text.js'

/**
 * GitHub's rules for a secret name, in one place: checked on the `secret-name` input before any
 * request (`checkSecretNameTemplate`, `isPlainSecretName`) and on every rendered name in the
 * preflight (`secretNamesFor`).
 */

/** The rule of GitHub's that a secret name, or the text every name starts with, breaks; null if none. */
function brokenRule(name: string): 'reserved' | 'digit' | null {
  if (name.startsWith('GITHUB_')) return 'reserved'
  if (/^[0-9]/.test(name)) return 'digit'
  return null
}

/** Upper-cased, and every character outside A-Z, 0-9 and _ (each code point, so an emoji is one `_`) replaced by `_`. */
function toSecretNameCharacters(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9_]/gu, '_')
}

/** A name used as it is (the bundle secret's fixed name): letters, digits and underscores, not starting with a digit. */
export function isPlainSecretName(name: string): boolean {
  return /^[A-Z_][A-Z0-9_]*$/.test(name)
}

/**
 * `secret-name` checked before any request: only the {id} and {name} placeholders, and the text
 * before the first placeholder, which starts every secret name, within GitHub's rules.
 */
export function checkSecretNameTemplate(template: string): string {
  const unknown = /\{(?!id\}|name\})[^}]*\}/.exec(template)
  if (unknown) {
    throw new InputError('secret-name', `unknown placeholder ${quoteInput(unknown[0])}: use {id} and {name}.`)
  }
  switch (brokenRule(toSecretNameCharacters(template.split('{')[0] ?? ''))) {
    case 'reserved':
      throw new InputError('secret-name', 'gives names starting with GITHUB_, which GitHub reserves.')
    case 'digit':
      throw new InputError('secret-name', 'gives names starting with a digit, which GitHub does not allow.')
    case null:
      return template
  }
}

/** `{id}` and `{name}` filled in, then made of GitHub's secret-name characters (`toSecretNameCharacters`). */
export function renderSecretName(template: string, tunnel: Pick<Tunnel, 'id' | 'name'>): string {
  return toSecretNameCharacters(template.replace(/\{(id|name)\}/g, (_match, key: string) => (key === 'id' ? tunnel.id : tunnel.name)))
}

/**
 * The secret name of every tunnel, by tunnel ID. A name GitHub would reject, or two tunnels
 * sharing a name, is an InputError on `secret-name`: caught before anything changes.
 */
export function secretNamesFor(template: string, tunnels: readonly Tunnel[]): Map<string, string> {
  const names = new Map<string, string>()
  const owners = new Map<string, Tunnel[]>()
  const quoted = `'${outside(template, 100)}'`
  for (const tunnel of tunnels) {
    const name = renderSecretName(template, tunnel)
    const which = `tunnel '${outside(tunnel.name, 100)}' (${tunnel.id})`
    const shown = `'${outside(name, 100)}'`
    if (name === '') throw new InputError('secret-name', `${quoted} gives an empty secret name for ${which}.`)
    switch (brokenRule(name)) {
      case 'reserved':
        throw new InputError('secret-name', `${quoted} gives ${shown} for ${which}; GitHub reserves names starting with GITHUB_.`)
      case 'digit':
        throw new InputError('secret-name', `${quoted} gives ${shown} for ${which}; secret names must not start with a digit.`)
    }
    names.set(tunnel.id, name)
    owners.set(name, [...(owners.get(name) ?? []), tunnel])
  }
  const clashes = [...owners].filter(([, sharing]) => sharing.length > 1)
  if (clashes.length > 0) {
    const shown = clashes
      .slice(0, 3)
      .map(
        ([name, sharing]) => `${sharing.map((tunnel) => `'${outside(tunnel.name, 100)}'`).join(', ')} all become '${outside(name, 100)}'`,
      )
    const more = clashes.length > 3 ? ` (and ${clashes.length - 3} more)` : ''
    throw new InputError(
      'secret-name',
      `${quoted} gives several selected tunnels the same secret name: ${shown.join('; ')}${more}. Add {id} to the template, or rename the tunnels.`,
    )
  }
  return names
}
