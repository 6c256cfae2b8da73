import type { Destination, PublicKey } from './destinations.js'
import { SecretsError, describeFailure } from './errors.js'

export interface SecretWriter {
  destination: Destination
  publicKey: PublicKey
  seal(value: string): string
  /** Outside text with every credential and PSK of this write taken out. */
  clean(text: string): string
  /** Called with a failed write's error before it is reported: the store may stop taking PSKs. */
  onWriteFailed(error: unknown): void
}

/**
 * Seals `value` on this runner and writes it as secret `name`; `holds` says what the secret holds,
 * for messages ("the PSK", "the new PSKs"). Only GitHub's own 201 or 204 counts as stored.
 */
export async function writeSecret(writer: SecretWriter, name: string, value: string, holds: string): Promise<'created' | 'updated'> {
  const { destination } = writer
  const clean = (text: string): string => writer.clean(text)
  let sealed: string
  try {
    sealed = writer.seal(value)
  } catch (error) {
    throw new SecretsError(
      `Could not seal ${holds} for secret ${name} of ${destination.description} on this runner: ${clean(error instanceof Error ? error.message : String(error))}.`,
      { cause: error },
    )
  }
  let status: number
  try {
    status = await destination.put(name, sealed, writer.publicKey.keyId)
  } catch (error) {
    writer.onWriteFailed(error)
    throw new SecretsError(clean(describeFailure(error, `write secret ${name}`, destination)), { cause: error })
  }
  if (status !== 201 && status !== 204) {
    throw new SecretsError(
      `GitHub answered HTTP ${status} to writing secret ${name} of ${destination.description}, not 201 (created) or 204 (updated); the secret may not hold ${holds}.`,
    )
  }
  return status === 201 ? 'created' : 'updated'
}
