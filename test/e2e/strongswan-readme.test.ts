// The README's router step, exactly as written, against the router-fleet lab: the step's shell
// text is taken from README.md, `ssh` and `sudo` stand in for the network hop, and the lab's
// router runs examples/strongswan/apply-psks.sh as the one installed there would.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { psksOf } from '../helpers/outputs.js'
import { missingCapability } from './ike-lab.js'
import { missingFleetCapability, UPLINKS } from './ike-fleet-lab.js'
import { expectClean, expectUpWithEdgeKey, handOver, labEnv, linesAbout, rotate, routerOnCurrentPsks, startWorld } from './fleet-world.js'
import { APPLY_PSKS, runRouterStep } from './router-step.js'

const missing = (await missingCapability()) ?? missingFleetCapability()
if (missing && process.env.CI !== 'true') console.log(`IKE end-to-end tests skipped: ${missing}.`)

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface WorkflowStep {
  name?: string
  run?: string
  env?: Record<string, string>
}

/** Every step of every README workflow that runs the strongSwan router step. */
async function readmeRouterSteps(): Promise<WorkflowStep[]> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
  const blocks = [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '')
  const workflows = blocks
    .filter((block) => /^jobs:/m.test(block))
    .map((block) => parse(block) as { jobs: Record<string, { steps: WorkflowStep[] }> })
  return workflows
    .flatMap((workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps))
    .filter((step) => step.run?.includes('apply-psks.sh'))
}

const HQ = 'vpn@hq.example.net'
const SHOP = 'vpn@shop.example.net'

describe.skipIf(missing !== null && process.env.CI !== 'true')("the README's router step", () => {
  it('has what these tests need', () => {
    expect(missing).toBeNull()
  })

  it('is the same in every README workflow, and reads the hand-over files, not the keys', async () => {
    const steps = await readmeRouterSteps()
    expect(steps.length).toBeGreaterThanOrEqual(3)
    for (const step of steps) {
      expect(step.run).toBe(steps[0]!.run)
      expect(Object.keys(step.env ?? {}).sort()).toEqual(['ROUTERS_FILE', 'ROUTER_HOSTS'])
      expect(step.env?.ROUTERS_FILE).toMatch(/^\$\{\{ steps\.[a-z]+\.outputs\.routers-file \}\}$/)
    }
  })

  it('gives each router only its own keys over SSH, and the lab router comes up on them', async () => {
    const [step] = await readmeRouterSteps()
    const world = await startWorld(
      [
        { name: 'hq-uplink-a', uplink: 0 },
        { name: 'hq-uplink-b', uplink: 1 },
        { name: 'shop-1', uplink: null, cloudflareEndpoint: UPLINKS[0].edge, customerEndpoint: '198.51.100.9' },
      ],
      cleanups,
    )
    const before = await routerOnCurrentPsks(world)
    const run = await rotate(world)
    expect(run.exitCode, run.stdout).toBe(0)
    await world.edgeSynced()
    const psks = psksOf(run)
    const files = handOver(run)
    const received = join(world.dir, 'other-routers')
    await mkdir(received)
    const hosts = { [UPLINKS[0].router]: HQ, [UPLINKS[1].router]: HQ, '198.51.100.9': SHOP }
    const expressions: Record<string, string> = {
      [step!.env!.ROUTERS_FILE!]: files.routersFile,
      '${{ vars.ROUTER_HOSTS }}': JSON.stringify(hosts),
    }
    const env = Object.fromEntries(Object.entries(step!.env!).map(([name, value]) => [name, expressions[value] ?? value]))
    expect(`${step!.run}${Object.values(env).join()}`).not.toContain('${{')
    const script = join(world.dir, 'router-step.sh')
    await writeFile(script, step!.run!)

    const result = await runRouterStep({
      command: ['bash', '-e', script],
      env: { ...labEnv(world), ...env, LAB_ROUTER: HQ, OTHER_ROUTERS: received },
      secrets: Object.values(psks),
      fakes: {
        // ssh <destination> <command>: the lab router runs the command in its own login environment
        // (nothing of the workflow step's); another router keeps what it was sent.
        ssh: [
          '#!/usr/bin/env bash',
          'router=(PATH="$PATH" SWANCTL_DIR="$SWANCTL_DIR" SWANCTL_URI="$SWANCTL_URI" STRONGSWAN_CONF="$STRONGSWAN_CONF")',
          'if [ "$1" = "$LAB_ROUTER" ]; then exec env -i "${router[@]}" bash -c "$2"; fi',
          'cat >"$OTHER_ROUTERS/$1"',
        ].join('\n'),
        sudo: '#!/bin/sh\nexec env "$@"\n',
        'apply-psks.sh': `#!/bin/sh\nexec bash '${APPLY_PSKS}' "$@"\n`,
      },
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    await expectClean(world, result, Object.values(psks))
    for (const index of [0, 1]) {
      expect(linesAbout(result, world.tunnels[index]!.id)).toEqual([expect.stringContaining(': up with the new PSK (IKE SA ')])
      expect(await world.lab.established(index)).not.toEqual(before[index])
      await expectUpWithEdgeKey(world, index)
    }
    // The other router got its own key and results, nothing of the lab router's.
    expect(await readdir(received)).toEqual([SHOP])
    const shop = await readFile(join(received, SHOP), 'utf8')
    expect(shop).toContain(psks[world.tunnels[2]!.id])
    for (const index of [0, 1]) {
      expect(shop).not.toContain(psks[world.tunnels[index]!.id])
      expect(shop).not.toContain(world.tunnels[index]!.id)
    }
  })
})
