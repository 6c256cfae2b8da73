/**
 * A cancelled run (the runner's SIGINT or SIGTERM) stops sending: no new request and no retry
 * starts once the signal is aborted, while requests already sent may still bring their answers.
 */
import { ActionError } from './errors.js'
export class StoppedError extends ActionError {
  constructor(
    readonly operation: string,
    /** An earlier attempt, whose answer was lost, may have taken effect. */
    readonly mayHaveApplied = false,
  ) {
    super(`The run was cancelled before ${operation} was sent.`)
    this.name = 'StoppedError'
  }
}

/** `waiting`, cut short by `signal`: then it throws what `stopped` makes. */
export async function unlessStopped<T>(waiting: Promise<T>, signal: AbortSignal | undefined, stopped: () => Error): Promise<T> {
  if (!signal) return waiting
  if (signal.aborted) throw stopped()
  let onAbort: (() => void) | undefined
  const cancelled = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(stopped())
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([waiting, cancelled])
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort)
  }
}
