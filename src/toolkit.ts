import type { Logger } from './logger.js'

/** The parts of `@actions/core` the action uses, so that every module can take a recorder in tests. */
export interface ActionsCore extends Logger, OutputSink {
  setSecret(secret: string): void
  setFailed(message: string): void
  /** A foldable group of log lines, ended by `endGroup`. */
  startGroup(name: string): void
  endGroup(): void
  summary: SummarySink
}

export interface OutputSink {
  setOutput(name: string, value: string): void
}

export interface SummarySink {
  addHeading(text: string, level?: number): SummarySink
  addRaw(text: string, addEOL?: boolean): SummarySink
  addTable(rows: ({ data: string; header?: boolean } | string)[][]): SummarySink
  write(): Promise<unknown>
}
