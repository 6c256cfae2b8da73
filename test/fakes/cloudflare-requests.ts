// Checks every request the fake Cloudflare receives against the 2026 OpenAPI excerpt
// (test/fixtures/, a copy of ../shared/cloudflare/ipsec-psk.openapi-2026.json): path parameters,
// query parameters and the JSON body, as the real API would before answering 400.
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'

const SPEC_ID = 'ipsec-psk.openapi-2026.json'
const spec = JSON.parse(readFileSync(new URL('../fixtures/cloudflare-ipsec-psk.openapi-2026.json', import.meta.url), 'utf8')) as object
const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addSchema(spec, SPEC_ID)
const schema = (name: string): ValidateFunction => {
  const validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`)
  if (!validate) throw new Error(`The OpenAPI excerpt has no schema ${name}`)
  return validate
}
const identifier = schema('magic_identifier')
const bulkRequest = schema('magic_ipsec_tunnels_psk_request')

interface Operation {
  method: string
  pattern: RegExp
  /** Query parameters the excerpt declares, with the values they may take. */
  query: Record<string, RegExp>
  body?: ValidateFunction
}

const TUNNELS = String.raw`^/accounts/([^/]*)/magic/ipsec_tunnels`
const BOOLEAN = /^(true|false)$/
const OPERATIONS: Operation[] = [
  { method: 'GET', pattern: new RegExp(`${TUNNELS}$`), query: {} },
  { method: 'GET', pattern: new RegExp(`${TUNNELS}/([^/]*)$`), query: {} },
  { method: 'POST', pattern: new RegExp(`${TUNNELS}/psk$`), query: { validate_only: BOOLEAN }, body: bulkRequest },
  // `validate_only` is not declared on psk_generate, but Cloudflare's descriptions mention it and
  // the action sends it in validate-only runs: accepted here as the one known undeclared parameter.
  { method: 'POST', pattern: new RegExp(`${TUNNELS}/([^/]*)/psk_generate$`), query: { validate_only: BOOLEAN } },
]

/** What is wrong with a request to a known operation, or null; requests to unknown routes are left to the router. */
export function requestViolation(method: string, path: string, query: Record<string, string>, body: unknown): string | null {
  const operation = OPERATIONS.find((candidate) => candidate.method === method && candidate.pattern.test(path))
  if (!operation) return null
  const params = operation.pattern.exec(path)?.slice(1) ?? []
  for (const param of params) {
    if (!identifier(decodeURIComponent(param))) return `path parameter '${param}' is not a valid identifier`
  }
  for (const [name, value] of Object.entries(query)) {
    const allowed = operation.query[name]
    if (!allowed) return `query parameter '${name}' is not declared`
    if (!allowed.test(value)) return `query parameter '${name}' has an invalid value`
  }
  if (operation.body && !operation.body(body)) {
    return `request body: ${ajv.errorsText(operation.body.errors)}`
  }
  return null
}
