import type { Tunnel } from '../cloudflare.js'
import { InputError } from '../inputs.js'
import { outside } from '../log-text.js'

/**
 * `{id}` and `{name}` filled in, upper-cased, and every character outside A-Z, 0-9 and _ (each
 * code point, so an emoji is one `_`) replaced by `_`.
 */
export function renderSecretName(template: string, tunnel: Pick<Tunnel, 'id' | 'name'>): string {
  return template
    .replace(/\{(id|name)\}/g, (_match, key: string) => (key === 'id' ? tunnel.id : tunnel.name))
    .toUpperCase()
    .replace(/[^A-Z0-9_]/gu, '_')
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
    if (name.startsWith('GITHUB_')) {
      throw new InputError('secret-name', `${quoted} gives ${shown} for ${which}; GitHub reserves names starting with GITHUB_.`)
    }
    if (/^[0-9]/.test(name)) {
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
