import type { Logger } from './logger.js'

/**
 * The runner reads every line the step prints: a line that starts with `::` (after blanks) or
 * that holds `##[` anywhere is a workflow command, and `::stop-commands::` or `##[stop-commands]`
 * would switch masking off for every later line. Text from outside (tunnel names, Cloudflare and
 * GitHub messages, header values) passes through here before it reaches a log line, an error or
 * the summary, so it can neither start a line nor hide a command inside one.
 */

const DEFAULT_MAX_LENGTH = 200
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
const ZERO_WIDTH_SPACE = '\u200b'
const LEGACY_COMMAND = /##\[/g
const COMMAND_AT_LINE_START = /^(\s*):/

function escapeControl(char: string): string {
  const code = char.charCodeAt(0)
  if (char === '\n') return '\\n'
  if (char === '\r') return '\\r'
  if (char === '\t') return '\\t'
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * One log line that the runner cannot read as a command: control characters shown as escapes
 * (so the message stays on one line), `##[` broken up, and a leading `:` guarded.
 */
export function neutralizeLine(message: string): string {
  return message
    .replace(CONTROL, escapeControl)
    .replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}#[`)
    .replace(COMMAND_AT_LINE_START, `$1${ZERO_WIDTH_SPACE}:`)
}

/**
 * Outside text as it may appear inside a message: neutralized and cut to `maxLength` characters,
 * saying how much was left out.
 */
export function outside(value: unknown, maxLength = DEFAULT_MAX_LENGTH): string {
  const text = typeof value === 'string' ? value : String(value)
  const chars = [...text]
  const cut = chars.length > maxLength ? `${chars.slice(0, maxLength).join('')}… (${chars.length - maxLength} more characters)` : text
  return neutralizeLine(cut)
}

/** `core` with every message neutralized on its way out: the one door log text goes through. */
export function safeLog<T extends Logger & { setFailed(message: string): void }>(core: T): T {
  const guard =
    (write: (message: string) => void) =>
    (message: string): void =>
      write(neutralizeLine(message))
  return {
    ...core,
    info: guard((message) => core.info(message)),
    warning: guard((message) => core.warning(message)),
    error: guard((message) => core.error(message)),
    debug: guard((message) => core.debug(message)),
    setFailed: guard((message) => core.setFailed(message)),
  }
}

const URL_CREDENTIALS = /\/\/[^/@\s]*@/g

/** A user's input quoted in an error: short, credential-free (`//user:password@` hidden), safe. */
export function quoteInput(value: string, maxLength = 40): string {
  return `'${outside(value.replace(URL_CREDENTIALS, '//***@'), maxLength)}'`
}
