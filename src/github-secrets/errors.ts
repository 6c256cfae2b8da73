import { ActionError } from '../errors.js'
import type { SecretScope } from '../inputs.js'
import { outside } from '../log-text.js'
import { headerText, type ResponseHeaders } from '../rate-limit.js'
import { MAX_RATE_LIMIT_WAIT_SECONDS, MAX_RETRIES } from './retry-policy.js'

/** Ends every refusal of the preflight, which stops the run before anything rotates. */
export const NOTHING_ROTATED = 'Nothing was rotated: every tunnel keeps its current PSK.'

/** GitHub refused, or the destination cannot take the run's PSKs: reported by its message, never as a bug. */
export class SecretsError extends ActionError {}

export interface RequestFailure {
  status?: number
  /** What GitHub (or the network) said, safe for a log line. */
  message: string
  headers: ResponseHeaders
  /** GitHub answered; false for connection errors, time-outs and failures before sending. */
  answered: boolean
  /** A request was made: false for a failure on this side before anything was sent. */
  sent: boolean
}

export function failureOf(error: unknown): RequestFailure {
  const candidate = error as { status?: unknown; request?: unknown; response?: { data?: unknown; headers?: ResponseHeaders } }
  const response = candidate?.response
  const data = response?.data as { message?: unknown } | string | undefined
  const said =
    typeof data === 'object' && data !== null && typeof data.message === 'string'
      ? data.message
      : typeof data === 'string' && data.trim()
        ? data
        : error instanceof Error
          ? error.message
          : String(error)
  return {
    status: typeof candidate?.status === 'number' ? candidate.status : undefined,
    message: outside(said.replace(/\s+/g, ' ').trim(), 300),
    headers: response?.headers ?? {},
    answered: response !== undefined,
    sent: candidate?.request !== undefined,
  }
}

export function isRateLimit(failure: RequestFailure): boolean {
  const primary = headerText(failure.headers['x-ratelimit-remaining']) === '0' && (failure.status === 403 || failure.status === 429)
  return primary || /\bsecondary rate\b/i.test(failure.message)
}

/** Where a request went and what 401/403/404 advice names, as a destination describes itself. */
export interface FailurePlace {
  scope: SecretScope
  /** "repository octo-org/network", "environment 'prod' of octo-org/network", "organization octo-org" */
  description: string
  /** What 401/403 advice names as the token's target: the repository or the organization. */
  target: string
  /** What a 404 from this destination most likely means. */
  notFoundAdvice: string
}

/** What the destination needs from the token, for 401/403/404 messages. */
function permissionAdvice(scope: SecretScope, target: string): string {
  const needs =
    scope === 'organization'
      ? `the organization permission "Secrets: Read and write" on ${target} (Organization permissions → Secrets; a classic token needs the admin:org scope, plus repo for secrets shared with private repositories)`
      : scope === 'environment'
        ? `the repository permissions "Secrets: Read and write" and "Environments: Read and write" on ${target} (a classic token needs the repo scope)`
        : `the repository permission "Secrets: Read and write" on ${target} (a classic token needs the repo scope)`
  return `github-token must be a fine-grained personal access token or a GitHub App installation token with ${needs}. The workflow's GITHUB_TOKEN cannot write secrets, whatever its permissions.`
}

/** One actionable sentence or three: what failed, where, what GitHub said, and what to fix. */
export function describeFailure(error: unknown, action: string, place: FailurePlace): string {
  const failure = failureOf(error)
  const where = `${action} of ${place.description}`
  const said = failure.message ? `: ${failure.message}` : ''
  if (!failure.sent) return `Could not ${where}: ${failure.message} (nothing was sent to GitHub).`
  if (!failure.answered) return `Could not ${where}: no answer from GitHub (${failure.message}), also after ${MAX_RETRIES} retries.`
  const status = failure.status ?? 0
  if (isRateLimit(failure) || status === 429) {
    return `GitHub's rate limit did not lift for the request to ${where} (HTTP ${status}${said}); this action retries ${MAX_RETRIES} times and waits at most ${MAX_RATE_LIMIT_WAIT_SECONDS} s at a time.`
  }
  if (status === 401)
    return `GitHub rejected github-token when trying to ${where} (HTTP 401${said}): the token is wrong, expired or revoked.`
  if (status === 403) {
    const accepted = outside(headerText(failure.headers['x-accepted-github-permissions']), 200)
    return `GitHub did not allow github-token to ${where} (HTTP 403${said}).${accepted ? ` GitHub says this call needs: ${accepted}.` : ''} ${permissionAdvice(place.scope, place.target)}`
  }
  if (status === 404) {
    return `GitHub answered HTTP 404${said} when trying to ${where}: it does not exist, or github-token cannot see it. ${place.notFoundAdvice} ${permissionAdvice(place.scope, place.target)}`
  }
  if (status >= 500) return `GitHub could not ${where} (HTTP ${status}${said}), also after ${MAX_RETRIES} retries.`
  return `GitHub refused to ${where} (HTTP ${status}${said}).`
}
