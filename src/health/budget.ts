/** Cloudflare's GraphQL Analytics API budget: about 300 queries per 5 minutes per user. */
export const GRAPHQL_BUDGET = { queries: 300, windowMs: 5 * 60_000 }

/** The step's own account of that budget, so it waits before Cloudflare has to answer 429. */
export class QueryBudget {
  private readonly sent: number[] = []

  constructor(
    private readonly budget: { queries: number; windowMs: number },
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** How long the next query must wait for room in the budget (0: none). */
  waitMs(): number {
    const now = this.now()
    while ((this.sent[0] ?? Infinity) <= now - this.budget.windowMs) this.sent.shift()
    const oldest = this.sent[0]
    return this.sent.length < this.budget.queries || oldest === undefined ? 0 : oldest + this.budget.windowMs - now
  }

  /** Waits for room for one query and counts it; false (and no wait) when that room comes only at or after `deadline`. */
  async take(deadline: number): Promise<boolean> {
    const wait = this.waitMs()
    if (this.now() + wait >= deadline) return false
    if (wait > 0) await this.sleep(wait)
    this.sent.push(this.now())
    return true
  }
}
