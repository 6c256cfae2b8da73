// A fake Cloudflare account whose tunnels end on FleetLab router hosts (and, if asked, on routers
// that are not in the lab), with the lab's edge learning each new PSK the moment Cloudflare has it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeCloudflareOptions, type FakeTunnel } from '../fakes/cloudflare.js'
import type { StepResult } from '../helpers/outputs.js'
import { assertNothingLeaks } from '../helpers/runner-log.js'
import { runAction, type ActionRun } from '../helpers/run-action.js'
import { FleetLab, routerAddress, UPLINKS } from './ike-fleet-lab.js'
import { APPLY_PSKS, runRouterStep, type HandOver, type StepRun } from './router-step.js'

export interface TunnelSeed {
  name: string
  /** The lab uplink it runs over; null for a tunnel of another router, not in the lab. */
  uplink: number | null
  /** The router's IKE identity; its host's uplink address when left out. */
  localId?: string
  /** The lab's router host it ends on; 0 when left out. */
  host?: number
  /** Default: the host's uplink address (another router's: 198.51.100.x). */
  customerEndpoint?: string
  /** Default: the uplink's edge address. */
  cloudflareEndpoint?: string
  /** On the router's side: false leaves its swanctl connection out. */
  configured?: boolean
  /** `psk_metadata.last_generated_on`; default 2025-01-01T00:00:00Z. */
  lastGeneratedOn?: string
}

export interface World {
  cloudflare: FakeCloudflare
  lab: FleetLab
  /** Cloudflare's tunnel of each seed, in seed order. */
  tunnels: FakeTunnel[]
  /** Lab tunnel index of each seed, or -1. */
  labIndex: number[]
  /** Resolves once the edge holds every PSK Cloudflare has now (but those of `edgeKeepsOld`). */
  edgeSynced: () => Promise<void>
  /** Tunnel IDs whose new PSKs the edge does not learn: it keeps refusing all but the key it had. */
  edgeKeepsOld: Set<string>
  dir: string
}

/** The connection the router step looks for (README: the name when it is safe, else `cf-<id>`). */
export const connectionOf = (tunnel: FakeTunnel): string => (/^[A-Za-z0-9_-]{1,64}$/.test(tunnel.name) ? tunnel.name : `cf-${tunnel.id}`)

/** `cloudflare`: more options for the fake Cloudflare (its health model, say). */
export async function startWorld(
  seeds: TunnelSeed[],
  cleanups: (() => Promise<void>)[],
  makeBeforeBreak = false,
  cloudflareOptions: Omit<FakeCloudflareOptions, 'tunnels'> = {},
): Promise<World> {
  const cloudflare = await FakeCloudflare.start({
    ...cloudflareOptions,
    tunnels: seeds.map((seed, n) => ({
      name: seed.name,
      lastGeneratedOn: seed.lastGeneratedOn ?? '2025-01-01T00:00:00Z',
      cloudflareEndpoint: seed.cloudflareEndpoint ?? UPLINKS[seed.uplink ?? 0]!.edge,
      customerEndpoint:
        seed.customerEndpoint ?? (seed.uplink === null ? `198.51.100.${n + 1}` : routerAddress(seed.host ?? 0, seed.uplink)),
    })),
  })
  cleanups.push(() => cloudflare.stop())
  const tunnels = seeds.map((seed) => cloudflare.tunnel(seed.name))
  const labIndex: number[] = []
  const labTunnels = seeds.flatMap((seed, n) => {
    if (seed.uplink === null || seed.configured === false) return (labIndex.push(-1), [])
    labIndex.push(labIndex.filter((index) => index >= 0).length)
    return [{ connection: connectionOf(tunnels[n]!), uplink: seed.uplink, localId: seed.localId, host: seed.host }]
  })
  const lab = await FleetLab.start({ tunnels: labTunnels, makeBeforeBreak })
  cleanups.push(() => lab.stop())
  const dir = await mkdtemp(join(tmpdir(), 'fleet-world-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  let sync = Promise.resolve()
  const edgeKeepsOld = new Set<string>()
  const learn = (tunnel: FakeTunnel): void => {
    const index = labIndex[tunnels.indexOf(tunnel)] ?? -1
    if (index >= 0 && !edgeKeepsOld.has(tunnel.id)) sync = sync.then(() => lab.setEdgePsk(index, tunnel.psk))
  }
  tunnels.forEach(learn)
  cloudflare.onPskChange(learn)
  await sync
  return { cloudflare, lab, tunnels, labIndex, edgeSynced: () => sync, edgeKeepsOld, dir }
}

/** A rotation whose hand-over files stay in the world's folder after the run; `options.env` on top of the runner's. */
export async function rotate(
  world: World,
  inputs: Record<string, string> = {},
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ActionRun> {
  return runAction({
    timeoutMs: options.timeoutMs,
    inputs: {
      'account-id': world.cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': world.cloudflare.baseUrl,
      'tunnel-ids': 'all',
      ...inputs,
    },
    env: { ...options.env, RUNNER_TEMP: await mkdtemp(join(world.dir, 'runner-temp-')) },
  })
}

/** The router step on a router host of the lab (the first unless `host` says), with `env` on top of what reaches its daemon. */
export function applyPsks(world: World, env: Record<string, string>, secrets: string[], host = 0): Promise<StepRun> {
  return runRouterStep({ command: ['bash', APPLY_PSKS], env: { ...labEnv(world, host), ...env }, secrets })
}

export function labEnv(world: World, host = 0): Record<string, string> {
  const daemon = world.lab.routers[host]
  if (!daemon) throw new Error(`The lab has no router host ${host}`)
  return {
    PATH: process.env.PATH ?? '',
    SWANCTL_DIR: daemon.dir,
    SWANCTL_URI: daemon.uri,
    STRONGSWAN_CONF: world.lab.clientConf,
  }
}

/** The hand-over files the action wrote in a run. */
export function handOver(run: ActionRun): HandOver {
  const [psksFile, resultsFile, routersFile] = ['psks-file', 'results-file', 'routers-file'].map((output) => run.outputs[output])
  if (!psksFile || !resultsFile || !routersFile) throw new Error('The step wrote no hand-over files')
  return { psksFile, resultsFile, routersFile }
}

/** Every router host as after an earlier rotation: every lab tunnel on the PSK live now, its IKE SA up. Returns each SA. */
export async function routerOnCurrentPsks(world: World): Promise<string[][]> {
  const own = world.tunnels.filter((_, n) => world.labIndex[n]! >= 0)
  const results: StepResult[] = own.map((tunnel) => ({
    id: tunnel.id,
    name: tunnel.name,
    status: 'rotated',
    last_generated_on: tunnel.lastGeneratedOn,
    ipsec_id: null,
    customer_endpoint: tunnel.customerEndpoint,
    cloudflare_endpoint: tunnel.cloudflareEndpoint,
    interface_address: tunnel.interfaceAddress,
    secret_name: null,
    error: null,
    reason: null,
  }))
  const dir = await mkdtemp(join(world.dir, 'current-'))
  const [psksFile, resultsFile] = [join(dir, 'psks.json'), join(dir, 'results.json')]
  await writeFile(psksFile, JSON.stringify(Object.fromEntries(own.map((tunnel) => [tunnel.id, tunnel.psk]))), { mode: 0o600 })
  await writeFile(resultsFile, JSON.stringify(results), { mode: 0o600 })
  // Each host gets its own tunnels' keys.
  for (const host of world.lab.routers.keys()) {
    const tunnels = own.filter((tunnel) => (world.lab.tunnels[world.labIndex[world.tunnels.indexOf(tunnel)]!]!.host ?? 0) === host)
    if (tunnels.length === 0) continue
    const env = { PSKS_FILE: psksFile, RESULTS_FILE: resultsFile, TUNNELS: tunnels.map((tunnel) => tunnel.id).join(' ') }
    const step = await applyPsks(world, env, [], host)
    expect(step.code, step.stdout + step.stderr).toBe(0)
  }
  const sas = await Promise.all(world.lab.tunnels.map((_, index) => world.lab.established(index)))
  for (const sa of sas) expect(sa).toHaveLength(1)
  for (const index of world.lab.tunnels.keys()) expect(await world.lab.carriesTraffic(index)).toBe(true)
  return sas
}

/**
 * What must hold after every router step: nothing leaked into an argv, an environment or the log
 * (the shims saw the step's children, so the watch was real), and the router's configuration
 * loads as after a reboot.
 */
export async function expectClean(world: World, step: StepRun, secrets: string[]): Promise<void> {
  expect(step.leaks).toEqual([])
  expect(step.recordedStarts).toBeGreaterThan(3)
  const hex = secrets.map((secret) => Buffer.from(secret, 'utf8').toString('hex'))
  const log = assertNothingLeaks({ stdout: step.stdout, stderr: step.stderr }, [...secrets, ...hex])
  expect(log.annotations).toEqual([])
  const reload = await world.lab.reloadRouter()
  expect(reload).not.toMatch(/invalid config file|syntax error|failed to load|loading .* failed/)
}

/** Tunnel `index` is up, carries traffic, and the router holds the key the edge has (a fresh IKE SA authenticates). */
export async function expectUpWithEdgeKey(world: World, index: number): Promise<void> {
  expect(await world.lab.established(index)).toHaveLength(1)
  expect(await world.lab.carriesTraffic(index)).toBe(true)
  expect(await world.lab.probe(index)).toBe('up')
}

/** The lines the router step printed about one tunnel, by its ID. */
export const linesAbout = (step: StepRun, id: string): string[] =>
  `${step.stdout}${step.stderr}`.split('\n').filter((line) => line.startsWith('Tunnel ') && line.includes(`(${id})`))
