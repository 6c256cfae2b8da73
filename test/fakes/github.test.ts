import { getOctokit } from '@actions/github'
import { afterEach, describe, expect, it } from 'vitest'
import { sealSecretValue } from '../../src/sealed-box.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub } from './github.js'
import type { FakeGitHubOptions } from './github.js'

const OWNER = 'acme'
const REPO = 'network'
const FULL_NAME = `${OWNER}/${REPO}`
const REPOSITORY_ID = 4242
const SECONDARY_RATE_LIMIT_MESSAGE = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'

type Octokit = ReturnType<typeof getOctokit>

interface Rejection {
  status: number
  message: string
  headers: Record<string, string | undefined>
}

const running: FakeGitHub[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.stop()))
})

async function startFake(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const fake = await FakeGitHub.start(options)
  running.push(fake)
  fake.addRepository(FULL_NAME, { id: REPOSITORY_ID, environments: ['production', 'edge west'] })
  fake.addOrganization(OWNER)
  return fake
}

function clientFor(fake: FakeGitHub, token = DEFAULT_GITHUB_TOKEN): Octokit {
  return getOctokit(token, { baseUrl: fake.url })
}

async function rejectionOf(request: Promise<unknown>): Promise<Rejection> {
  try {
    await request
  } catch (error) {
    const { status, message, response } = error as { status: number; message: string; response?: { headers: Rejection['headers'] } }
    return { status, message, headers: response?.headers ?? {} }
  }
  throw new Error('expected the request to fail')
}

async function putRepositorySecret(octokit: Octokit, name: string, value: string) {
  const { data: key } = await octokit.rest.actions.getRepoPublicKey({ owner: OWNER, repo: REPO })
  return octokit.rest.actions.createOrUpdateRepoSecret({
    owner: OWNER,
    repo: REPO,
    secret_name: name,
    encrypted_value: sealSecretValue(value, key.key),
    key_id: key.key_id,
  })
}

function rawRequest(fake: FakeGitHub, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${fake.url}${path}`, init)
}

describe('FakeGitHub repository secrets', () => {
  it('creates with 201, updates with 204 and stores the decrypted value', async () => {
    const fake = await startFake()
    const octokit = clientFor(fake)

    const created = await putRepositorySecret(octokit, 'cf_tunnel_psk', 'first-psk')
    const createdAt = fake.repositorySecrets(FULL_NAME).get('CF_TUNNEL_PSK')?.createdAt
    const updated = await putRepositorySecret(octokit, 'CF_TUNNEL_PSK', 'second-psk ✓')

    expect(created.status).toBe(201)
    expect(updated.status).toBe(204)
    expect(fake.repositorySecrets(FULL_NAME).get('CF_TUNNEL_PSK')).toMatchObject({ value: 'second-psk ✓', createdAt })
    expect(fake.stats.writes).toBe(2)
    expect(fake.requests[0]?.headers.authorization).toBe(`token ${DEFAULT_GITHUB_TOKEN}`)
  })

  it('describes repositories and lists secret names with pagination links', async () => {
    const fake = await startFake()
    const octokit = clientFor(fake)
    for (const name of ['C_PSK', 'A_PSK', 'B_PSK']) fake.presetSecret({ repository: FULL_NAME }, name, `${name}-value`)

    const { data: repository } = await octokit.rest.repos.get({ owner: OWNER, repo: REPO })
    const firstPage = await octokit.rest.actions.listRepoSecrets({ owner: OWNER, repo: REPO, per_page: 2 })
    const everything = await octokit.paginate(octokit.rest.actions.listRepoSecrets, { owner: OWNER, repo: REPO, per_page: 2 })
    const missing = await rejectionOf(octokit.rest.repos.get({ owner: OWNER, repo: 'unknown' }))

    expect(repository).toMatchObject({ id: REPOSITORY_ID, name: REPO, full_name: FULL_NAME, owner: { login: OWNER } })
    expect(firstPage.data.total_count).toBe(3)
    expect(firstPage.data.secrets.map(({ name }) => name)).toEqual(['A_PSK', 'B_PSK'])
    expect(firstPage.headers.link).toContain('rel="next"')
    expect(everything.map(({ name }) => name)).toEqual(['A_PSK', 'B_PSK', 'C_PSK'])
    expect(missing).toMatchObject({ status: 404, message: expect.stringContaining('Not Found') })
  })

  it('answers 422 when key_id is wrong or the box was sealed for another key', async () => {
    const fake = await startFake()
    const octokit = clientFor(fake)
    const { data: repositoryKey } = await octokit.rest.actions.getRepoPublicKey({ owner: OWNER, repo: REPO })
    const { data: organizationKey } = await octokit.rest.actions.getOrgPublicKey({ org: OWNER })
    const put = (encryptedValue: string, keyId: string) =>
      octokit.rest.actions.createOrUpdateRepoSecret({
        owner: OWNER,
        repo: REPO,
        secret_name: 'PSK',
        encrypted_value: encryptedValue,
        key_id: keyId,
      })

    const wrongKeyId = await rejectionOf(put(sealSecretValue('v', repositoryKey.key), organizationKey.key_id))
    const wrongKey = await rejectionOf(put(sealSecretValue('v', organizationKey.key), repositoryKey.key_id))

    expect(organizationKey.key_id).not.toBe(repositoryKey.key_id)
    expect(wrongKeyId.status).toBe(422)
    expect(wrongKey.status).toBe(422)
    expect(fake.repositorySecrets(FULL_NAME).size).toBe(0)
  })

  it('rejects malformed bodies and invalid secret names', async () => {
    const fake = await startFake()
    const headers = { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` }

    const notJson = await rawRequest(fake, `/repos/${FULL_NAME}/actions/secrets/PSK`, { method: 'PUT', headers, body: '{' })
    const badName = await rawRequest(fake, `/repos/${FULL_NAME}/actions/secrets/1-psk`, { method: 'PUT', headers, body: '{}' })

    expect(notJson.status).toBe(400)
    expect(badName.status).toBe(422)
  })
})

describe('FakeGitHub environment secrets', () => {
  it('stores secrets through /repos/{owner}/{repo}/environments/{name} with a URL-encoded name', async () => {
    const fake = await startFake()
    const octokit = clientFor(fake)
    const environment = { owner: OWNER, repo: REPO, environment_name: 'edge west' }

    const { data: key } = await octokit.rest.actions.getEnvironmentPublicKey(environment)
    const { status } = await octokit.rest.actions.createOrUpdateEnvironmentSecret({
      ...environment,
      secret_name: 'PSK',
      encrypted_value: sealSecretValue('edge-psk', key.key),
      key_id: key.key_id,
    })
    const unknown = await rejectionOf(octokit.rest.actions.getEnvironmentPublicKey({ ...environment, environment_name: 'staging' }))

    expect(status).toBe(201)
    expect(fake.requests.some(({ path }) => path.includes('/environments/edge%20west/'))).toBe(true)
    expect(fake.environmentSecrets(FULL_NAME, 'edge west').get('PSK')?.value).toBe('edge-psk')
    expect(fake.environmentSecrets(FULL_NAME, 'production').size).toBe(0)
    expect(unknown.status).toBe(404)
  })

  it('with legacyEnvironmentRoutes only answers under /repositories/{id}', async () => {
    const fake = await startFake({ legacyEnvironmentRoutes: true })
    const octokit = clientFor(fake)
    const byId = { repository_id: REPOSITORY_ID, environment_name: 'production' }

    const modern = await rejectionOf(
      octokit.rest.actions.getEnvironmentPublicKey({ owner: OWNER, repo: REPO, environment_name: 'production' }),
    )
    const { data: key } = await octokit.request(
      'GET /repositories/{repository_id}/environments/{environment_name}/secrets/public-key',
      byId,
    )
    const { status } = await octokit.request('PUT /repositories/{repository_id}/environments/{environment_name}/secrets/{secret_name}', {
      ...byId,
      secret_name: 'PSK',
      encrypted_value: sealSecretValue('legacy-psk', key.key),
      key_id: key.key_id,
    })

    expect(modern.status).toBe(404)
    expect(fake.unhandled.map(({ path }) => path)).toEqual([`/repos/${FULL_NAME}/environments/production/secrets/public-key`])
    expect(status).toBe(201)
    expect(fake.environmentSecrets(FULL_NAME, 'production').get('PSK')?.value).toBe('legacy-psk')
  })
})

describe('FakeGitHub organization secrets', () => {
  // Widened to string so the typed route does not forbid the invalid bodies these tests send.
  const putOrganizationSecretRoute: string = 'PUT /orgs/{org}/actions/secrets/{secret_name}'

  async function putOrganizationSecret(octokit: Octokit, value: string, settings: Record<string, unknown>) {
    const { data: key } = await octokit.rest.actions.getOrgPublicKey({ org: OWNER })
    return octokit.request(putOrganizationSecretRoute, {
      org: OWNER,
      secret_name: 'SHARED_PSK',
      encrypted_value: sealSecretValue(value, key.key),
      key_id: key.key_id,
      ...settings,
    })
  }

  it('keeps selected repository ids and exposes them through the API', async () => {
    const fake = await startFake()
    const octokit = clientFor(fake)

    const { status } = await putOrganizationSecret(octokit, 'org-psk', {
      visibility: 'selected',
      selected_repository_ids: [REPOSITORY_ID, 77],
    })
    const { data: secret } = await octokit.rest.actions.getOrgSecret({ org: OWNER, secret_name: 'SHARED_PSK' })
    const { data: selected } = await octokit.rest.actions.listSelectedReposForOrgSecret({ org: OWNER, secret_name: 'SHARED_PSK' })
    const { data: listed } = await octokit.rest.actions.listOrgSecrets({ org: OWNER })

    expect(status).toBe(201)
    expect(fake.organizationSecrets(OWNER).get('SHARED_PSK')).toMatchObject({
      value: 'org-psk',
      visibility: 'selected',
      selectedRepositoryIds: [REPOSITORY_ID, 77],
    })
    expect(secret).toMatchObject({ name: 'SHARED_PSK', visibility: 'selected' })
    expect(secret.selected_repositories_url).toBe(`${fake.url}/orgs/${OWNER}/actions/secrets/SHARED_PSK/repositories`)
    expect(selected.total_count).toBe(2)
    expect(selected.repositories[0]).toMatchObject({ id: REPOSITORY_ID, full_name: FULL_NAME })
    expect(listed.secrets).toEqual([expect.objectContaining({ name: 'SHARED_PSK', visibility: 'selected' })])
  })

  it('updates visibility with 204 and validates it', async () => {
    const fake = await startFake()
    const octokit = clientFor(fake)
    fake.presetSecret({ organization: OWNER }, 'SHARED_PSK', 'old', { visibility: 'selected', selectedRepositoryIds: [1] })

    const missingVisibility = await rejectionOf(putOrganizationSecret(octokit, 'new', {}))
    const selectedWithoutIds = await rejectionOf(putOrganizationSecret(octokit, 'new', { visibility: 'selected' }))
    const { status } = await putOrganizationSecret(octokit, 'new', { visibility: 'private' })
    const missingSecret = await rejectionOf(octokit.rest.actions.getOrgSecret({ org: OWNER, secret_name: 'OTHER' }))

    expect(missingVisibility.status).toBe(422)
    expect(selectedWithoutIds.status).toBe(422)
    expect(status).toBe(204)
    expect(fake.organizationSecrets(OWNER).get('SHARED_PSK')).toMatchObject({ value: 'new', visibility: 'private' })
    expect(fake.organizationSecrets(OWNER).get('SHARED_PSK')).not.toHaveProperty('selectedRepositoryIds')
    expect(missingSecret.status).toBe(404)
  })
})

describe('FakeGitHub authentication and access', () => {
  it('answers 401 Bad credentials for a wrong or missing token and accepts Bearer', async () => {
    const fake = await startFake()

    const wrongToken = await rejectionOf(clientFor(fake, 'ghp_wrong').rest.repos.get({ owner: OWNER, repo: REPO }))
    const anonymous = await rawRequest(fake, `/repos/${FULL_NAME}`)
    const bearer = await rawRequest(fake, `/repos/${FULL_NAME}`, { headers: { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` } })

    expect(wrongToken).toMatchObject({ status: 401, message: expect.stringContaining('Bad credentials') })
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({ message: 'Bad credentials', documentation_url: expect.any(String) })
    expect(bearer.status).toBe(200)
  })

  it("with 'read' access allows reads but answers 403 to secret writes", async () => {
    const fake = await startFake({ tokenAccess: 'read' })

    const rejection = await rejectionOf(putRepositorySecret(clientFor(fake), 'PSK', 'value'))

    expect(rejection).toMatchObject({ status: 403, message: expect.stringContaining('Resource not accessible by integration') })
    expect(fake.requests.map(({ status }) => status)).toEqual([200, 403])
    expect(fake.repositorySecrets(FULL_NAME).size).toBe(0)
  })

  it("with 'none' access answers 403 on every secrets route but still describes the repository", async () => {
    const fake = await startFake({ tokenAccess: 'none' })
    const octokit = clientFor(fake)

    const publicKey = await rejectionOf(octokit.rest.actions.getRepoPublicKey({ owner: OWNER, repo: REPO }))
    const list = await rejectionOf(octokit.rest.actions.listOrgSecrets({ org: OWNER }))
    const { status } = await octokit.rest.repos.get({ owner: OWNER, repo: REPO })

    expect(publicKey).toMatchObject({ status: 403, message: expect.stringContaining('Resource not accessible by integration') })
    expect(list.status).toBe(403)
    expect(status).toBe(200)
  })
})

describe('FakeGitHub faults and limits', () => {
  it('answers injected faults the given number of times with their headers', async () => {
    const fake = await startFake()
    const octokit = clientFor(fake)
    fake.inject({ method: 'get', path: `/repos/${FULL_NAME}` }, { status: 429, retryAfter: '7', message: 'slow down' })
    fake.inject({ path: /\/actions\/secrets\/public-key$/ }, { status: 502 }, 2)

    const throttled = await rejectionOf(octokit.rest.repos.get({ owner: OWNER, repo: REPO }))
    const recovered = await octokit.rest.repos.get({ owner: OWNER, repo: REPO })
    const badGateways = [
      await rejectionOf(octokit.rest.actions.getRepoPublicKey({ owner: OWNER, repo: REPO })),
      await rejectionOf(octokit.rest.actions.getOrgPublicKey({ org: OWNER })),
    ]
    const afterFaults = await octokit.rest.actions.getOrgPublicKey({ org: OWNER })

    expect(throttled).toMatchObject({ status: 429, message: expect.stringContaining('slow down') })
    expect(throttled.headers['retry-after']).toBe('7')
    expect(recovered.status).toBe(200)
    expect(badGateways.map(({ status }) => status)).toEqual([502, 502])
    expect(afterFaults.status).toBe(200)
    expect(fake.stats.responses429).toBe(1)
  })

  it('resets the connection for a reset fault', async () => {
    const fake = await startFake()
    fake.inject({ path: `/repos/${FULL_NAME}` }, { kind: 'reset' })

    await expect(rawRequest(fake, `/repos/${FULL_NAME}`)).rejects.toThrow()
    expect(fake.requests[0]?.status).toBeUndefined()
  })

  it('answers 403 secondary rate limit with retry-after once writes exceed the per-minute budget', async () => {
    const fake = await startFake({ secondaryRateLimit: { writesPerMinute: 2 } })
    const octokit = clientFor(fake)

    await putRepositorySecret(octokit, 'PSK_1', 'one')
    await putRepositorySecret(octokit, 'PSK_2', 'two')
    const limited = await rejectionOf(putRepositorySecret(octokit, 'PSK_3', 'three'))

    expect(limited).toMatchObject({ status: 403, message: expect.stringContaining(SECONDARY_RATE_LIMIT_MESSAGE) })
    expect(limited.headers['retry-after']).toBe('1')
    expect(fake.stats).toMatchObject({ writes: 2, secondaryRateLimited: 1, responses429: 0 })
    expect([...fake.repositorySecrets(FULL_NAME).keys()]).toEqual(['PSK_1', 'PSK_2'])
  })

  it('sends realistic rate-limit headers on every response', async () => {
    const fake = await startFake()

    const first = await rawRequest(fake, `/repos/${FULL_NAME}`)
    const second = await rawRequest(fake, '/nowhere')

    for (const response of [first, second]) {
      expect(response.headers.get('x-ratelimit-limit')).toBe('5000')
      expect(response.headers.get('x-ratelimit-resource')).toBe('core')
      expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
    }
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999')
    expect(second.headers.get('x-ratelimit-used')).toBe('2')
  })

  it('records unknown routes as unhandled and answers 404', async () => {
    const fake = await startFake()
    const octokit = clientFor(fake)

    const variables = await rejectionOf(octokit.request('GET /repos/{owner}/{repo}/actions/variables', { owner: OWNER, repo: REPO }))
    const deletion = await rejectionOf(octokit.rest.actions.deleteRepoSecret({ owner: OWNER, repo: REPO, secret_name: 'PSK' }))

    expect([variables.status, deletion.status]).toEqual([404, 404])
    expect(fake.unhandled.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `GET /repos/${FULL_NAME}/actions/variables`,
      `DELETE /repos/${FULL_NAME}/actions/secrets/PSK`,
    ])
  })

  it('applies latency and tracks the peak number of concurrent requests', async () => {
    const fake = await startFake({ latencyMs: 50 })
    const octokit = clientFor(fake)

    const started = Date.now()
    await Promise.all(Array.from({ length: 5 }, () => octokit.rest.repos.get({ owner: OWNER, repo: REPO })))

    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(fake.stats.maxInFlight).toBe(5)
  })
})
