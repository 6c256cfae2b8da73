import { InputError, readConfig, type Config } from './inputs.js'
import { workflowCommands } from './workflow-commands.js'

/**
 * Checks every input first, with only the workflow-command writer loaded, so a mistake fails
 * fast; the toolkit, the HTTP client and the rest of the action load once the inputs are valid.
 */
export async function run(): Promise<void> {
  let config: Config
  try {
    config = readConfig(workflowCommands)
  } catch (error) {
    workflowCommands.setFailed(error instanceof InputError ? error.message : String(error))
    return
  }
  const [core, { runSession }] = await Promise.all([import('@actions/core'), import('./session.js')])
  await runSession(config, core)
}
