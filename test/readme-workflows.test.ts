// Every workflow the README publishes hands every live PSK on, whatever happens to the rotation:
// for each rotating step, on success, partial failure, a validate-only run Cloudflare ignored, and
// a cancel, some later step that reads its psks (or psks-file, routers-file) runs.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { stepRuns, type ExpressionContext, type Status } from './helpers/workflow-expressions.js'

interface Step {
  id?: string
  name?: string
  if?: string
  uses?: string
  with?: Record<string, unknown>
  run?: string
  env?: Record<string, unknown>
}

/** Each ```yaml block of the README that is a whole workflow, with the line it starts on. */
function readmeWorkflows(): { line: number; jobs: Record<string, { steps?: Step[] }> }[] {
  const lines = readFileSync(new URL('../README.md', import.meta.url), 'utf8').split('\n')
  const workflows = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'))
    const body = lines.slice(i + 1, end).join('\n')
    if (/^jobs:/m.test(body)) workflows.push({ line: i + 2, jobs: (parse(body) as { jobs: Record<string, { steps?: Step[] }> }).jobs })
    i = end
  }
  return workflows
}

const withText = (step: Step, input: string): string => {
  const value = step.with?.[input]
  return typeof value === 'string' ? value : ''
}
const isRotation = (step: Step) => /cloudflare-ipsec-psk-rotate@|^\.\/?$/.test(step.uses ?? '') && withText(step, 'mode') !== 'verify'

const PSKS = '{"0b5e1c7a9d2f4e6b8a1c3d5e7f9a0b2c":"***"}'
const FILES = {
  'psks-file': '/runner/temp/psks.json',
  'results-file': '/runner/temp/results.json',
  'routers-file': '/runner/temp/routers.json',
}
const SCENARIOS: { name: string; status: Status; outputs: Record<string, string>; inputs?: Record<string, unknown> }[] = [
  { name: 'success', status: 'success', outputs: { ...FILES, psks: PSKS, 'rotated-count': '2', 'failed-count': '0' } },
  { name: 'partial failure', status: 'failure', outputs: { ...FILES, psks: PSKS, 'rotated-count': '1', 'failed-count': '1' } },
  {
    name: 'validate-only ignored by Cloudflare',
    status: 'failure',
    outputs: { ...FILES, psks: PSKS, 'rotated-count': '0', 'validated-count': '0', 'failed-count': '2' },
    inputs: { 'validate-only': true },
  },
  { name: 'cancelled', status: 'cancelled', outputs: { psks: PSKS, 'psks-file': FILES['psks-file'] } },
]

const WORKFLOWS = readmeWorkflows()

describe("the README's workflows", () => {
  it('are there to check', () => {
    expect(WORKFLOWS.length).toBeGreaterThanOrEqual(3)
  })

  for (const { line, jobs } of WORKFLOWS) {
    for (const [jobName, { steps = [] }] of Object.entries(jobs)) {
      steps.forEach((rotation, index) => {
        if (!isRotation(rotation)) return
        it(`block at line ${line}, job ${jobName}, step ${rotation.id ?? '(no id)'}: every PSK reaches a later step on every outcome`, () => {
          expect(rotation.id, 'a rotating step needs an id for later steps to read its psks').toBeDefined()
          const reads = new RegExp(`steps\\.${rotation.id}\\.outputs\\.(psks|psks-file|routers-file)\\b`)
          const handovers = steps.slice(index + 1).filter((step) => reads.test(JSON.stringify(step)))
          for (const scenario of SCENARIOS) {
            const context: ExpressionContext = {
              status: scenario.status,
              values: {
                steps: { [rotation.id ?? '']: { outputs: scenario.outputs, outcome: scenario.status, conclusion: scenario.status } },
                inputs: { 'validate-only': false, ...scenario.inputs },
                github: { event_name: 'schedule' },
                vars: {},
                env: {},
              },
            }
            // On success a step that stores the PSKs in GitHub secrets has handed them on itself.
            const stored = scenario.status === 'success' && !['', 'none'].includes(withText(rotation, 'secret-scope'))
            // A validate-only run succeeds only once it confirmed that nothing changed: no PSK is live.
            const validatedOnly = scenario.status === 'success' && String(rotation.with?.['validate-only']) === 'true'
            // With router-command the step hands each wave's PSKs to the routers itself; only a failure leaves any to rescue.
            const rolled = scenario.status === 'success' && withText(rotation, 'router-command') !== ''
            if (stored || validatedOnly || rolled) continue
            const running = handovers.filter((step) => stepRuns(step.if, context)).map((step) => step.name)
            expect(running, `${scenario.name}: no step hands the PSKs on`).not.toEqual([])
          }
        })
      })
    }
  }
})

describe('the expression evaluator', () => {
  const context = (status: Status, outputs: Record<string, string> = {}): ExpressionContext => ({
    status,
    values: { steps: { rotate: { outputs } }, inputs: {} },
  })

  it.each([
    [undefined, 'success', {}, true],
    [undefined, 'failure', {}, false],
    ["steps.rotate.outputs.rotated-count != '0'", 'failure', { 'rotated-count': '1' }, false],
    ["${{ !cancelled() && steps.rotate.outputs.rotated-count != '0' }}", 'failure', { 'rotated-count': '1' }, true],
    ["${{ !cancelled() && steps.rotate.outputs.rotated-count != '0' }}", 'cancelled', { 'rotated-count': '1' }, false],
    ["always() && steps.rotate.outputs.psks != '' && steps.rotate.outputs.psks != '{}'", 'cancelled', { psks: PSKS }, true],
    ["always() && steps.rotate.outputs.psks != '{}'", 'failure', { psks: '{}' }, false],
    ["(failure() || cancelled()) && steps.rotate.outputs.psks-file != ''", 'success', { 'psks-file': '/x' }, false],
    ["steps.rotate.outputs.rotated-count > 0 && contains('ABC', 'b')", 'success', { 'rotated-count': '2' }, true],
  ] as const)('%s with %s and %j: runs is %s', (condition, status, outputs, expected) => {
    expect(stepRuns(condition, context(status, outputs))).toBe(expected)
  })
})
