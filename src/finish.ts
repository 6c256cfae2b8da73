import { describeError } from './errors.js'
import type { HandoverFiles } from './handover.js'
import type { LivePsks } from './live-psks.js'
import { writeOutputs, type OutputKind } from './report.js'
import type { TunnelResult } from './rotation.js'
import type { ActionsCore, SummarySink } from './toolkit.js'

export interface ClosingLine {
  level: 'info' | 'warning' | 'error'
  text: string
}

/** What a mode found and did, for `finish` to hand over: each mode returns one. */
export interface ModeReport {
  kind: OutputKind
  results: TunnelResult[]
  livePsks: LivePsks
  /** Outputs of this kind of run beyond the results, the PSKs and the status counts. */
  outputs?: Record<string, string>
  writeSummary(summary: SummarySink): Promise<void>
  /** The run's last lines, in order: the tally, then what needs attention. */
  closing: ClosingLine[]
  /** Why the step fails, or null when it succeeds. */
  failure: string | null
}

/** The one end of every mode: outputs first (they must not be lost), then the summary, the closing lines and the verdict. */
export async function finish(core: ActionsCore, report: ModeReport, files: HandoverFiles): Promise<void> {
  writeOutputs(core, report.results, report.livePsks, report.kind, files)
  for (const [name, value] of Object.entries(report.outputs ?? {})) core.setOutput(name, value)
  try {
    await report.writeSummary(core.summary)
  } catch (error) {
    core.warning(`Could not write the job summary: ${describeError(error)}`)
  }
  for (const line of report.closing) core[line.level](line.text)
  if (report.failure !== null) core.setFailed(report.failure)
}
