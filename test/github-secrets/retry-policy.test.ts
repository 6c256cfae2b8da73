import { RecordingLogger } from './fixtures.js'
import { describe, expect, it } from 'vitest'
import {
  FALLBACK_RETRY_AFTER_SECONDS,
  MAX_RATE_LIMIT_WAIT_SECONDS,
  MAX_RETRIES,
  rateLimitDecision,
  retryPolicy,
} from '../../src/github-secrets/retry-policy.js'

const PUT = {
  method: 'PUT',
  url: '/repos/{owner}/{repo}/actions/secrets/{secret_name}',
  owner: 'octo-org',
  repo: 'network',
  secret_name: 'S',
}

describe('rateLimitDecision', () => {
  it('waits while retries are left and the wait is at most the cap, saying so', () => {
    const logger = new RecordingLogger()
    const decide = rateLimitDecision('secondary rate limit', logger)
    expect(decide(MAX_RATE_LIMIT_WAIT_SECONDS, PUT, null, 0)).toBe(true)
    expect(decide(1, PUT, null, MAX_RETRIES - 1)).toBe(true)
    expect(logger.lines).toEqual([
      'GitHub secondary rate limit on PUT /repos/octo-org/network/actions/secrets/S; waiting 300 s (retry 1 of 3).',
      'GitHub secondary rate limit on PUT /repos/octo-org/network/actions/secrets/S; waiting 1 s (retry 3 of 3).',
    ])
  })

  it('gives up past MAX_RETRIES and on a wait longer than the cap', () => {
    const logger = new RecordingLogger()
    const decide = rateLimitDecision('secondary rate limit', logger)
    expect(decide(1, PUT, null, MAX_RETRIES)).toBe(false)
    expect(decide(MAX_RATE_LIMIT_WAIT_SECONDS + 1, PUT, null, 0)).toBe(false)
    expect(logger.lines[0]).toMatch(/giving up after 3 retries\.$/)
    expect(logger.lines[1]).toMatch(/asks to wait .*, longer than 300 s; not waiting\.$/)
  })
})

describe('retryPolicy', () => {
  it('configures both plugins with the same retry count, shrinkable waits and no retry of 4xx answers', () => {
    const policy = retryPolicy(new RecordingLogger(), 7)
    expect(policy.retry.retries).toBe(MAX_RETRIES)
    expect(policy.retry.retryAfterBaseValue).toBe(7)
    expect(policy.throttle.retryAfterBaseValue).toBe(7)
    expect(policy.throttle.fallbackSecondaryRateRetryAfter).toBe(FALLBACK_RETRY_AFTER_SECONDS)
    for (const status of [400, 401, 403, 404, 422, 429]) expect(policy.retry.doNotRetry).toContain(status)
    for (const status of [500, 502, 503, 504]) expect(policy.retry.doNotRetry).not.toContain(status)
  })
})
