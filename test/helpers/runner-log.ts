// A model of how the GitHub runner reads a step's stdout and stderr (actions/runner,
// ActionCommandManager and ActionCommand): line by line, `::name props::data` commands (after
// leading blanks) and legacy `##[name props]data` commands anywhere in a line, `::add-mask::`
// registering a secret, `stop-commands` switching command processing off until its token comes
// back, and every registered secret replaced by `***` in what is shown. Leak assertions run
// against what this model shows, which is what a person reading the log sees.

export interface RunnerLog {
  /** The lines as the log shows them, secrets masked; commands that are not shown are left out. */
  shown: string[]
  /** Every value registered with add-mask, in order. */
  masks: string[]
  /** Annotations (error, warning, notice) with their masked messages. */
  annotations: { kind: string; message: string }[]
  /** stop-commands tokens that took effect. */
  stoppedWith: string[]
}

const COMMANDS = new Set([
  'add-mask',
  'stop-commands',
  'error',
  'warning',
  'notice',
  'debug',
  'group',
  'endgroup',
  'set-output',
  'save-state',
  'set-env',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'echo',
])
const HIDDEN = new Set(['add-mask', 'debug', 'set-output', 'save-state', 'set-env', 'add-path', 'add-matcher', 'remove-matcher', 'echo'])

interface Command {
  name: string
  data: string
}

function unescapeData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function parseV2(line: string, registered: Set<string>): Command | null {
  const message = line.trimStart()
  if (!message.startsWith('::')) return null
  const end = message.indexOf('::', 2)
  if (end < 0) return null
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (!registered.has(name)) return null
  return { name, data: unescapeData(message.slice(end + 2)) }
}

function parseV1(line: string, registered: Set<string>): Command | null {
  const prefix = line.indexOf('##[')
  if (prefix < 0) return null
  const close = line.indexOf(']', prefix)
  if (close < 0) return null
  const info = line.slice(prefix + 3, close)
  const space = info.indexOf(' ')
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (!registered.has(name)) return null
  return {
    name,
    data: line
      .slice(close + 1)
      .replace(/%5D/g, ']')
      .replace(/%3B/g, ';')
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%25/g, '%'),
  }
}

/** Reads `text` (a step's stdout, or stdout then stderr) as the runner does. */
export function readAsRunner(text: string): RunnerLog {
  const log: RunnerLog = { shown: [], masks: [], annotations: [], stoppedWith: [] }
  const registered = new Set(COMMANDS)
  let stopToken: string | null = null
  const mask = (line: string): string =>
    [...log.masks].sort((a, b) => b.length - a.length).reduce((masked, secret) => masked.split(secret).join('***'), line)

  for (const line of text.split('\n').map((raw) => raw.replace(/\r$/, ''))) {
    const command = parseV2(line, registered) ?? parseV1(line, registered)
    if (stopToken !== null) {
      if (command && command.name === stopToken) {
        registered.delete(stopToken)
        stopToken = null
      }
      log.shown.push(mask(line))
      continue
    }
    if (!command) {
      log.shown.push(mask(line))
      continue
    }
    if (command.name === 'stop-commands') {
      stopToken = command.data.toLowerCase()
      registered.add(stopToken)
      log.stoppedWith.push(command.data)
      log.shown.push(mask(line))
    } else if (command.name === 'add-mask') {
      if (command.data.trim() !== '') log.masks.push(command.data)
    } else if (command.name === 'error' || command.name === 'warning' || command.name === 'notice') {
      log.annotations.push({ kind: command.name, message: mask(command.data) })
      log.shown.push(mask(`${command.name === 'notice' ? 'Notice' : command.name === 'error' ? 'Error' : 'Warning'}: ${command.data}`))
    } else if (!HIDDEN.has(command.name)) {
      log.shown.push(mask(command.data))
    }
  }
  return log
}

/**
 * Fails when any of `secrets` can be read in the log, when a PSK of the `psks` output was never masked, as the runner shows it (stdout, then stderr),
 * or when outside text managed to stop command processing. Names secrets by index only.
 */
export function assertNothingLeaks(
  output: { stdout: string; stderr: string; outputs?: Record<string, string> },
  secrets: string[],
): RunnerLog {
  const log = readAsRunner(`${output.stdout}\n${output.stderr}`)
  if (output.outputs) assertPsksOutputMasked({ stdout: output.stdout, outputs: output.outputs })
  if (log.stoppedWith.length > 0) throw new Error(`The log stopped command processing (${log.stoppedWith.length} time(s))`)
  const shown = log.shown.join('\n')
  secrets.forEach((secret, index) => {
    if (secret === '') throw new Error(`Secret #${index} is empty and cannot be checked`)
    const line = log.shown.findIndex((candidate) => candidate.includes(secret))
    if (line !== -1) throw new Error(`Secret #${index} is readable in the log on shown line ${line + 1}`)
  })
  if (shown.includes('##[')) throw new Error('A shown log line still holds a legacy ##[ command')
  return log
}

/**
 * Every PSK in the step's `psks` output was registered with add-mask, so a later step that prints
 * the output shows `***`: the runner masks outputs only by the values it was told to mask.
 */
export function assertPsksOutputMasked(output: { stdout: string; outputs: Record<string, string> }): void {
  const masks = new Set(readAsRunner(output.stdout).masks)
  const psks = Object.entries(JSON.parse(output.outputs.psks ?? '{}') as Record<string, string>)
  for (const [id, psk] of psks) if (!masks.has(psk)) throw new Error(`The PSK of tunnel ${id} in the psks output was never masked`)
}
