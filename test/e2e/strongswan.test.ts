// Real IKE exchanges: the action rotates a PSK on the fake Cloudflare API, whose change reaches a
// strongSwan daemon playing Cloudflare's edge; a second daemon plays the router and gets its key
// only through examples/strongswan/apply-psks.sh, as a user's router step would.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeCloudflareOptions } from '../fakes/cloudflare.js'
import { FAST } from '../helpers/verify-run.js'
import { psksOf, resultsOf } from '../helpers/outputs.js'
import { runAction, type ActionRun } from '../helpers/run-action.js'
import { EDGE_ADDRESS, IkeLab, ROUTER_ADDRESS, missingCapability } from './ike-lab.js'
import { APPLY_PSKS, runRouterStep, type StepRun } from './router-step.js'

const BRANCH_ID = '0b5e1c7a9d2f4e6b8a1c3d5e7f9a0b2c'
const missing = await missingCapability()
// In CI a missing capability is a failure, never a silent skip.
if (missing && process.env.CI !== 'true') console.log(`IKE end-to-end tests skipped: ${missing}.`)

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface World {
  cloudflare: FakeCloudflare
  lab: IkeLab
  /** Resolves once the edge holds the PSK Cloudflare has now. */
  edgeSynced: () => Promise<void>
}

async function world(options: Pick<FakeCloudflareOptions, 'health'> = {}): Promise<World> {
  const cloudflare = await FakeCloudflare.start({
    ...options,
    tunnels: [
      {
        id: BRANCH_ID,
        name: 'branch',
        cloudflareEndpoint: EDGE_ADDRESS,
        customerEndpoint: ROUTER_ADDRESS,
        lastGeneratedOn: '2025-01-01T00:00:00Z',
      },
    ],
  })
  cleanups.push(() => cloudflare.stop())
  const lab = await IkeLab.start('branch')
  cleanups.push(() => lab.stop())
  let sync = lab.setEdgePsk(cloudflare.tunnel('branch').psk)
  // As the real edge does, the edge daemon learns every new PSK the moment Cloudflare has it.
  cloudflare.onPskChange((tunnel) => {
    sync = sync.then(() => lab.setEdgePsk(tunnel.psk))
  })
  await sync
  return { cloudflare, lab, edgeSynced: () => sync }
}

/** The router step as the README runs it: keys and results from files, this host's tunnel named. */
async function routerStep(lab: IkeLab, psks: string, results: string): Promise<StepRun & { output: string; ms: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'strongswan-step-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'psks.json'), psks, { mode: 0o600 })
  await writeFile(join(dir, 'results.json'), results, { mode: 0o600 })
  const started = performance.now()
  const step = await runRouterStep({
    command: ['bash', APPLY_PSKS],
    env: {
      PATH: process.env.PATH ?? '',
      PSKS_FILE: join(dir, 'psks.json'),
      RESULTS_FILE: join(dir, 'results.json'),
      TUNNELS: 'branch',
      SWANCTL_DIR: lab.router.dir,
      SWANCTL_URI: lab.router.uri,
      STRONGSWAN_CONF: join(lab.dir, 'swanctl-client.conf'),
    },
    secrets: Object.values(JSON.parse(psks) as Record<string, string>),
  })
  expect(step.leaks).toEqual([])
  return { ...step, output: step.stdout + step.stderr, ms: performance.now() - started }
}

/** The router is set up as after an earlier rotation: it holds the PSK live now, and its IKE SA is up. */
async function routerOnCurrentPsk({ cloudflare, lab }: World): Promise<string[]> {
  const tunnel = cloudflare.tunnel('branch')
  const results = JSON.stringify([{ id: tunnel.id, name: 'branch', status: 'rotated', cloudflare_endpoint: EDGE_ADDRESS, ipsec_id: null }])
  const step = await routerStep(lab, JSON.stringify({ [tunnel.id]: tunnel.psk }), results)
  expect(step.code, step.output).toBe(0)
  const sas = await lab.established(lab.router, 'branch')
  expect(sas).toHaveLength(1)
  return sas
}

const rotate = (cloudflare: FakeCloudflare, inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'tunnel-ids': 'all',
      ...inputs,
    },
  })

/** Rotation, then the proof of the cutover, then the router step. */
async function cutover(inputs: Record<string, string>): Promise<void> {
  const w = await world()
  const before = await routerOnCurrentPsk(w)

  const rotated = Date.now()
  const result = await rotate(w.cloudflare, inputs)
  expect(result.exitCode, result.stdout).toBe(0)
  await w.edgeSynced()
  const psk = psksOf(result)[w.cloudflare.tunnel('branch').id]
  expect(psk).toBe(w.cloudflare.tunnel('branch').psk)

  // The IKE SA set up before the rotation stays up until it authenticates again...
  expect(await w.lab.established(w.lab.router, 'branch')).toEqual(before)
  // ...while any new authentication with the old PSK fails at the edge.
  expect(await w.lab.probe()).toBe('AUTHENTICATION_FAILED')
  const oldPskRefusedAfterMs = Date.now() - rotated

  const step = await routerStep(w.lab, result.outputs.psks ?? '', result.outputs.results ?? '')
  expect(step.code, step.output).toBe(0)
  expect(step.output).not.toContain(psk)
  const after = await w.lab.established(w.lab.router, 'branch')
  expect(after).toHaveLength(1)
  expect(after).not.toEqual(before)
  expect(await w.lab.probe()).toBe('up')
  console.log(
    `IKE cutover (${inputs.mode ?? 'generate'}): old PSK refused ${oldPskRefusedAfterMs} ms after the rotation began; the router step brought the IKE SA up with the new PSK in ${Math.round(step.ms)} ms.`,
  )
}

describe.skipIf(missing !== null && process.env.CI !== 'true')('a real IKE peer', () => {
  it('has what these tests need', () => {
    expect(missing).toBeNull()
  })

  it('generate mode: the old PSK stops working at once, the router step brings the tunnel back with the new one', async () => {
    await cutover({})
  })

  it('set mode: a PSK full of characters that need quoting reaches the router intact', async () => {
    await cutover({ mode: 'set', psks: `${BRANCH_ID}=Q"u\\o't#e{s};$x\`y!z%&*()[]<>|~=^?-_+.,:/@0123456789` })
  })

  it('mode: verify reports down when the router step was skipped, healthy after it', async () => {
    const w = await world()
    await routerOnCurrentPsk(w)
    // Cloudflare's health checks, as this edge sees the tunnel: up while it has an IKE SA.
    const probe = setInterval(() => {
      void w.lab.established(w.lab.edge, 'cloudflare').then((sas) => w.cloudflare.health.report('branch', sas.length > 0 ? 1 : 0))
    }, 250)
    cleanups.push(async () => clearInterval(probe))

    const result = await rotate(w.cloudflare, {})
    await w.edgeSynced()
    // The router authenticates again (a reauth, a reboot) without having had the router step.
    await w.lab.swanctl(w.lab.router, '--rekey', '--ike', 'branch', '--reauth').catch(() => undefined)
    const down = await rotate(w.cloudflare, { mode: 'verify', 'verify-timeout': '6s', 'verify-settle': '1s' })
    expect(resultsOf(down)[0]?.status).toBe('down')
    expect(down.exitCode).toBe(1)

    const step = await routerStep(w.lab, result.outputs.psks ?? '', result.outputs.results ?? '')
    expect(step.code, step.output).toBe(0)
    const healthy = await rotate(w.cloudflare, { mode: 'verify', 'verify-timeout': '20s', 'verify-settle': '1s' })
    expect(resultsOf(healthy)[0]?.status).toBe('healthy')
    expect(healthy.exitCode).toBe(0)
  })
  it("mode: verify on Cloudflare's health model, fed by the edge's real IKE SAs: down without the router step, up after it", async () => {
    const w = await world({ health: { timing: FAST } })
    await routerOnCurrentPsk(w)
    // Each data centre follows Cloudflare's documented model; the link is the edge's real IKE SA,
    // and a new SA (a new unique ID) propagates as a new SA does.
    const feed = setInterval(() => {
      void w.lab.established(w.lab.edge, 'cloudflare').then((sas) => w.cloudflare.health.setLink('branch', sas.length > 0, sas.at(-1)))
    }, 100)
    cleanups.push(async () => clearInterval(feed))

    const result = await rotate(w.cloudflare, {})
    await w.edgeSynced()
    await w.lab.swanctl(w.lab.router, '--rekey', '--ike', 'branch', '--reauth').catch(() => undefined)
    const down = await rotate(w.cloudflare, { mode: 'verify', 'verify-timeout': '8s', 'verify-settle': '1s' })
    expect(resultsOf(down)[0]?.status).toBe('down')
    expect(down.exitCode).toBe(1)

    const step = await routerStep(w.lab, result.outputs.psks ?? '', result.outputs.results ?? '')
    expect(step.code, step.output).toBe(0)
    const up = await rotate(w.cloudflare, { mode: 'verify', 'verify-timeout': '8s', 'verify-settle': '1s' })
    expect(['up', 'healthy']).toContain(resultsOf(up)[0]?.status)
    expect(up.exitCode).toBe(0)
  })
})
