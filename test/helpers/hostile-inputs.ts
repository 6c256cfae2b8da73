// Inputs and values for the property tests of the input check, in-process and through the bundle.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { readConfig } from '../../src/inputs.js'

export const INPUTS = Object.keys(
  (parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, unknown> }).inputs,
)
export const BASE: Record<string, string> = {
  'account-id': '0123456789abcdef0123456789abcdef',
  'api-token': 'cf-token-value-0123',
  'tunnel-ids': 'all',
  mode: 'set',
  'secret-scope': 'repository',
  'github-token': 'ghs_token_value_0123',
}
/** An error about one input may rightly name the input it conflicts with or depends on. */
export const RELATED: Record<string, string[]> = {
  'api-token': ['api-email', 'api-key'],
  'api-email': ['api-token', 'api-key'],
  'api-key': ['api-token', 'api-email'],
  'tunnel-ids': ['tunnel-names'],
  'tunnel-names': ['tunnel-ids'],
  mode: ['psks'],
  'secret-scope': ['github-token', 'repository', 'environment', 'organization'],
  'github-token': ['secret-scope'],
  repository: ['organization'],
}

/** Inputs that only mean something beside another setting. */
export const SETTING_THAT_USES: Record<string, Record<string, string>> = {
  environment: { 'secret-scope': 'environment' },
  organization: { 'secret-scope': 'organization' },
}
/** Inputs for which no text is a mistake on its own (with mode set and secret-scope repository); router-command is any bash script. */
export const ACCEPTS_ANY_TEXT = new Set<string>(['tunnel-names', 'router-command'])

/** Values a hostile or careless workflow could pass: any text, huge text, commands, URLs with passwords, JSON. */
export const hostileValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ minLength: 2000, maxLength: 5000 }),
  fc.constantFrom('::stop-commands::x', 'x\n::stop-commands::x', '##[add-mask]x', 'ftp://user:password@host/x', '{}', '[]', 'all'),
  fc.tuple(fc.string(), fc.string()).map(([key, value]) => JSON.stringify({ [key]: value })),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
)

export function read(inputs: Record<string, string>): { error: unknown; masked: string[] } {
  const masked: string[] = []
  try {
    readConfig(
      { getInput: (name) => inputs[name] ?? '', setSecret: (secret) => masked.push(secret) },
      { GITHUB_REPOSITORY: 'octo-org/network' },
    )
    return { error: null, masked }
  } catch (error) {
    return { error, masked }
  }
}
