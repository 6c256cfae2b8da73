import type { Tunnel } from '../cloudflare.js'
import type { BundleConfig, SecretsConfig } from '../inputs.js'
import type { Logger } from '../logger.js'
import type { PskStore } from '../rotation.js'
import type { Destination, PublicKey } from './destinations.js'
import { BUNDLE_SIZE_LIMIT_BYTES, LONGEST_GENERATED_PSK, mergeBundle } from './bundle-format.js'
import { NOTHING_ROTATED, SecretsError } from './errors.js'
import { writeSecret } from './write.js'

export { BUNDLE_SIZE_LIMIT_BYTES, LONGEST_GENERATED_PSK, mergeBundle }

/** The largest the bundle can get in this run: the longest PSK set (set mode), else LONGEST_GENERATED_PSK each. */
export function largestBundleBytes(current: ReadonlyMap<string, string> | null, due: readonly Tunnel[], pskLength: number | null): number {
  const placeholders = new Map(due.map((tunnel) => [tunnel.id, 'x'.repeat(pskLength ?? LONGEST_GENERATED_PSK)]))
  return Buffer.byteLength(mergeBundle(current, placeholders), 'utf8')
}

/**
 * Refuses, before anything rotates, a bundle this run cannot write safely: one that exists while
 * `current-bundle` is empty (its other PSKs would be lost), or one that could outgrow GitHub's cap.
 * Messages name the secret and never quote its value.
 */
export function checkBundle(
  bundle: BundleConfig,
  exists: boolean,
  due: readonly Tunnel[],
  pskLength: number | null,
  description: string,
): void {
  if (exists && bundle.current === null && due.length > 0) {
    throw new SecretsError(
      `Secret ${bundle.name} exists in ${description}, but current-bundle is empty: writing it would drop the PSKs it holds for other tunnels. ` +
        `Add this line to the step's with: current-bundle: \${{ secrets.${bundle.name} }}`,
    )
  }
  const bytes = largestBundleBytes(bundle.current, due, pskLength)
  if (bytes > BUNDLE_SIZE_LIMIT_BYTES) {
    const entries = new Set([...(bundle.current?.keys() ?? []), ...due.map((tunnel) => tunnel.id)]).size
    const fit = Math.floor(BUNDLE_SIZE_LIMIT_BYTES / Math.ceil(bytes / Math.max(1, entries)))
    throw new SecretsError(
      `Secret ${bundle.name} could reach ${bytes} bytes in this run (counting ${pskLength ?? LONGEST_GENERATED_PSK} characters for each new PSK), over GitHub's limit of ${BUNDLE_SIZE_LIMIT_BYTES} bytes a secret: about ${fit} of these ${entries} tunnels fit. Split them over several bundles: one per environment (secret-scope: environment), or one per tunnel-names group with a secret-name of its own.`,
    )
  }
}

export interface BundleStoreContext {
  destination: Destination
  publicKey: PublicKey
  seal(value: string): string
  /** Names of the destination's existing secrets, upper-cased. */
  existingNames: ReadonlySet<string>
  due: readonly Tunnel[]
  validateOnly: boolean
  /** Set mode: the longest PSK this run sets; null when Cloudflare generates them. */
  pskLength: number | null
  logger: Logger
  redact(text: string): string
}

/**
 * `secret-layout: bundle`: `store` only records each live PSK; `finish` merges them into
 * `current-bundle` and writes the one secret, after every change of the run.
 */
export function prepareBundleStore(config: SecretsConfig & { bundle: BundleConfig }, context: BundleStoreContext): PskStore {
  const { bundle } = config
  const { destination, logger } = context
  try {
    checkBundle(bundle, context.existingNames.has(bundle.name.toUpperCase()), context.due, context.pskLength, destination.description)
  } catch (error) {
    throw new SecretsError(`${error instanceof Error ? error.message : String(error)} ${NOTHING_ROTATED}`, { cause: error })
  }
  const replaced = context.due.filter((tunnel) => bundle.current?.has(tunnel.id)).length
  const assumed = context.pskLength === null ? ` (assuming generated PSKs of up to ${LONGEST_GENERATED_PSK} characters)` : ''
  logger.info(
    `GitHub secrets: ${context.validateOnly ? 'would write' : 'writes'} the PSKs of ${context.due.length} tunnel${context.due.length === 1 ? '' : 's'} to secret ${bundle.name} of ${destination.description} once every change of this run is done: ${context.due.length - replaced} added, ${replaced} replaced, ${(bundle.current?.size ?? 0) - replaced} other entries kept; at most ${largestBundleBytes(bundle.current, context.due, context.pskLength)} of ${BUNDLE_SIZE_LIMIT_BYTES} bytes${assumed}.`,
  )

  const recorded = new Map<string, string>()
  let refused: string | null = null
  const writable = (): void => {
    if (context.validateOnly) throw new SecretsError('This is a validate-only run: no secret is written.')
    if (refused !== null) throw new SecretsError(`Not attempted: ${refused}`)
  }
  return {
    secretNameFor: () => bundle.name,
    unavailable: () => refused,
    store: (tunnel, psk) =>
      new Promise<void>((resolve) => {
        writable()
        recorded.set(tunnel.id, psk)
        resolve()
      }),
    async finish() {
      if (recorded.size === 0) return
      writable()
      const value = mergeBundle(bundle.current, recorded)
      const secrets = [value, ...recorded.values(), ...(bundle.current?.values() ?? [])].filter((secret) => secret.length >= 4)
      const clean = (text: string): string => secrets.reduce((result, secret) => result.split(secret).join('***'), context.redact(text))
      const outcome = await writeSecret(
        {
          destination,
          publicKey: context.publicKey,
          seal: (secretValue) => context.seal(secretValue),
          clean,
          onWriteFailed: () => {
            refused = `GitHub did not take secret ${bundle.name} of ${destination.description}.`
          },
        },
        bundle.name,
        value,
        'the new PSKs',
      )
      logger.info(
        `Stored the new PSKs of ${recorded.size} tunnel${recorded.size === 1 ? '' : 's'} in ${destination.description}: secret ${bundle.name} (${outcome}).`,
      )
    },
  }
}
