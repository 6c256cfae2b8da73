import { createHash } from 'node:crypto'
import type { RouterFacts, Tunnel } from '../../src/cloudflare.js'

/** A tunnel as the Cloudflare client returns it; its ID is derived from its name unless given. */
export function tunnelOf(name: string, fields: Partial<Omit<Tunnel, 'router'>> & { router?: Partial<RouterFacts> } = {}): Tunnel {
  const { router, ...rest } = fields
  return {
    id: createHash('md5').update(name).digest('hex'),
    name,
    lastGeneratedOn: null,
    healthCheckEnabled: true,
    ...rest,
    router: { customerEndpoint: null, cloudflareEndpoint: null, interfaceAddress: null, fqdnId: null, ...router },
  }
}
