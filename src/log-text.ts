import type { Logger } from './logger.js'
import { redact, rememberSecret } from './redaction.js'

/**
 * The runner reads every line the step prints: a line that starts with `::` (after blanks) or
 * that holds `##[` anywhere is a workflow command, and `::stop-commands::` or `##[stop-commands]`
 * would switch masking off for every later line. Text from outside (tunnel names, Cloudflare and
 * GitHub messages, header values) passes through here before it reaches a log line, an error or
 * the summary, so it can neither start a line nor hide a command inside one, nor carry a
 * credential or PSK the run holds, nor mislead a reader with invisible or reordering characters.
 */

const DEFAULT_MAX_LENGTH = 200
/** The most one tunnel's `error` or `reason` may hold: a few quoted messages and the words around them. */
const MAX_MESSAGE_LENGTH = 1_500
// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and every format character
// (Cf: the bidirectional controls U+202A–U+202E and U+2066–U+2069, zero-width characters, U+FEFF).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu
const ZERO_WIDTH_SPACE = '\u200b'
const LEGACY_COMMAND = /##\[/g
const COMMAND_AT_LINE_START = /^(\s*):/

function escapeControl(char: string): string {
  if (char === '\n') return '\\n'
  if (char === '\r') return '\\r'
  if (char === '\t') return '\\t'
  const point = char.codePointAt(0) ?? 0
  if (point <= 0xff) return `\\x${point.toString(16).padStart(2, '0')}`
  return point <= 0xffff ? `\\u${point.toString(16).padStart(4, '0')}` : `\\u{${point.toString(16)}}`
}

/** A zero-width space where this module puts one to break a command up: text neutralized twice stays the same. */
function isBreaker(char: string, offset: number, text: string): boolean {
  if (char !== ZERO_WIDTH_SPACE || text[offset + 1] === undefined) return false
  const breaksLegacy = text[offset - 1] === '#' && text.startsWith('#[', offset + 1)
  const breaksLineStart = text[offset + 1] === ':' && /^\s*$/.test(text.slice(0, offset))
  return breaksLegacy || breaksLineStart
}

/** Outside text that can hide no command anywhere: control and format characters escaped, `##[` broken up. */
function neutralizeText(text: string): string {
  return redact(text)
    .replace(CONTROL, (char: string, offset: number, whole: string) => (isBreaker(char, offset, whole) ? char : escapeControl(char)))
    .replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}#[`)
}

/**
 * One log line that the runner cannot read as a command: control characters shown as escapes
 * (so the message stays on one line), `##[` broken up, and a leading `:` guarded.
 */
export function neutralizeLine(message: string): string {
  return neutralizeText(message).replace(COMMAND_AT_LINE_START, `$1${ZERO_WIDTH_SPACE}:`)
}

/**
 * Outside text as it may appear inside a message: neutralized and cut to `maxLength` characters,
 * saying how much was left out. Every line it ends up in goes through `neutralizeLine` as well.
 */
export function outside(value: unknown, maxLength = DEFAULT_MAX_LENGTH): string {
  return neutralizeText(bounded(redact(typeof value === 'string' ? value : String(value)), maxLength))
}

/** `core` with every message neutralized on its way out: the one door log text goes through. */
export function safeLog<
  T extends Logger & { setFailed(message: string): void; setSecret(secret: string): void; startGroup?(name: string): void },
>(core: T): T {
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
    ...(core.startGroup ? { startGroup: guard((name) => core.startGroup?.(name)) } : {}),
    setSecret: (secret: string) => {
      rememberSecret(secret)
      core.setSecret(secret)
    },
  }
}

/** Text already made safe, cut to `maxLength` characters so no one message can flood a line or an output. */
export function bounded(text: string, maxLength = MAX_MESSAGE_LENGTH): string {
  const chars = [...text]
  return chars.length > maxLength ? `${chars.slice(0, maxLength).join('')}… (${chars.length - maxLength} more characters)` : text
}

const URL_CREDENTIALS = /\/\/[^/@\s]*@/g

/** A user's input quoted in an error: short, credential-free (`//user:password@` hidden), safe. */
export function quoteInput(value: string, maxLength = 40): string {
  return `'${outside(value.replace(URL_CREDENTIALS, '//***@'), maxLength)}'`
}

/** At most this many tunnels are named one by one in a single error line; the rest are counted. */
const NAMED_IN_ONE_LINE = 50

/** Tunnel names for one line: each neutralized and cut, at most NAMED_IN_ONE_LINE, the rest counted. */
export function nameList(names: string[]): string {
  const shown = names.slice(0, NAMED_IN_ONE_LINE).map((name) => outside(name, 100))
  return names.length > NAMED_IN_ONE_LINE ? `${shown.join(', ')} and ${names.length - NAMED_IN_ONE_LINE} more` : shown.join(', ')
}
