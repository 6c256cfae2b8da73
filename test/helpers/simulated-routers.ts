// Routers for a rolling rotation against the fake Cloudflare, without an IKE lab: the
// router-command appends the IDs of the wave's PSKs to a log, and each one then authenticates
// again with its new key in Cloudflare's health model (or, for a broken router, drops its SA).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FakeCloudflare } from '../fakes/cloudflare.js'

export interface SimulatedRouters {
  /** The router-command that hands each wave's PSKs to these routers (`extra` runs after it). */
  command(extra?: string): string
  /** Environment the command needs. */
  env: Record<string, string>
  /** Tunnel ID to when its router took (or failed to take) the new key. */
  taken: Map<string, number>
  stop(): Promise<void>
}

const POLL_MS = 25
const LONGEST_RUN_MS = 120_000

/**
 * `broken`: tunnel names whose router installs the key but cannot authenticate with it (a wrong
 * identity, say): its SA goes, and Cloudflare reads the tunnel down.
 */
export async function simulatedRouters(cloudflare: FakeCloudflare, broken: ReadonlySet<string> = new Set()): Promise<SimulatedRouters> {
  const dir = await mkdtemp(join(tmpdir(), 'routers-'))
  const log = join(dir, 'taken.log')
  await writeFile(log, '')
  const taken = new Map<string, number>()
  const started = Date.now()
  let polling = true
  const poll = async () => {
    while (polling && Date.now() - started < LONGEST_RUN_MS) {
      const ids = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean)
      for (const id of ids) {
        if (taken.has(id)) continue
        taken.set(id, Date.now())
        const name = cloudflare.tunnel(id).name
        // Cloudflare does not probe a tunnel with health checks off: the model has nothing to say of it.
        if (!cloudflare.health.model?.has(name)) continue
        if (broken.has(name)) cloudflare.health.setLink(name, false)
        else cloudflare.health.reauthenticate(name)
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  }
  const polled = poll()
  const take = `node -e 'for (const id of Object.keys(JSON.parse(require("fs").readFileSync(process.env.PSKS_FILE, "utf8")))) console.log(id)' >> "$TAKEN_LOG"`
  return {
    command: (extra = '') => `${take}\n${extra}`,
    env: { TAKEN_LOG: log },
    taken,
    stop: async () => {
      polling = false
      await polled
      await rm(dir, { recursive: true, force: true })
    },
  }
}
