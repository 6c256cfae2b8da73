import type { Tunnel } from './cloudflare.js'
import type { SecretsConfig } from './inputs.js'
import type { Logger } from './logger.js'
import type { PskStore } from './rotation.js'

export interface SecretStoreContext {
  selected: Tunnel[]
  due: Tunnel[]
  validateOnly: boolean
  logger: Logger
}

export async function prepareSecretStore(_config: SecretsConfig, _context: SecretStoreContext): Promise<PskStore> {
  throw new Error('GitHub secrets are not implemented yet.')
}
