// What the GitHub-secrets tests share: tunnels, a secrets config, a recording logger, a fake
// GitHub with the usual repository, environments and organization, and a store context.
import type { Tunnel } from '../../src/cloudflare.js'
import type { SecretStoreContext } from '../../src/github-secrets/index.js'
import type { SecretsConfig } from '../../src/inputs.js'
import type { Logger } from '../../src/logger.js'
import { DEFAULT_GITHUB_TOKEN, FakeGitHub, type FakeGitHubOptions } from '../fakes/github.js'
import { tunnelOf } from '../helpers/tunnels.js'

export const OWNER = 'octo-org'
export const REPOSITORY = `${OWNER}/network`

export function tunnel(name: string, id = `${name.length.toString(16).padStart(2, '0')}${'ab'.repeat(15)}`): Tunnel {
  return tunnelOf(name, { id })
}

export const BRANCH_1 = tunnel('branch-1', '1f0000000000000000000000000000aa')
export const BRANCH_2 = tunnel('branch-2', 'af0000000000000000000000000000bb')

export function secretsConfig(overrides: Partial<SecretsConfig> = {}): SecretsConfig {
  return {
    scope: 'repository',
    githubToken: DEFAULT_GITHUB_TOKEN,
    owner: OWNER,
    repo: 'network',
    environment: null,
    organization: OWNER,
    visibility: 'private',
    nameTemplate: 'IPSEC_PSK_{name}',
    bundle: null,
    ...overrides,
  }
}

export class RecordingLogger implements Logger {
  readonly lines: string[] = []
  info = (message: string) => void this.lines.push(message)
  warning = (message: string) => void this.lines.push(`warning: ${message}`)
  error = (message: string) => void this.lines.push(`error: ${message}`)
  debug = () => {}
}

/** Servers a test started; `stopAll` in an afterEach removes them. */
export const running: { stop(): Promise<void> }[] = []
export const stopAll = async (): Promise<void> => {
  await Promise.all(running.splice(0).map((server) => server.stop()))
}

export async function startGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const fake = await FakeGitHub.start(options)
  running.push(fake)
  fake.addRepository(REPOSITORY, { id: 77, environments: ['production', 'eu/prod 1'] })
  fake.addOrganization(OWNER)
  return fake
}

export function storeContext(
  github: FakeGitHub,
  overrides: Partial<SecretStoreContext> = {},
): SecretStoreContext & { logger: RecordingLogger } {
  return {
    selected: [BRANCH_1, BRANCH_2],
    due: [BRANCH_1, BRANCH_2],
    validateOnly: false,
    logger: new RecordingLogger(),
    apiUrl: github.url,
    retryDelayUnitMs: 1,
    // Octokit's write pacing, 10 ms apart instead of 1 s: still paced, in a fraction of the time.
    // One test in github-secrets.test.ts keeps the default and sees the 1 s.
    writeGapMs: 10,
    ...overrides,
  } as SecretStoreContext & { logger: RecordingLogger }
}

export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}
