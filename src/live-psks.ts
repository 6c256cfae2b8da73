/**
 * Every PSK that is, or may be, live on Cloudflare, recorded before the request that can make it
 * live is sent. It is the one source of the `psks` output, so a run that stops at any point (a
 * cancel, a bug, a strange answer) still hands over every key a router may need.
 */
export class LivePsks {
  /** Tunnel ID to PSK: sent and not known to be refused, or confirmed live. */
  private readonly psks = new Map<string, string>()
  /** Tunnels whose `psk_generate` is in flight: Cloudflare may be replacing a PSK this run has not seen. */
  private readonly generating = new Set<string>()
  /** Tunnels whose live PSK reached every destination the user asked for. */
  private readonly stored = new Set<string>()

  /** Before a request that sets `psk` for the tunnel is sent. */
  sending(id: string, psk: string): void {
    this.psks.set(id, psk)
  }

  /** Before a `psk_generate` for the tunnel is sent. */
  generatingFor(id: string): void {
    this.generating.add(id)
  }

  /** The PSK that is (or may be) live; ends a `psk_generate` in flight. */
  live(id: string, psk: string): void {
    this.generating.delete(id)
    this.stored.delete(id)
    this.psks.set(id, psk)
  }

  /** The PSK this run holds for the tunnel is known not to be live (refused, never sent, or replaced). */
  notLive(id: string): void {
    this.generating.delete(id)
    this.stored.delete(id)
    this.psks.delete(id)
  }

  /** The live PSK reached every destination the user asked for. */
  storedEverywhere(id: string): void {
    this.stored.add(id)
  }

  /** Tunnels whose PSK is or may be live and is held by nothing but the `psks` output. */
  onlyInOutput(): string[] {
    return this.ids().filter((id) => !this.stored.has(id))
  }

  /** A `psk_generate` that ended without a PSK this run holds (its outcome is reported elsewhere). */
  generateEnded(id: string): void {
    this.generating.delete(id)
  }

  has(id: string): boolean {
    return this.psks.has(id)
  }

  get size(): number {
    return this.psks.size
  }

  ids(): string[] {
    return [...this.psks.keys()]
  }

  /** Tunnels whose `psk_generate` was sent and has not answered. */
  generatingIds(): string[] {
    return [...this.generating]
  }

  /** The `psks` output: `{"<tunnel id>": "<psk>"}`. Every PSK in it was masked when it came to exist. */
  toJSON(): string {
    return JSON.stringify(this.toRecord())
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries(this.psks)
  }
}
