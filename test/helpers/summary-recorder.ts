// A job summary that records what is added to it, for unit tests of the summaries.
import type { SummarySink } from '../../src/toolkit.js'

/** `parts`: each heading (`# text`), raw block and table (as JSON), in order. */
export function recordingSummary(): { sink: SummarySink; parts: string[] } {
  const parts: string[] = []
  const sink: SummarySink = {
    addHeading: (text) => (parts.push(`# ${text}`), sink),
    addRaw: (text) => (parts.push(text), sink),
    addTable: (rows) => (parts.push(JSON.stringify(rows)), sink),
    write: async () => sink,
  }
  return { sink, parts }
}
