import { PRINTABLE_ASCII } from './inputs/values.js'

/**
 * Masks a PSK in every form it can take in a log line or a JSON value: as it is, JSON-escaped
 * (a `"`, `\` or control character), JSON-escaped to ASCII (`\u00fc`, as some tools print it), and
 * line by line, since a log line cannot hold a line break and the runner masks within a line.
 */
export function pskMasker(setSecret: (secret: string) => void): (psk: string) => void {
  return (psk) => {
    for (const form of pskForms(psk)) setSecret(form)
  }
}

/** Lines shorter than this are left to the whole-value masks: masking them would blank ordinary text. */
const MIN_MASKED_LINE = 3

export function pskForms(psk: string): string[] {
  const escaped = JSON.stringify(psk).slice(1, -1)
  const asciiEscaped = escaped.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const lines = psk.split(/\r\n|[\n\r\u2028\u2029]/).filter((line) => line.trim().length >= MIN_MASKED_LINE)
  // Lines first: the add-mask line of the whole value holds each of them.
  return [...new Set([...(lines.length > 1 ? lines : []), psk, escaped, asciiEscaped])]
}

/** Printable ASCII without blanks: what every router takes as a PSK without quoting. */
export function isPlainPsk(psk: string): boolean {
  return PRINTABLE_ASCII.test(psk)
}
