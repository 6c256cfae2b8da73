// The step's outputs as later steps read them, for every test that runs the action.
import type { ActionRun } from './run-action.js'

/** One entry of the `results` output. */
export interface StepResult {
  id: string
  name: string
  status: string
  last_generated_on: string | null
  ipsec_id: string | null
  customer_endpoint: string | null
  cloudflare_endpoint: string | null
  interface_address: string | null
  secret_name: string | null
  error: string | null
  reason: string | null
}

/** The `results` output; an empty list when the step wrote none. */
export const resultsOf = (run: ActionRun): StepResult[] => JSON.parse(run.outputs.results ?? '[]') as StepResult[]

/** The `psks` output; a step that wrote none fails the test. */
export function psksOf(run: ActionRun): Record<string, string> {
  if (run.outputs.psks === undefined) throw new Error('The step wrote no psks output')
  return JSON.parse(run.outputs.psks) as Record<string, string>
}

/** `results` by tunnel name. */
export const resultsByName = (run: ActionRun): Map<string, StepResult> => new Map(resultsOf(run).map((entry) => [entry.name, entry]))

/** The `::error::` lines as written on stdout. */
export const errorLines = (run: ActionRun): string[] => run.stdout.split('\n').filter((line) => line.startsWith('::error::'))
