/**
 * A failure the action understands and explains: a user's mistake, a refusal, a network fault, a
 * cancel. It is reported by its message alone; anything else that is thrown is a bug, and its stack
 * goes to the debug log.
 */
export class ActionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A bug rather than a refusal or a user's mistake. */
export function isUnexpected(error: unknown): error is Error {
  return error instanceof Error && !(error instanceof ActionError)
}
