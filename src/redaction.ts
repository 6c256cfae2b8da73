/**
 * Every credential and PSK this run holds, so that outside text quoting one (a Cloudflare error
 * that echoes the token, a GitHub message) loses it before it reaches `results`, the summary or
 * a log line. The runner masks its log; `results` and the summary leave the runner, so they must
 * not depend on it.
 */
const secrets = new Set<string>()
let longestFirst: string[] = []
/** Shorter values would blank ordinary words; no credential or PSK is this short. */
const MIN_REDACTED_LENGTH = 4
export const REDACTED = '***'

export function rememberSecret(secret: string): void {
  if (secret.length < MIN_REDACTED_LENGTH || secrets.has(secret)) return
  secrets.add(secret)
  longestFirst = []
}

/** `text` with every remembered secret replaced by `***`, longest first so no part of one survives. */
export function redact(text: string): string {
  if (secrets.size === 0 || text.length < MIN_REDACTED_LENGTH) return text
  if (longestFirst.length === 0) longestFirst = [...secrets].sort((a, b) => b.length - a.length)
  let redacted = text
  for (const secret of longestFirst) {
    if (secret.length <= redacted.length && redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED)
  }
  return redacted
}
