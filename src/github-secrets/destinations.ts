import { ActionError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { SecretsConfig } from '../inputs.js'
import { outside } from '../log-text.js'
import type { Octokit } from './client.js'
import { failureOf, type FailurePlace } from './errors.js'

const PER_PAGE = 100

export interface PublicKey {
  keyId: string
  key: string
}

export interface ExistingSecret {
  name: string
  visibility?: string
}

/**
 * Where secrets go: a repository, an environment or an organization. Each knows its own routes
 * and what its secrets need besides a value (an organization secret's visibility).
 */
export interface Destination extends FailurePlace {
  publicKey(): Promise<PublicKey>
  listSecrets(): Promise<ExistingSecret[]>
  /**
   * Gets ready to write `names`, given the secrets that exist: what each write keeps (for the
   * plan line, e.g. ", visibility all"). Throws when a secret cannot be written safely.
   */
  prepareWrites(names: string[], existing: ReadonlyMap<string, ExistingSecret>): Promise<Map<string, string>>
  put(name: string, encryptedValue: string, keyId: string): Promise<number>
}

interface OrganizationSettings {
  visibility: 'all' | 'private' | 'selected'
  selected_repository_ids?: number[]
}

/** The destination `config` names. */
export function destinationFor(octokit: Octokit, config: SecretsConfig, logger: Logger): Destination {
  if (config.scope === 'organization') return new OrganizationDestination(octokit, config.organization, config.visibility)
  if (config.scope === 'environment')
    return new EnvironmentDestination(octokit, config.owner, config.repo, config.environment ?? '', logger)
  return new RepositoryDestination(octokit, config.owner, config.repo)
}

class RepositoryDestination implements Destination {
  readonly scope = 'repository' as const
  readonly description: string
  readonly target: string
  readonly notFoundAdvice: string

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
  ) {
    this.target = `${owner}/${repo}`
    this.description = `repository ${this.target}`
    this.notFoundAdvice = `Check the repository input ('${this.target}'), and that github-token was granted access to this repository.`
  }

  async publicKey(): Promise<PublicKey> {
    const { data } = await this.octokit.rest.actions.getRepoPublicKey({ owner: this.owner, repo: this.repo })
    return { keyId: data.key_id, key: data.key }
  }

  listSecrets(): Promise<ExistingSecret[]> {
    return this.octokit.paginate(this.octokit.rest.actions.listRepoSecrets, { owner: this.owner, repo: this.repo, per_page: PER_PAGE })
  }

  prepareWrites(): Promise<Map<string, string>> {
    return Promise.resolve(new Map<string, string>())
  }

  async put(name: string, encryptedValue: string, keyId: string): Promise<number> {
    const { status } = await this.octokit.rest.actions.createOrUpdateRepoSecret({
      owner: this.owner,
      repo: this.repo,
      secret_name: name,
      encrypted_value: encryptedValue,
      key_id: keyId,
    })
    return status
  }
}

/**
 * `/repos/{owner}/{repo}/environments/{environment}/secrets/...`, falling back to the older
 * `/repositories/{id}/environments/...` routes only when the first answers 404 and the second works.
 */
class EnvironmentDestination implements Destination {
  readonly scope = 'environment' as const
  readonly description: string
  readonly target: string
  readonly notFoundAdvice: string
  /** Set when this server only has the /repositories/{id}/environments/... routes. */
  private legacyRepositoryId: number | null = null

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
    private readonly environment: string,
    private readonly logger: Logger,
  ) {
    this.target = `${owner}/${repo}`
    this.description = `environment '${environment}' of ${this.target}`
    this.notFoundAdvice = `Check that the environment input ('${environment}') names an existing environment of ${this.target} and that github-token was granted access to this repository.`
  }

  async publicKey(): Promise<PublicKey> {
    try {
      const { data } = await this.octokit.rest.actions.getEnvironmentPublicKey(this.modern())
      return { keyId: data.key_id, key: data.key }
    } catch (error) {
      if (failureOf(error).status !== 404) throw error
    }
    // 404: no such environment, or an older server without the /repos/.../environments routes.
    const { data: repository } = await this.octokit.rest.repos.get({ owner: this.owner, repo: this.repo })
    const response = await this.octokit.request('GET /repositories/{repository_id}/environments/{environment_name}/secrets/public-key', {
      repository_id: repository.id,
      environment_name: this.environment,
    })
    const data = response.data as { key_id: string; key: string }
    this.legacyRepositoryId = repository.id
    this.logger.info(
      `This GitHub server has no /repos/{owner}/{repo}/environments/{environment}/secrets routes; using /repositories/${repository.id}/environments/... instead.`,
    )
    return { keyId: data.key_id, key: data.key }
  }

  async listSecrets(): Promise<ExistingSecret[]> {
    if (this.legacyRepositoryId === null) {
      return this.octokit.paginate(this.octokit.rest.actions.listEnvironmentSecrets, { ...this.modern(), per_page: PER_PAGE })
    }
    const secrets = await this.octokit.paginate('GET /repositories/{repository_id}/environments/{environment_name}/secrets', {
      ...this.legacy(this.legacyRepositoryId),
      per_page: PER_PAGE,
    })
    return secrets as ExistingSecret[]
  }

  prepareWrites(): Promise<Map<string, string>> {
    return Promise.resolve(new Map<string, string>())
  }

  async put(name: string, encryptedValue: string, keyId: string): Promise<number> {
    const body = { secret_name: name, encrypted_value: encryptedValue, key_id: keyId }
    if (this.legacyRepositoryId === null) {
      const { status } = await this.octokit.rest.actions.createOrUpdateEnvironmentSecret({ ...this.modern(), ...body })
      return status
    }
    const { status } = await this.octokit.request(
      'PUT /repositories/{repository_id}/environments/{environment_name}/secrets/{secret_name}',
      { ...this.legacy(this.legacyRepositoryId), ...body },
    )
    return status
  }

  /** Octokit URL-encodes {environment_name} (a space becomes %20, a slash %2F). */
  private modern() {
    return { owner: this.owner, repo: this.repo, environment_name: this.environment }
  }

  private legacy(repositoryId: number) {
    return { repository_id: repositoryId, environment_name: this.environment }
  }
}

class OrganizationDestination implements Destination {
  readonly scope = 'organization' as const
  readonly description: string
  readonly target: string
  readonly notFoundAdvice: string
  /** What each secret this run writes keeps or gets: its visibility and selected repositories. */
  private readonly settings = new Map<string, OrganizationSettings>()

  constructor(
    private readonly octokit: Octokit,
    private readonly org: string,
    /** `secret-visibility`: for the secrets this run creates. */
    private readonly newVisibility: 'private' | 'all',
  ) {
    this.target = `organization ${org}`
    this.description = `organization ${org}`
    this.notFoundAdvice = `Check the organization input ('${org}'; it defaults to the repository owner, and a personal account has no organization secrets) and that github-token belongs to a member allowed to manage its secrets.`
  }

  async publicKey(): Promise<PublicKey> {
    const { data } = await this.octokit.rest.actions.getOrgPublicKey({ org: this.org })
    return { keyId: data.key_id, key: data.key }
  }

  listSecrets(): Promise<ExistingSecret[]> {
    return this.octokit.paginate(this.octokit.rest.actions.listOrgSecrets, { org: this.org, per_page: PER_PAGE })
  }

  /**
   * An existing secret keeps who may read it (its visibility, and for `selected` its repositories);
   * a new one gets `secret-visibility`. A visibility GitHub does not report is not guessed.
   */
  async prepareWrites(names: string[], existing: ReadonlyMap<string, ExistingSecret>): Promise<Map<string, string>> {
    const notes = new Map<string, string>()
    for (const name of names) {
      const visibility = existing.has(name) ? existing.get(name)?.visibility : this.newVisibility
      if (visibility === 'all' || visibility === 'private') {
        this.settings.set(name, { visibility })
        notes.set(name, `, visibility ${visibility}`)
      } else if (visibility === 'selected') {
        const repositories = await this.octokit.paginate(this.octokit.rest.actions.listSelectedReposForOrgSecret, {
          org: this.org,
          secret_name: name,
          per_page: PER_PAGE,
        })
        const ids = repositories.map((repository) => repository.id)
        this.settings.set(name, { visibility: 'selected', selected_repository_ids: ids })
        notes.set(name, `, keeps its ${ids.length} selected repositor${ids.length === 1 ? 'y' : 'ies'}`)
      } else {
        throw new UnknownVisibility(name, this.description, String(visibility))
      }
    }
    return notes
  }

  async put(name: string, encryptedValue: string, keyId: string): Promise<number> {
    const settings = this.settings.get(name) ?? { visibility: this.newVisibility }
    const { status } = await this.octokit.rest.actions.createOrUpdateOrgSecret({
      org: this.org,
      secret_name: name,
      encrypted_value: encryptedValue,
      key_id: keyId,
      ...settings,
    })
    return status
  }
}

/** An existing organization secret whose readers GitHub did not report: left alone rather than rewritten with a guess. */
export class UnknownVisibility extends ActionError {
  constructor(name: string, description: string, visibility: string) {
    super(
      `GitHub did not say which repositories may read the existing secret ${name} of ${description} (visibility '${outside(visibility, 40)}'); it is left alone rather than rewritten with a guess.`,
    )
    this.name = 'UnknownVisibility'
  }
}
