import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readConfig } from '../src/inputs.js'

const root = new URL('../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const action = parse(read('action.yml')) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description?: string; default?: string; required?: boolean }>
  outputs: Record<string, { description?: string }>
}
const sources = readdirSync(new URL('src/', root), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => readFileSync(`${entry.parentPath}/${entry.name}`, 'utf8'))
  .join('\n')
const namesIn = (pattern: RegExp) => [...new Set([...sources.matchAll(pattern)].map((match) => match[1]!))].sort()

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(existsSync(new URL(action.runs.main, root))).toBe(true)
  })

  it('declares exactly the inputs the code reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(namesIn(/(?:input|secretInput|getInput)\('([a-z-]+)'\)/g))
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy()
  })

  it('declares exactly the outputs the code writes, each described', () => {
    const counts = namesIn(/'([a-z-]+-count)'/g)
    expect(Object.keys(action.outputs).sort()).toEqual([...new Set([...namesIn(/setOutput\('([a-z-]+)'/g), ...counts])].sort())
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description, name).toBeTruthy()
  })

  it('states the same defaults the code applies', () => {
    const required = { 'account-id': '0123456789abcdef0123456789abcdef', 'api-token': 'token', 'tunnel-ids': 'all' }
    const config = (inputs: Record<string, string>) =>
      readConfig({ getInput: (name) => inputs[name] ?? '', setSecret: () => {} }, { GITHUB_REPOSITORY: 'octo-org/network' })
    const declaredDefaults = Object.fromEntries(
      Object.entries(action.inputs).flatMap(([name, input]) => (input.default === undefined ? [] : [[name, String(input.default)]])),
    )
    expect(config({ ...declaredDefaults, ...required })).toEqual(config(required))
  })

  it('is documented in the README, input by input and output by output', () => {
    const readme = read('README.md')
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(readme, name).toContain(`\`${name}\``)
  })
})
