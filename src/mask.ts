/**
 * Masks a PSK, and its JSON-escaped form too when that differs (a `"` or `\` in a user's PSK), so
 * it stays hidden where a later step prints the `psks` output.
 */
export function pskMasker(setSecret: (secret: string) => void): (psk: string) => void {
  return (psk) => {
    setSecret(psk)
    const escaped = JSON.stringify(psk).slice(1, -1)
    if (escaped !== psk) setSecret(escaped)
  }
}
