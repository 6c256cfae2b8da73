// mode: verify through the bundled action when the GraphQL Analytics API is slow, over budget,
// busy, silent or refusing: waits stay within verify-timeout, and every error is told as it is.
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, type FakeCloudflare, type FakeCloudflareOptions } from './fakes/cloudflare.js'
import { errorLines, resultsByName } from './helpers/outputs.js'
import { assertNothingLeaks, readAsRunner } from './helpers/runner-log.js'
import { annotations, startModelled, verify } from './helpers/verify-run.js'

const running: FakeCloudflare[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.stop()))
})

async function modelled(options: FakeCloudflareOptions = { tunnels: [{ name: 'branch_1' }] }): Promise<FakeCloudflare> {
  const fake = await startModelled(options)
  running.push(fake)
  return fake
}

const GRAPHQL = { method: 'POST', path: '/graphql' }

describe('mode: verify against a GraphQL API that misbehaves', () => {
  it('429 and 503 are waited out and tried again within verify-timeout', async () => {
    const cloudflare = await modelled()
    cloudflare.inject(GRAPHQL, { kind: 'status', status: 429, retryAfter: '1' })
    cloudflare.inject(GRAPHQL, { kind: 'status', status: 503 }, 2)
    const result = await verify(cloudflare, { 'verify-timeout': '8s' })

    expect(result.exitCode).toBe(0)
    expect(resultsByName(result).get('branch_1')?.status).toBe('healthy')
    expect(cloudflare.requests.filter((request) => request.path === '/graphql').length).toBe(4)
    const log = readAsRunner(result.stdout).shown.join('\n')
    expect(log).toMatch(/rate limit hit \(HTTP 429\) on read tunnel health checks; waiting 1 s as Retry-After asks/)
    expect(log).toMatch(/read tunnel health checks: Cloudflare answered HTTP 503; retrying in/)
  })

  it('the fake’s own budget: a spent budget is answered 429, and the step waits for the next window', async () => {
    const cloudflare = await modelled()
    cloudflare.health.budget = { queries: 1, windowMs: 2_000 }
    cloudflare.health.lagMs = 1_500 // the first look finds nothing yet, so a second is needed
    const result = await verify(cloudflare, { 'verify-timeout': '10s' })

    expect(resultsByName(result).get('branch_1')?.status).toBe('healthy')
    expect(result.exitCode).toBe(0)
    expect(cloudflare.health.stats.responses429).toBeGreaterThan(0)
  })

  it('a slow API still gives a verdict', async () => {
    const cloudflare = await modelled()
    cloudflare.health.latencyMs = 1_500
    const result = await verify(cloudflare, { 'verify-timeout': '6s' })
    expect(result.exitCode).toBe(0)
    expect(resultsByName(result).get('branch_1')?.status).toBe('healthy')
  })

  it('an API that never answers: the step ends at verify-timeout, no-data, saying why', async () => {
    const cloudflare = await modelled()
    cloudflare.health.latencyMs = Infinity
    const result = await verify(cloudflare, { 'verify-timeout': '3s' })

    expect(result.exitCode).toBe(1)
    // The bound the issue asks for: node start-up, then at most verify-timeout; nowhere near the 30 s request time-out.
    expect(result.durationMs).toBeLessThan(8_000)
    const entry = resultsByName(result).get('branch_1')
    expect(entry?.status).toBe('no-data')
    expect(entry?.reason).toMatch(
      /The last look failed: verify-timeout ran out \(Cloudflare request to read tunnel health checks could not finish before the deadline/,
    )
    expect(result.outputs['no-data-count']).toBe('1')
  })

  it('a token without analytics permission gives exactly one error naming the permission', async () => {
    const cloudflare = await modelled()
    cloudflare.health.refusal = [{ message: 'not authorized for that account\n::stop-commands::x', code: 'authz' }]
    const result = await verify(cloudflare)

    expect(result.exitCode).toBe(1)
    expect(errorLines(result)).toHaveLength(1)
    expect(annotations(result, 'error')[0]).toMatch(
      /^Cloudflare's GraphQL Analytics API refused the tunnel health query \("not authorized for that account\\n::stop-commands::x" \[authz\]\): reading tunnel health \(mode: verify, and each wave of router-command\) needs the account permission 'Account Analytics: Read' on api-token/,
    )
    expect(readAsRunner(result.stdout).stoppedWith).toEqual([])
    assertNothingLeaks(result, [DEFAULT_API_TOKEN])
  })

  it('any other GraphQL error is quoted as itself, a few of them, the rest counted, and not blamed on a permission', async () => {
    const cloudflare = await modelled()
    cloudflare.health.refusal = [
      { message: 'cannot query field "tunnelName_in"\n::stop-commands::x', code: 'GRAPHQL_VALIDATION_FAILED' },
      ...Array.from({ length: 4 }, (_, i) => ({ message: `problem ${i + 2}`, code: 'GRAPHQL_VALIDATION_FAILED' })),
    ]
    const result = await verify(cloudflare)

    expect(result.exitCode).toBe(1)
    const [error] = annotations(result, 'error')
    expect(error).toBe(
      `Cloudflare's GraphQL Analytics API answered the tunnel health query with 5 errors: "cannot query field "tunnelName_in"\\n::stop-commands::x" [GRAPHQL_VALIDATION_FAILED]; "problem 2" [GRAPHQL_VALIDATION_FAILED]; "problem 3" [GRAPHQL_VALIDATION_FAILED]; and 2 more.`,
    )
    expect(error).not.toMatch(/permission/)
    expect(readAsRunner(result.stdout).stoppedWith).toEqual([])
  })
})
