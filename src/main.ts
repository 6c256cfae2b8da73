import { setFlagsFromString } from 'node:v8'
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
  const [core, { rotateTunnels }] = await Promise.all([import('@actions/core'), import('./action.js')])
  // undici parses HTTP with a WebAssembly module, and V8's background optimisation of it keeps
  // the process alive ~80 ms after the last request; its baseline compiler is plenty here. Set
  // only now: changing V8 flags makes Node compile the built-in modules it loads afterwards anew.
  setFlagsFromString('--liftoff-only')
  await rotateTunnels(config, core)
}
