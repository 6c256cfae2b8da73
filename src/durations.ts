/** How long ago `timestamp` was, in words; 'unknown' when there is none or it cannot be read. */
export function formatAge(timestamp: string | null, now: number): string {
  if (timestamp === null) return 'unknown'
  const generated = Date.parse(timestamp)
  if (Number.isNaN(generated)) return 'unknown'
  return formatDuration(Math.max(0, now - generated))
}

/** A duration in the largest unit that keeps it readable: min, h or d. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return 'under 1 min'
  if (minutes < 120) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h`
  return `${Math.floor(hours / 24)} d`
}

/** A configured wait in words: seconds below two minutes, then as formatDuration. */
export function formatWait(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : formatDuration(ms)
}

/** Two `last_generated_on` values name the same moment (formats may differ between endpoints). */
export function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b
  return a === b || Date.parse(a) === Date.parse(b)
}
