import { ActionError } from '../errors.js'

/** A user's mistake in an input: reported as one `::error::` naming the input, never as a stack trace. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input '${input}': ${message}`)
    this.name = 'InputError'
  }
}

/** A mistake in an environment variable the action reads, reported like a mistake in an input. */
export class EnvironmentError extends InputError {
  constructor(variable: string, message: string) {
    super(variable, message)
    this.message = `Environment variable ${variable}: ${message}`
  }
}
