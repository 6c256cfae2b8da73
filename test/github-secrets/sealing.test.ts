import { afterEach, expect, it, vi } from 'vitest'
import type { Tunnel } from '../../src/cloudflare.js'
import type { Logger } from '../../src/logger.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub } from '../fakes/github.js'
import { tunnelOf } from '../helpers/tunnels.js'

// A sealing failure on the runner (after the preflight accepted the key) is a local failure:
// it must say so, not blame GitHub, and must not stop writes to a destination that works.
vi.mock('../../src/sealed-box.js', () => ({
  checkPublicKey: () => {},
  sealSecretValue: () => {
    throw new Error('crypto backend unavailable')
  },
}))

const TUNNEL: Tunnel = tunnelOf('branch-1', { id: '1f0000000000000000000000000000aa' })
const PSK = 'Live-PSK-0123456789abcdefghijklm'
const logger: Logger = { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} }

let github: FakeGitHub | undefined
afterEach(async () => {
  await github?.stop()
})

it('a sealing failure says it happened on the runner, names no GitHub failure and sends nothing', async () => {
  const { prepareSecretStore } = await import('../../src/github-secrets/index.js')
  github = await FakeGitHub.start({})
  github.addRepository('octo-org/network', { id: 77 })
  const store = await prepareSecretStore(
    {
      scope: 'repository',
      githubToken: DEFAULT_GITHUB_TOKEN,
      owner: 'octo-org',
      repo: 'network',
      environment: null,
      organization: 'octo-org',
      visibility: 'private',
      nameTemplate: 'IPSEC_PSK_{name}',
      bundle: null,
    },
    { selected: [TUNNEL], due: [TUNNEL], validateOnly: false, logger, apiUrl: github.url, retryDelayUnitMs: 1 },
  )
  await expect(store.store(TUNNEL, PSK)).rejects.toThrow(
    /^Could not seal the PSK for secret IPSEC_PSK_BRANCH_1 of repository octo-org\/network on this runner: crypto backend unavailable\.$/,
  )
  expect(github.requests.filter(({ method }) => method === 'PUT')).toEqual([])
  expect(store.unavailable()).toBeNull()
})
