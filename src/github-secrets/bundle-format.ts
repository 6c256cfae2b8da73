/** The bundle secret's value, with nothing but pure code: the input check uses it before any module with a client loads. */

/** GitHub's cap on one secret's value. */
export const BUNDLE_SIZE_LIMIT_BYTES = 48 * 1024
/**
 * Generate mode does not know a PSK's length before Cloudflare makes it: the size check assumes
 * this many characters, more than Cloudflare's generated PSKs have.
 */
export const LONGEST_GENERATED_PSK = 64

/**
 * The bundle's new value: every entry of `current` exactly as given and in its order, each PSK of
 * `updates` replacing its tunnel's entry or appended. Written by hand so that no key is reordered.
 */
export function mergeBundle(current: ReadonlyMap<string, string> | null, updates: ReadonlyMap<string, string>): string {
  const merged = new Map(current ?? [])
  for (const [id, psk] of updates) merged.set(id, psk)
  return `{${[...merged].map(([id, psk]) => `${JSON.stringify(id)}:${JSON.stringify(psk)}`).join(',')}}`
}
