// One run of the action rotates a fleet in waves (`router-command`), against real IKE: three
// router hosts, each its own charon in a namespace of its own (alpha and bravo with a tunnel on
// each of two uplinks to the edge's two addresses, charlie with one), the Quick start's
// router-command from README.md as written (its `ssh` and `sudo` standing in for the network hop,
// examples/strongswan/apply-psks.sh on each router host), and Cloudflare's health model fed from
// the edge's real IKE SAs. A monitor proves no redundant router is ever without a
// tunnel, and that a wave starts only once Cloudflare reads the last one's tunnels up.
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { FakeTunnel } from '../fakes/cloudflare.js'
import { DEFAULT_API_TOKEN } from '../fakes/cloudflare.js'
import { errorLines, psksOf, resultsOf, type StepResult } from '../helpers/outputs.js'
import { assertMaskedBeforeUse, type ActionRun } from '../helpers/run-action.js'
import { assertNothingLeaks } from '../helpers/runner-log.js'
import { FAST } from '../helpers/verify-run.js'
import { missingFleetCapability, type TunnelLink } from './ike-fleet-lab.js'
import { missingCapability } from './ike-lab.js'
import { expectUpWithEdgeKey, rotate, routerOnCurrentPsks, startWorld, type TunnelSeed, type World } from './fleet-world.js'
import { APPLY_PSKS } from './router-step.js'

const missing = (await missingCapability()) ?? missingFleetCapability()
// In CI a missing capability is a failure, never a silent skip.
if (missing && process.env.CI !== 'true') console.log(`IKE end-to-end tests skipped: ${missing}.`)

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Host 0 is router alpha, host 1 bravo, host 2 the lone site charlie; each tunnel has an IKE identity of its own. */
const SEEDS: TunnelSeed[] = [
  { name: 'alpha-isp1', uplink: 0, host: 0, localId: 'alpha-isp1.sites.example', lastGeneratedOn: '2025-01-01T00:00:00Z' },
  { name: 'alpha-isp2', uplink: 1, host: 0, localId: 'alpha-isp2.sites.example', lastGeneratedOn: '2025-02-01T00:00:00Z' },
  // bravo's second uplink has the older PSK: it goes first.
  { name: 'bravo-isp1', uplink: 0, host: 1, localId: 'bravo-isp1.sites.example', lastGeneratedOn: '2025-03-01T00:00:00Z' },
  { name: 'bravo-isp2', uplink: 1, host: 1, localId: 'bravo-isp2.sites.example', lastGeneratedOn: '2025-01-15T00:00:00Z' },
  { name: 'charlie-isp1', uplink: 0, host: 2, localId: 'charlie-isp1.sites.example', lastGeneratedOn: '2025-01-10T00:00:00Z' },
]
const ROUTERS = 'alpha: alpha-isp1, alpha-isp2\nbravo: bravo-isp1, bravo-isp2'
/** charlie is named by no `routers` line: its router is its customer_endpoint, its host's address. */
const CHARLIE = '192.0.2.4'
const ROUTER_OF_HOST = ['alpha', 'bravo', CHARLIE]
const REDUNDANT = { alpha: ['alpha-isp1', 'alpha-isp2'], bravo: ['bravo-isp1', 'bravo-isp2'] }
const WAVE_OF: Record<string, number> = { 'alpha-isp1': 1, 'bravo-isp2': 1, 'charlie-isp1': 1, 'alpha-isp2': 2, 'bravo-isp1': 2 }
const POLL_MS = 200
/** At most this many looks (two minutes' worth): every watch ends even if a test forgets to stop it. */
const MAX_LOOKS = 600

/** Each router's SSH destination in ROUTER_HOSTS, as the README's step has them, and the lab host it reaches. */
const SSH_HOSTS = ['vpn@alpha.example.net', 'vpn@bravo.example.net', 'vpn@charlie.example.net']

interface WorkflowStep {
  env?: Record<string, string>
  with?: Record<string, string>
}

/** The `router-command` of every README workflow that has one: they must be the same; the first. */
async function readmeRouterCommand(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
  const blocks = [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '')
  const steps = blocks
    .filter((block) => /^jobs:/m.test(block))
    .flatMap((block) => Object.values((parse(block) as { jobs: Record<string, { steps: WorkflowStep[] }> }).jobs))
    .flatMap((job) => job.steps)
    .filter((step) => step.with?.['router-command'] !== undefined)
  expect(steps.length).toBeGreaterThan(0)
  for (const step of steps) {
    expect(step.with?.['router-command']).toBe(steps[0]!.with?.['router-command'])
    expect(step.env?.ROUTER_HOSTS).toBe('${{ vars.ROUTER_HOSTS }}')
  }
  const command = steps[0]!.with!['router-command']!
  expect(command).toContain('apply-psks.sh')
  return command
}

/** The lab's record around the command, never its outcome: when each wave's command ran, in which folder, with what. */
const RECORD_BEFORE = String.raw`{
  printf '%s %s %s %s\n' "$WAVE" "$WAVES" "$(date +%s%3N)" "$PWD" >>"$LAB_RECORD/started"
  cat /proc/$$/environ >"$LAB_RECORD/environ-$WAVE"
  cp "$ROUTERS_FILE" "$LAB_RECORD/routers-$WAVE.json"
  jq -c keys "$PSKS_FILE" >"$LAB_RECORD/psk-ids-$WAVE.json"
  jq -c 'map({name, status})' "$RESULTS_FILE" >"$LAB_RECORD/results-$WAVE.json"
  stat -c %a "$PSKS_FILE" "$RESULTS_FILE" "$ROUTERS_FILE" $(jq -r '.[] | .psks_file, .results_file' "$ROUTERS_FILE") >"$LAB_RECORD/modes-$WAVE"
} || true
`
const RECORD_AFTER = String.raw`
date +%s%3N >>"$LAB_RECORD/ended"
`

/**
 * Stand-ins for the network hop of the README's step. `ssh DESTINATION COMMAND`: the lab router
 * host that DESTINATION names runs COMMAND in a login environment of its own (nothing of the
 * step's but PATH), its stdin the step's; each start is recorded, for the leak check. `sudo`
 * passes its variables on; `apply-psks.sh` is the script as installed on the router.
 */
const FAKES: Record<string, string> = {
  ssh: [
    '#!/usr/bin/env bash',
    'cat /proc/$$/cmdline /proc/$$/environ >>"$LAB_RECORD/ssh-starts"',
    'printf \'%s\\n\' "$1" >>"$LAB_RECORD/ssh-destinations"',
    'host=$(jq -c --arg d "$1" \'.[$d] // empty\' <<<"$LAB_SSH_HOSTS")',
    '[ -n "$host" ] || { echo "ssh: Could not resolve hostname $1" >&2; exit 255; }',
    'exec env -i PATH="$PATH" STRONGSWAN_CONF="$STRONGSWAN_CONF" SWANCTL_DIR="$(jq -r .swanctl_dir <<<"$host")" \\',
    '  SWANCTL_URI="$(jq -r .swanctl_uri <<<"$host")" bash -c "$2"',
  ].join('\n'),
  sudo: '#!/bin/sh\nexec env "$@"\n',
  'apply-psks.sh': `#!/bin/sh\nexec bash '${APPLY_PSKS}' "$@"\n`,
}

interface Look {
  at: number
  links: TunnelLink[]
}

interface Watch {
  looks: Look[]
  /** Every answer of the GraphQL health endpoint, as the action read it. */
  answers: { at: number; rows: { tunnel: string; state: number }[] }[]
  /** Every PSK change at Cloudflare, as the edge learns it. */
  changes: { at: number; name: string }[]
  stop: () => Promise<void>
}

/** The tunnels, their PSKs and router SAs before a run. */
interface Before {
  psks: Map<string, string>
  routerSas: Map<string, string[]>
}

async function waveWorld(): Promise<{ world: World; before: Before }> {
  const world = await startWorld(SEEDS, cleanups, false, { health: { timing: FAST } })
  const sas = await routerOnCurrentPsks(world)
  const before: Before = {
    psks: new Map(world.tunnels.map((tunnel) => [tunnel.name, tunnel.psk])),
    routerSas: new Map(world.tunnels.map((tunnel, n) => [tunnel.name, sas[world.labIndex[n]!]!])),
  }
  return { world, before }
}

/**
 * Every POLL_MS, one look at every daemon: each tunnel's IKE SA on its router and on the edge.
 * The edge's drives Cloudflare's health model (up with an SA; a new SA ID is a new SA, which
 * propagates); the looks are kept for the monitor's assertions, the health answers and PSK
 * changes with the time they happened.
 */
function watch(world: World): Watch {
  const result: Watch = { looks: [], answers: [], changes: [], stop: async () => undefined }
  world.cloudflare.onPskChange((tunnel: FakeTunnel) => result.changes.push({ at: Date.now(), name: tunnel.name }))
  const health = world.cloudflare.health
  const answer = health.answer.bind(health)
  health.answer = async (body, authenticated) => {
    const reply = await answer(body, authenticated)
    const data = (reply.body as { data?: { viewer?: { accounts?: Record<string, unknown>[] } } | null }).data
    const rows = (data?.viewer?.accounts?.[0]?.magicTransitTunnelHealthChecksAdaptiveGroups ?? []) as {
      avg: { tunnelState: number }
      dimensions: { tunnelName: string }
    }[]
    result.answers.push({ at: Date.now(), rows: rows.map((row) => ({ tunnel: row.dimensions.tunnelName, state: row.avg.tunnelState })) })
    return reply
  }
  // The SAs up when the watch starts are the model's `initial` ones, up for long: only later ones propagate anew.
  const initial = new Map<string, string | null>()
  let running = true
  const loop = (async () => {
    for (let look = 0; running && look < MAX_LOOKS; look++) {
      const links = await world.lab.links()
      const at = Date.now()
      world.tunnels.forEach((tunnel, n) => {
        const link = links[world.labIndex[n]!]!
        if (!initial.has(tunnel.name)) initial.set(tunnel.name, link.edge)
        const sa = link.edge === initial.get(tunnel.name) ? 'initial' : (link.edge ?? undefined)
        health.setLink(tunnel.name, link.edge !== null, sa)
      })
      result.looks.push({ at, links })
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  })()
  result.stop = async () => {
    running = false
    await loop
  }
  cleanups.push(result.stop)
  return result
}

/** A tunnel is up at a look when its router and the edge both have an IKE SA for it that carries traffic. */
const upAt = (world: World, look: Look, name: string): boolean => {
  const link = look.links[world.labIndex[world.tunnels.findIndex((tunnel) => tunnel.name === name)]!]!
  return link.router !== null && link.edge !== null
}

/** The looks at which a redundant router had no tunnel up, as "router at +ms". */
function outages(world: World, looks: Look[]): string[] {
  const start = looks[0]?.at ?? 0
  return looks.flatMap((look) =>
    Object.entries(REDUNDANT)
      .filter(([, names]) => !names.some((name) => upAt(world, look, name)))
      .map(([router]) => `${router} at +${look.at - start} ms`),
  )
}

async function runWaves(
  world: World,
  command: string,
  inputs: Record<string, string>,
): Promise<{ run: ActionRun; record: string; workspace: string }> {
  const record = await mkdtemp(join(world.dir, 'record-'))
  const workspace = await mkdtemp(join(world.dir, 'workspace-'))
  const fakes = await mkdtemp(join(world.dir, 'fakes-'))
  for (const [name, body] of Object.entries(FAKES)) await writeFile(join(fakes, name), body, { mode: 0o755 })
  const routerHosts = Object.fromEntries(ROUTER_OF_HOST.map((router, host) => [router, SSH_HOSTS[host]]))
  const sshHosts = Object.fromEntries(
    SSH_HOSTS.map((destination, host) => [
      destination,
      { swanctl_dir: world.lab.routers[host]!.dir, swanctl_uri: world.lab.routers[host]!.uri },
    ]),
  )
  const run = await rotate(
    world,
    { routers: ROUTERS, 'router-command': `${RECORD_BEFORE}${command}${RECORD_AFTER}`, 'verify-settle': '1s', ...inputs },
    {
      env: {
        PATH: `${fakes}:${process.env.PATH ?? ''}`,
        ROUTER_HOSTS: JSON.stringify(routerHosts),
        LAB_SSH_HOSTS: JSON.stringify(sshHosts),
        STRONGSWAN_CONF: world.lab.clientConf,
        LAB_RECORD: record,
        GITHUB_WORKSPACE: workspace,
      },
      timeoutMs: 80_000,
    },
  )
  return { run, record, workspace }
}

/** What the record says of each wave's command: [wave, waves, started at, cwd] and when it ended. */
async function commandTimes(record: string): Promise<{ wave: number; waves: number; started: number; ended: number; cwd: string }[]> {
  const started = (await readFile(join(record, 'started'), 'utf8')).trim().split('\n')
  const ended = (await readFile(join(record, 'ended'), 'utf8').catch(() => '')).trim().split('\n')
  return started.map((line, n) => {
    const [wave, waves, at, ...cwd] = line.split(' ')
    return { wave: Number(wave), waves: Number(waves), started: Number(at), ended: Number(ended[n]), cwd: cwd.join(' ') }
  })
}

/** A result of a rolling rotation: the tunnel's router, its wave, and what Cloudflare's health checks read after it. */
type WaveResult = StepResult & { router?: string | null; wave?: number | null; verdict?: string | null }
const byName = (results: StepResult[]) => new Map(results.map((result) => [result.name, result as WaveResult]))

/** The PSKs of the run, masked before any of them is printed, and nothing secret readable in the log. */
function expectMasked(run: ActionRun, world: World): string[] {
  const psks = Object.values(psksOf(run))
  assertMaskedBeforeUse(run.stdout, psks)
  const hex = psks.map((psk) => Buffer.from(psk, 'utf8').toString('hex'))
  assertNothingLeaks(run, [...psks, ...hex, DEFAULT_API_TOKEN, ...world.tunnels.map((tunnel) => tunnel.psk)])
  return psks
}

describe.skipIf(missing !== null && process.env.CI !== 'true')('router-command: a fleet rotated in waves, over real IKE', () => {
  it('has what these tests need', () => {
    expect(missing).toBeNull()
  })

  it('rotates one tunnel of every router a wave, the next wave only once Cloudflare reads the last one up; no router is ever without a tunnel', async () => {
    const { world, before } = await waveWorld()
    const seen = watch(world)
    const { run, record, workspace } = await runWaves(world, await readmeRouterCommand(), { 'verify-timeout': '20s' })
    await world.edgeSynced()
    await seen.stop()
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)

    // Every tunnel rotated, in the wave of its place in its router's queue (oldest PSK first), and read up.
    const results = byName(resultsOf(run))
    for (const tunnel of world.tunnels) {
      const result = results.get(tunnel.name)
      expect(result?.status, tunnel.name).toBe('rotated')
      expect(result?.wave, tunnel.name).toBe(WAVE_OF[tunnel.name])
      expect(['up', 'healthy'], `${tunnel.name}: ${String(result?.verdict)}`).toContain(result?.verdict)
      expect(result?.router).toBe(tunnel.name.startsWith('charlie') ? CHARLIE : tunnel.name.split('-')[0])
      expect(tunnel.psk).not.toBe(before.psks.get(tunnel.name))
      expect(psksOf(run)[tunnel.id]).toBe(tunnel.psk)
    }
    expect([run.outputs['routers-done-count'], run.outputs['routers-stopped-count'], run.outputs['routers-left-count']]).toEqual([
      '3',
      '0',
      '0',
    ])
    expect(run.stdout).toMatch(/^::group::Wave 1 of 2\b/m)
    expect(run.stdout).toMatch(/^::group::Wave 2 of 2\b/m)
    expectMasked(run, world)
    expect(errorLines(run)).toEqual([])
    // The router step's own lines reach the action's log.
    for (const tunnel of world.tunnels) expect(run.stdout).toContain(`Tunnel ${tunnel.name} (${tunnel.id}): up with the new PSK`)

    // The command, once a wave, with that wave's routers only and the environment it was promised.
    const times = await commandTimes(record)
    expect(times.map(({ wave, waves, cwd }) => [wave, waves, cwd])).toEqual([
      [1, 2, workspace],
      [2, 2, workspace],
    ])
    for (const wave of [1, 2]) {
      const inWave = world.tunnels.filter((tunnel) => WAVE_OF[tunnel.name] === wave)
      const readJson = async <T>(file: string) => JSON.parse(await readFile(join(record, `${file}-${wave}.json`), 'utf8')) as T
      // This wave's keys and results only; each router of the wave with its tunnels of the wave.
      expect((await readJson<string[]>('psk-ids')).sort()).toEqual(inWave.map((tunnel) => tunnel.id).sort())
      expect((await readJson<{ name: string }[]>('results')).map((result) => result.name).sort()).toEqual(
        inWave.map((tunnel) => tunnel.name).sort(),
      )
      const routers = await readJson<{ router: string; tunnels: string[] }[]>('routers')
      for (const tunnel of inWave) {
        const router = tunnel.name.startsWith('charlie') ? CHARLIE : tunnel.name.split('-')[0]
        expect(routers.find((entry) => entry.router === router)?.tunnels).toContain(tunnel.id)
      }
      expect((await readFile(join(record, `modes-${wave}`), 'utf8')).trim().split('\n')).toEqual(Array(3 + 2 * routers.length).fill('600'))
      const environ = await readFile(join(record, `environ-${wave}`), 'utf8')
      const names = environ.split('\0').map((entry) => entry.split('=')[0])
      expect(names.filter((name) => name?.startsWith('INPUT_'))).toEqual([])
      expect(names).toEqual(
        expect.arrayContaining(['PSKS_FILE', 'RESULTS_FILE', 'ROUTERS_FILE', 'WAVE', 'WAVES', 'ROUTER_REPORT', 'ROUTER_HOSTS']),
      )
      for (const secret of [DEFAULT_API_TOKEN, ...world.tunnels.map((tunnel) => tunnel.psk)]) expect(environ.includes(secret)).toBe(false)
    }

    // Each router's keys went over its own SSH hop, on stdin: no key (nor its hex) on a command line or in an environment.
    const starts = await readFile(join(record, 'ssh-starts'), 'utf8')
    const destinations = (await readFile(join(record, 'ssh-destinations'), 'utf8')).trim().split('\n')
    expect(destinations.sort()).toEqual([...SSH_HOSTS, ...SSH_HOSTS.slice(0, 2)].sort())
    for (const tunnel of world.tunnels) {
      expect(starts.includes(tunnel.psk)).toBe(false)
      expect(starts.includes(Buffer.from(tunnel.psk, 'utf8').toString('hex'))).toBe(false)
    }

    // Wave 2 began only after Cloudflare's health answered every wave-1 tunnel up, after wave 1's command.
    expect(seen.changes.map((change) => change.name).sort()).toEqual(Object.keys(WAVE_OF).sort())
    const wave2 = Math.min(...seen.changes.filter((change) => WAVE_OF[change.name] === 2).map((change) => change.at))
    expect(seen.changes.filter((change) => WAVE_OF[change.name] === 1).every((change) => change.at < times[0]!.started)).toBe(true)
    expect(times[1]!.started).toBeGreaterThan(wave2)
    for (const name of Object.keys(WAVE_OF).filter((tunnel) => WAVE_OF[tunnel] === 1)) {
      const readUp = seen.answers.find(
        (answer) =>
          answer.at > times[0]!.ended &&
          answer.at < wave2 &&
          answer.rows.some((row) => row.tunnel === name) &&
          answer.rows.filter((row) => row.tunnel === name).every((row) => row.state > 0.001),
      )
      expect(readUp, `${name} read up between wave 1's command and wave 2`).toBeDefined()
    }

    // The monitor: looks all through the run, and at none of them a redundant router without a tunnel.
    expect(seen.looks.length).toBeGreaterThan(10)
    expect(outages(world, seen.looks)).toEqual([])
    // Each tunnel was re-authenticated (a new IKE SA on its router), and authenticates afresh with the key the edge holds.
    for (const [n, tunnel] of world.tunnels.entries()) {
      const index = world.labIndex[n]!
      const now = await world.lab.established(index)
      expect(now).toHaveLength(1)
      expect(before.routerSas.get(tunnel.name)).not.toContain(now[0])
      await expectUpWithEdgeKey(world, index)
    }
  })

  it.each([
    ["reports it in ROUTER_REPORT (the README's command)", (command: string) => command, null],
    [
      "loses its report (the same command, ROUTER_REPORT sent nowhere): only Cloudflare's health checks can tell",
      (command: string) => command.replaceAll('>>"$ROUTER_REPORT"', '>/dev/null'),
      'down',
    ],
  ])(
    'a router that cannot take its new key stops there, its partner untouched and still up, the others finish: the step %s',
    async (_, variant, verdict) => {
      const command = variant(await readmeRouterCommand())
      const { world, before } = await waveWorld()
      // Whatever alpha's router does with its new keys, the edge refuses them: as if it had installed a wrong key.
      for (const tunnel of world.tunnels.filter((candidate) => candidate.name.startsWith('alpha-'))) world.edgeKeepsOld.add(tunnel.id)
      const seen = watch(world)
      const { run } = await runWaves(world, command, { 'verify-timeout': '10s' })
      if (verdict) expect(command).not.toContain('ROUTER_REPORT')
      await world.edgeSynced()
      await seen.stop()
      expect(run.exitCode, run.stdout + run.stderr).toBe(1)

      const results = byName(resultsOf(run))
      const [alpha1, alpha2] = [results.get('alpha-isp1'), results.get('alpha-isp2')]
      expect(alpha1?.status).toBe('failed')
      expect(alpha1?.wave).toBe(1)
      expect(['up', 'healthy']).not.toContain(alpha1?.verdict)
      // Told by the report, the action needs no health check to stop; told nothing, Cloudflare's reads it down.
      if (verdict) expect(alpha1?.verdict).toBe(verdict)
      // Its new PSK is live at Cloudflare, and in the psks output for the rescue.
      expect(psksOf(run)[world.cloudflare.tunnel('alpha-isp1').id]).toBe(world.cloudflare.tunnel('alpha-isp1').psk)
      expect(world.cloudflare.tunnel('alpha-isp1').psk).not.toBe(before.psks.get('alpha-isp1'))
      // The partner: deferred for alpha-isp1, never rotated, and its IKE SA from before up throughout.
      expect(alpha2?.status).toBe('deferred')
      expect(alpha2?.reason).toContain('alpha-isp1')
      expect(world.cloudflare.tunnel('alpha-isp2').psk).toBe(before.psks.get('alpha-isp2'))
      expect(seen.changes.map((change) => change.name)).not.toContain('alpha-isp2')
      expect(await world.lab.established(world.labIndex[1]!)).toEqual(before.routerSas.get('alpha-isp2'))
      expect(seen.looks.every((look) => upAt(world, look, 'alpha-isp2'))).toBe(true)
      await expectUpWithEdgeKey(world, world.labIndex[1]!)
      // alpha-isp1 is down, as the monitor saw it: the edge refused its new key.
      expect(upAt(world, seen.looks.at(-1)!, 'alpha-isp1')).toBe(false)

      // bravo goes on to wave 2, charlie finishes in wave 1.
      for (const name of ['bravo-isp2', 'charlie-isp1', 'bravo-isp1']) {
        const result = results.get(name)
        expect(result?.status, name).toBe('rotated')
        expect(result?.wave, name).toBe(WAVE_OF[name])
        expect(['up', 'healthy'], `${name}: ${String(result?.verdict)}`).toContain(result?.verdict)
        await expectUpWithEdgeKey(world, world.labIndex[world.tunnels.findIndex((tunnel) => tunnel.name === name)]!)
      }
      expect([run.outputs['routers-done-count'], run.outputs['routers-stopped-count'], run.outputs['routers-left-count']]).toEqual([
        '2',
        '1',
        '0',
      ])
      // The step fails naming the router and the tunnel.
      const errors = errorLines(run)
      expect(errors.some((line) => line.includes('alpha') && line.includes('alpha-isp1'))).toBe(true)
      expect(errors.filter((line) => /bravo|charlie|alpha-isp2/.test(line) && !line.includes('alpha-isp1'))).toEqual([])
      expectMasked(run, world)
      expect(outages(world, seen.looks)).toEqual([])
      // The router steps wrote key files on their own host only.
      for (const host of [0, 1, 2]) {
        const files = (await readdir(join(world.lab.routers[host]!.dir, 'conf.d'))).sort()
        const own = world.tunnels.filter((_, n) => SEEDS[n]!.host === host).map((tunnel) => `cloudflare-psk-${tunnel.id}.conf`)
        expect(files).toEqual(own.sort())
      }
    },
  )
})
