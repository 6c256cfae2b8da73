import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The step's outputs as files too, in a folder of this run's own under RUNNER_TEMP (the runner
 * empties it after the job): a 1,000-tunnel `results` is larger than Linux lets one environment
 * variable be, and a router step should read only its own router's keys. Folder 700, files 600.
 */
export class HandoverFiles {
  private folder: string | null = null

  constructor(private readonly base: string = process.env.RUNNER_TEMP || tmpdir()) {}

  /** Writes `name` in the run's folder and returns its path. */
  write(name: string, content: string): string {
    const path = this.pathFor(name)
    writeFileSync(path, content, { mode: 0o600 })
    chmodSync(path, 0o600)
    return path
  }

  /**
   * Removes a path of the run's folder (written by `write`, or by a command given its path, which
   * may have made it a folder); gone already is fine, and a path that cannot be removed stays in
   * the folder, which the runner empties after the job.
   */
  remove(path: string): void {
    try {
      rmSync(path, { force: true, recursive: true })
    } catch {
      // Left for the runner.
    }
  }

  /** A path in the run's folder that nothing has written yet, for a command to write. */
  pathFor(name: string): string {
    if (this.folder === null) {
      this.folder = mkdtempSync(join(this.base, 'ipsec-psk-'))
      chmodSync(this.folder, 0o700)
    }
    return join(this.folder, name)
  }
}

export interface RouterHandover {
  router: string
  tunnels: string[]
  psks_file: string
  results_file: string
}

/** One entry a router, in the order its first tunnel appears: its tunnels, and files holding only their PSKs and results. */
export function writeRouterFiles<T extends { id: string }>(
  files: HandoverFiles,
  results: readonly T[],
  psks: Readonly<Record<string, string>>,
  routerOf: (result: T) => string,
  /** Before each file's name: a wave's files stay apart from the run's. */
  prefix = '',
): RouterHandover[] {
  const byRouter = new Map<string, T[]>()
  for (const result of results) {
    const router = routerOf(result)
    const own = byRouter.get(router)
    if (own) own.push(result)
    else byRouter.set(router, [result])
  }
  return [...byRouter].map(([router, own], index) => {
    const ownPsks = Object.fromEntries(own.filter(({ id }) => id in psks).map(({ id }) => [id, psks[id]]))
    return {
      router,
      tunnels: own.map(({ id }) => id),
      psks_file: files.write(`${prefix}router-${index + 1}-psks.json`, JSON.stringify(ownPsks)),
      results_file: files.write(`${prefix}router-${index + 1}-results.json`, JSON.stringify(own)),
    }
  })
}

/** Linux refuses to start a process with one environment variable longer than this (MAX_ARG_STRLEN). */
export const ENV_VALUE_LIMIT_BYTES = 128 * 1024
