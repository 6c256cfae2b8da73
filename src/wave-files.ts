import { writeRouterFiles, type HandoverFiles } from './handover.js'
import { toPublicResult } from './report.js'
import type { TunnelResult } from './rotation.js'

export interface WaveFiles {
  /** `PSKS_FILE`, `RESULTS_FILE`, `ROUTERS_FILE` and `ROUTER_REPORT`, for the router command. */
  env: Record<string, string>
  reportPath: string
  /** Removes every file of the wave, the command's report included. */
  remove(): void
}

/**
 * One wave's tunnels for the router command, in the shapes of the step's outputs: the PSKs, the
 * results, and the per-router hand-over, each file 600 in the run's own folder.
 */
export function writeWaveFiles(
  files: HandoverFiles,
  wave: number,
  results: readonly TunnelResult[],
  psks: Readonly<Record<string, string>>,
): WaveFiles {
  const prefix = `wave-${wave}-`
  const publicResults = results.map(toPublicResult)
  const psksFile = files.write(`${prefix}psks.json`, JSON.stringify(psks))
  const resultsFile = files.write(`${prefix}results.json`, JSON.stringify(publicResults))
  const routers = writeRouterFiles(files, publicResults, psks, (result) => result.router ?? `tunnel-${result.id}`, prefix)
  const routersFile = files.write(`${prefix}routers.json`, JSON.stringify(routers))
  const reportPath = files.pathFor(`${prefix}router-report.txt`)
  files.remove(reportPath)
  const written = [psksFile, resultsFile, routersFile, reportPath, ...routers.flatMap((router) => [router.psks_file, router.results_file])]
  return {
    env: { PSKS_FILE: psksFile, RESULTS_FILE: resultsFile, ROUTERS_FILE: routersFile, ROUTER_REPORT: reportPath },
    reportPath,
    remove: () => {
      for (const path of written) files.remove(path)
    },
  }
}
