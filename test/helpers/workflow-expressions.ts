// A small evaluator of GitHub Actions `if:` expressions, enough for the README's workflows: literals,
// property paths, ! && || == != < <= > >=, parentheses, the status functions and contains/startsWith/
// endsWith/fromJSON. Anything else throws, so a README change outside this subset is noticed.

export type Status = 'success' | 'failure' | 'cancelled'
type Value = string | number | boolean | null | Record<string, unknown> | unknown[]

export interface ExpressionContext {
  status: Status
  /** `steps`, `inputs`, `github`, `vars`, `env`, … as nested objects; a missing property is null. */
  values: Record<string, unknown>
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|('(?:[^']|'')*')|(&&|\|\||==|!=|<=|>=|[!()<>,.[\]])|([A-Za-z_][A-Za-z0-9_-]*))/y

function tokenize(text: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break
    const match = TOKEN.exec(text)
    if (!match) throw new Error(`Cannot read the expression at: ${text.slice(TOKEN.lastIndex)}`)
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '')
  }
  return tokens
}

const STATUS_FUNCTIONS = new Set(['success', 'failure', 'cancelled', 'always'])

/** Whether a step with this `if:` runs; no status function means `success() && (…)`, as GitHub does. */
export function stepRuns(condition: string | undefined, context: ExpressionContext): boolean {
  if (condition === undefined) return context.status === 'success'
  const text = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
  const tokens = tokenize(text)
  const usesStatus = tokens.some((token, i) => STATUS_FUNCTIONS.has(token) && tokens[i + 1] === '(')
  const value = truthy(new Parser(tokens, context).parse())
  return usesStatus ? value : context.status === 'success' && value
}

class Parser {
  private at = 0
  constructor(
    private readonly tokens: string[],
    private readonly context: ExpressionContext,
  ) {}

  parse(): Value {
    const value = this.or()
    if (this.at !== this.tokens.length) throw new Error(`Unexpected '${this.tokens[this.at]}' in an expression`)
    return value
  }

  private peek(): string | undefined {
    return this.tokens[this.at]
  }

  private take(expected?: string): string {
    const token = this.tokens[this.at++]
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`Expected '${expected ?? 'more'}'`)
    return token
  }

  private or(): Value {
    let left = this.and()
    while (this.peek() === '||') {
      this.take()
      const right = this.and()
      left = truthy(left) ? left : right
    }
    return left
  }

  private and(): Value {
    let left = this.comparison()
    while (this.peek() === '&&') {
      this.take()
      const right = this.comparison()
      left = truthy(left) ? right : left
    }
    return left
  }

  private comparison(): Value {
    const left = this.unary()
    const operator = this.peek()
    if (!operator || !['==', '!=', '<', '<=', '>', '>='].includes(operator)) return left
    this.take()
    const right = this.unary()
    if (operator === '==') return looselyEqual(left, right)
    if (operator === '!=') return !looselyEqual(left, right)
    const [a, b] = [toNumber(left), toNumber(right)]
    return operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b
  }

  private unary(): Value {
    if (this.peek() === '!') {
      this.take()
      return !truthy(this.unary())
    }
    return this.primary()
  }

  private primary(): Value {
    const token = this.take()
    if (token === '(') {
      const value = this.or()
      this.take(')')
      return value
    }
    if (/^\d/.test(token)) return Number(token)
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'")
    if (token === 'true' || token === 'false') return token === 'true'
    if (token === 'null') return null
    if (this.peek() === '(') return this.call(token)
    let value: unknown = this.context.values[token] ?? null
    while (this.peek() === '.' || this.peek() === '[') {
      const key = this.take() === '.' ? this.take() : asText(this.indexThenClose())
      value = typeof value === 'object' && value !== null ? ((value as Record<string, unknown>)[key] ?? null) : null
    }
    return value as Value
  }

  private indexThenClose(): Value {
    const key = this.or()
    this.take(']')
    return key
  }

  private call(name: string): Value {
    this.take('(')
    const args: Value[] = []
    while (this.peek() !== ')') {
      args.push(this.or())
      if (this.peek() === ',') this.take()
    }
    this.take(')')
    const { status } = this.context
    const text = (value: Value) => asText(value).toLowerCase()
    switch (name) {
      case 'always':
        return true
      case 'success':
        return status === 'success'
      case 'failure':
        return status === 'failure'
      case 'cancelled':
        return status === 'cancelled'
      case 'contains':
        return Array.isArray(args[0])
          ? args[0].some((item) => looselyEqual(item as Value, args[1] ?? null))
          : text(args[0] ?? null).includes(text(args[1] ?? null))
      case 'startsWith':
        return text(args[0] ?? null).startsWith(text(args[1] ?? null))
      case 'endsWith':
        return text(args[0] ?? null).endsWith(text(args[1] ?? null))
      case 'fromJSON':
        return JSON.parse(asText(args[0] ?? null)) as Value
      default:
        throw new Error(`The expression evaluator does not know ${name}()`)
    }
  }
}

function asText(value: Value): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '')
}

function truthy(value: Value): boolean {
  return !(value === false || value === null || value === 0 || value === '' || Number.isNaN(value))
}

function toNumber(value: Value): number {
  if (value === null || value === false) return 0
  if (value === true) return 1
  if (typeof value === 'number') return value
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value)
  return Number.NaN
}

/** GitHub compares strings case-insensitively and coerces mixed types to numbers. */
function looselyEqual(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return a === b
  return toNumber(a) === toNumber(b)
}
