import { EOL } from 'node:os'
import type { InputSource } from './inputs.js'
import { neutralizeLine } from './log-text.js'
import { rememberSecret } from './redaction.js'

/**
 * The three runner interactions the input check needs, written as @actions/core writes them
 * (same variable names, same escaping). Loading @actions/core also loads its HTTP client; doing
 * without it here lets a mistyped input fail in milliseconds.
 */
export const workflowCommands: InputSource & { setFailed(message: string): void } = {
  getInput: (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
  setSecret: (secret) => {
    rememberSecret(secret)
    issue('add-mask', secret)
  },
  setFailed: (message) => {
    process.exitCode = 1
    issue('error', neutralizeLine(message))
  },
}

function issue(command: string, message: string): void {
  process.stdout.write(`::${command}::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}${EOL}`)
}
