import type { Tunnel } from '../cloudflare.js'
import type { SecretScope, SecretsConfig } from '../inputs.js'
import { outside } from '../log-text.js'
import type { Logger } from '../logger.js'
import type { PskStore } from '../rotation.js'
import { createClient } from './client.js'
import { prepareBundleStore } from './bundle.js'
import { destinationFor, UnknownVisibility, type Destination } from './destinations.js'
import { NOTHING_ROTATED, SecretsError, describeFailure, failureOf, isRateLimit } from './errors.js'
import { writeSecret } from './write.js'
import { renderSecretName, secretNamesFor } from './names.js'

export interface SecretStoreContext {
  /** Every selected tunnel: their secret names are checked (and must be distinct) even when not due. */
  selected: Tunnel[]
  /** The tunnels this run rotates: the secrets it may write. */
  due: Tunnel[]
  validateOnly: boolean
  logger: Logger
  /** GitHub API base URL. Default: GITHUB_API_URL (as @actions/github reads it), else https://api.github.com. */
  apiUrl?: string
  /** Milliseconds per second of every retry and rate-limit wait. Default 1000; tests shrink it. */
  retryDelayUnitMs?: number
  /** One request attempt's time-out. Default 30 s; tests shrink it. */
  requestTimeoutMs?: number
  /** The least time between two writes' launches. Default: Octokit's write pacing (1 s); tests shrink it. */
  writeGapMs?: number
  /** Set mode: the longest PSK this run sets; null when Cloudflare generates them (sizes a bundle). */
  pskLength?: number | null
}

/** GitHub's documented caps on Actions secrets. */
const SECRET_LIMITS: Record<SecretScope, number> = { repository: 100, environment: 100, organization: 1000 }
/** A workflow sees at most this many of the organization secrets shared with its repository. */
const VISIBLE_ORGANIZATION_SECRETS = 100
const REQUEST_TIMEOUT_MS = 30_000

/**
 * The preflight, before any PSK changes on Cloudflare: secret names are rendered and checked, the
 * destination's public key is fetched (once) and checked, its existing secrets are listed for
 * GitHub's limit, and the destination prepares each write (an organization secret keeps who may
 * read it). Throws an InputError for a bad secret name and an Error naming the missing
 * permission or environment when GitHub refuses.
 */
export async function prepareSecretStore(config: SecretsConfig, context: SecretStoreContext): Promise<PskStore> {
  const { logger } = context
  const bundle = config.bundle
  const names = bundle
    ? new Map(context.selected.map((tunnel) => [tunnel.id, bundle.name]))
    : secretNamesFor(config.nameTemplate, context.selected)
  const nameOf = (tunnel: Tunnel): string => names.get(tunnel.id) ?? renderSecretName(config.nameTemplate, tunnel)
  const dueNames = [...new Set(context.due.map(nameOf))]
  const redact = redactor([config.githubToken])

  const [octokit, { sealSecretValue, checkPublicKey }] = await Promise.all([
    createClient(config.githubToken, context.apiUrl, {
      logger,
      unitMs: context.retryDelayUnitMs ?? 1000,
      timeoutMs: context.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      writeGapMs: context.writeGapMs,
    }),
    import('../sealed-box.js'),
  ])
  const destination = destinationFor(octokit, config, logger)
  const preflight = async <T>(action: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call()
    } catch (error) {
      const message = error instanceof UnknownVisibility ? error.message : describeFailure(error, action, destination)
      throw new SecretsError(`${redact(message)} ${NOTHING_ROTATED}`, { cause: error })
    }
  }

  const publicKey = await preflight('read the secrets public key', () => destination.publicKey())
  try {
    checkPublicKey(publicKey.key)
  } catch (error) {
    throw new SecretsError(
      `The secrets public key GitHub gave for ${destination.description} cannot be used (${error instanceof Error ? error.message : String(error)}). ${NOTHING_ROTATED}`,
      { cause: error },
    )
  }
  const existing = await preflight('list the existing secrets', () => destination.listSecrets())
  const existingByName = new Map(existing.map((secret) => [secret.name.toUpperCase(), secret]))
  const created = dueNames.filter((name) => !existingByName.has(name))
  const updated = dueNames.filter((name) => existingByName.has(name))
  checkLimits(config.scope, destination, existing.length, created.length, logger)
  const notes = await preflight('read who may read the existing secrets', () => destination.prepareWrites(dueNames, existingByName))
  if (bundle) {
    return prepareBundleStore(
      { ...config, bundle },
      {
        destination,
        publicKey,
        seal: (value) => sealSecretValue(value, publicKey.key),
        existingNames: new Set(existingByName.keys()),
        due: context.due,
        validateOnly: context.validateOnly,
        pskLength: context.pskLength ?? null,
        logger,
        redact,
      },
    )
  }

  const limit = SECRET_LIMITS[config.scope]
  const verb = context.validateOnly ? 'would write' : 'writes'
  logger.info(
    `GitHub secrets: ${destination.description} holds ${existing.length} secret${existing.length === 1 ? '' : 's'} (GitHub allows ${limit}); ` +
      (dueNames.length === 0
        ? 'no tunnel is due, so this run writes none.'
        : `this run ${verb} ${dueNames.length}: ${updated.length} update${updated.length === 1 ? '' : 's'}, ${created.length} new.`),
  )
  const plan = dueNames.map((name) => `${name} (${existingByName.has(name) ? 'update' : 'create'}${notes.get(name) ?? ''})`)
  if (plan.length > 0) logger.info(`${context.validateOnly ? 'Validate-only: would write' : 'Will write'}: ${plan.join(', ')}.`)

  let refused: string | null = null
  return {
    secretNameFor: nameOf,
    unavailable: () => refused,
    async store(tunnel, psk) {
      const name = nameOf(tunnel)
      const clean = redactor([config.githubToken, psk])
      if (context.validateOnly) throw new SecretsError('This is a validate-only run: no secret is written.')
      if (refused !== null) throw new SecretsError(`Not attempted: ${refused}`)
      const outcome = await writeSecret(
        {
          destination,
          publicKey,
          seal: (value) => sealSecretValue(value, publicKey.key),
          clean,
          // Past its retries, a failed write means the next one would most likely fail too: rotating
          // more tunnels would only make PSKs that are stored nowhere. Only a refusal of this one
          // secret's value (422) leaves the destination usable.
          onWriteFailed: (error) => {
            const failure = failureOf(error)
            if (failure.status !== 422) refused ??= refusalOf(failure, destination)
          },
        },
        name,
        psk,
        'the PSK',
      )
      logger.info(`Stored the new PSK of tunnel ${outside(tunnel.name, 100)} in ${destination.description}: secret ${name} (${outcome}).`)
    },
  }
}

function checkLimits(scope: SecretScope, destination: Destination, existing: number, created: number, logger: Logger): void {
  const limit = SECRET_LIMITS[scope]
  if (existing + created > limit) {
    throw new SecretsError(
      `Writing ${created} new secret${created === 1 ? '' : 's'} to ${destination.description} would make ${existing + created}, over GitHub's limit of ${limit} secrets per ${scope} (${existing} exist already). Delete unused secrets, select fewer tunnels, or choose another secret-scope. ${NOTHING_ROTATED}`,
    )
  }
  if (scope === 'organization' && existing + created > VISIBLE_ORGANIZATION_SECRETS) {
    logger.warning(
      `${destination.description} will hold ${existing + created} secrets. A workflow can read only the first ${VISIBLE_ORGANIZATION_SECRETS} organization secrets visible to its repository (in alphabetical order): share each secret only with the repositories that need it, or split the tunnels over repository or environment secrets.`,
    )
  }
}

/** Why no further secret can be written after `failure`, for every tunnel not yet rotated. */
function refusalOf(failure: ReturnType<typeof failureOf>, destination: Destination): string {
  if (failure.status === 429 || isRateLimit(failure)) {
    return `GitHub kept rate-limiting secret writes to ${destination.description} (HTTP ${failure.status}); re-run later to rotate the rest.`
  }
  if (failure.status === 401 || failure.status === 403 || failure.status === 404) {
    return `GitHub refused an earlier write to ${destination.description} (HTTP ${failure.status}).`
  }
  if (!failure.answered) return `GitHub did not answer an earlier write to ${destination.description}; re-run later to rotate the rest.`
  return `GitHub failed an earlier write to ${destination.description} (HTTP ${failure.status ?? 'unknown'}); re-run later to rotate the rest.`
}

function redactor(secrets: string[]): (text: string) => string {
  const present = secrets.filter((secret) => secret.length >= 4)
  return (text) => present.reduce((result, secret) => result.split(secret).join('***'), text)
}
