// The strongSwan router step on a real router host with two uplinks and many tunnels, against a
// real edge: each key reaches its own tunnel only, hostile names neither break nor command the
// log, a key Cloudflare never took cannot take a tunnel down, and "up" means authenticated anew.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { psksOf, resultsByName } from '../helpers/outputs.js'
import { missingCapability } from './ike-lab.js'
import { missingFleetCapability, UPLINKS } from './ike-fleet-lab.js'
import {
  applyPsks,
  expectClean,
  expectUpWithEdgeKey,
  handOver,
  linesAbout,
  rotate,
  routerOnCurrentPsks,
  startWorld,
  type TunnelSeed,
} from './fleet-world.js'

const missing = (await missingCapability()) ?? missingFleetCapability()
if (missing && process.env.CI !== 'true') console.log(`IKE end-to-end tests skipped: ${missing}.`)

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const HOSTILE_NAMES = ['branch.1', 'Branch Berlin', 'Zürich-1', 'hq\n::error::pwned ##[warning]x\u202e', 'x'.repeat(250), 'plain-1']

/** Polls for at most `ms` until `check` holds; returns whether it did. */
async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 100)))
    if (await check()) return true
  return check()
}

describe.skipIf(missing !== null && process.env.CI !== 'true')('the strongSwan router step on a router fleet', () => {
  it('has what these tests need', () => {
    expect(missing).toBeNull()
  })

  it.each([
    [{}, 'Say which tunnels this host terminates'],
    [{ TUNNELS: 'branch', ROUTERS_FILE: '/nonexistent', ROUTER: '192.0.2.2' }, 'Set TUNNELS or ROUTERS_FILE and ROUTER, not both.'],
    [{ TUNNELS: 'branch', SECRET_ID: '{cloudflare_endpoint}' }, 'SECRET_ID is gone'],
    [{ TUNNELS: 'branch', PSKS: '{"a": 1, "b": "not-a-psk-that-may-show"}', RESULTS: '[]' }, "PSKS_FILE is not the action's psks output"],
  ])('refuses unusable input with exit status 2, quoting none of it: %j', async (env, message) => {
    const world = await startWorld([{ name: 'branch', uplink: 0 }], cleanups)
    const step = await applyPsks(world, env, ['not-a-psk-that-may-show'])
    expect(step.code).toBe(2)
    expect(step.stderr.split('\n')[0]).toContain(message)
    expect(step.stdout + step.stderr).not.toContain('not-a-psk')
    expect(await world.lab.routerKeyFiles()).toEqual([])
  })

  it('two uplinks to two edge addresses, other routers on the same endpoint: each router gets its own keys only', async () => {
    const seeds: TunnelSeed[] = [
      { name: 'hq-uplink-a', uplink: 0 },
      { name: 'hq-uplink-b', uplink: 1 },
      { name: 'shop-1', uplink: null, cloudflareEndpoint: UPLINKS[0].edge },
      { name: 'shop-2', uplink: null, cloudflareEndpoint: UPLINKS[0].edge },
    ]
    const world = await startWorld(seeds, cleanups)
    const before = await routerOnCurrentPsks(world)
    const run = await rotate(world)
    expect(run.exitCode, run.stdout).toBe(0)
    await world.edgeSynced()
    const psks = psksOf(run)
    expect(Object.keys(psks)).toHaveLength(4)
    const files = handOver(run)

    for (const [n, uplink] of UPLINKS.entries()) {
      const step = await applyPsks(world, { ROUTERS_FILE: files.routersFile, ROUTER: uplink.router }, Object.values(psks))
      expect(step.code, step.stdout + step.stderr).toBe(0)
      await expectClean(world, step, Object.values(psks))
      expect(linesAbout(step, world.tunnels[n]!.id)).toEqual([
        expect.stringMatching(/: up with the new PSK \(IKE SA hq-uplink-[ab] #\d+, set up after it was loaded\)\.$/),
      ])
      expect(`${step.stdout}${step.stderr}`.split('\n').filter((line) => line !== '')).toHaveLength(1)
    }
    for (const index of [0, 1]) {
      const after = await world.lab.established(index)
      expect(after).toHaveLength(1)
      expect(after).not.toEqual(before[index])
      await expectUpWithEdgeKey(world, index)
    }
    // Files only for this host's tunnels, named by tunnel ID; the other routers' keys never reached it.
    expect(await world.lab.routerKeyFiles()).toEqual([0, 1].map((n) => `cloudflare-psk-${world.tunnels[n]!.id}.conf`).sort())
    for (const n of [2, 3]) {
      for (const file of await world.lab.routerKeyFiles()) {
        const text = await readFile(join(world.lab.router.dir, 'conf.d', file), 'utf8')
        expect(text).not.toContain(Buffer.from(psks[world.tunnels[n]!.id]!, 'utf8').toString('hex'))
      }
    }
  })

  it('names with dots, spaces, non-ASCII, ##[ and 250 characters: each tunnel handled, a missing one refused, nothing commands the log', async () => {
    const seeds: TunnelSeed[] = HOSTILE_NAMES.map((name, n) => ({ name, uplink: 0, localId: `t${n}.hq.example` }))
    seeds.push({ name: 'not on this host', uplink: 0, localId: 'gone.hq.example', configured: false })
    const world = await startWorld(seeds, cleanups)
    await routerOnCurrentPsks(world)
    const run = await rotate(world, { stagger: 'none' })
    expect(run.exitCode, run.stdout).toBe(0)
    await world.edgeSynced()
    const psks = Object.values(psksOf(run))
    expect(psks).toHaveLength(seeds.length)
    const files = handOver(run)

    const step = await applyPsks(world, { ROUTERS_FILE: files.routersFile, ROUTER: UPLINKS[0].router }, psks)
    expect(step.code, step.stdout + step.stderr).toBe(1)
    await expectClean(world, step, psks)
    HOSTILE_NAMES.forEach((_, n) =>
      expect(linesAbout(step, world.tunnels[n]!.id)).toEqual([expect.stringContaining(': up with the new PSK (IKE SA ')]),
    )
    const missingTunnel = world.tunnels.at(-1)!
    expect(linesAbout(step, missingTunnel.id)).toEqual([
      `Tunnel not on this host (${missingTunnel.id}): this host has no swanctl connection 'cf-${missingTunnel.id}'; nothing changed.`,
    ])
    expect(step.stderr).toContain(`Not up with the new PSK: not on this host (${missingTunnel.id})`)
    // The hostile name stays on its line, its command broken up; the long one is cut.
    expect(step.stdout).toContain('Tunnel hq\\n::error::pwned #\u200b#[warning]x\\u202e (')
    expect(step.stdout).toContain(`Tunnel ${'x'.repeat(80)}… (170 more characters) (`)
    for (const index of HOSTILE_NAMES.keys()) await expectUpWithEdgeKey(world, index)
    expect(await world.lab.routerKeyFiles()).toEqual(HOSTILE_NAMES.map((_, n) => `cloudflare-psk-${world.tunnels[n]!.id}.conf`).sort())
  })

  it.each([false, true])(
    'a may-be-live PSK Cloudflare never applied (make_before_break %s): tried, refused by the edge, rolled back, the tunnel stays up',
    async (makeBeforeBreak) => {
      const world = await startWorld([{ name: 'branch', uplink: 0 }], cleanups, makeBeforeBreak)
      const [before] = await routerOnCurrentPsks(world)
      const old = world.tunnels[0]!.psk
      // Every bulk call answered 502: the PSK may be live, Cloudflare never applied it.
      world.cloudflare.inject({ method: 'POST', path: /\/psk$/ }, { kind: 'status', status: 502 }, 50)
      const run = await rotate(world, { mode: 'set', psks: `${world.tunnels[0]!.id}=never-applied-PSK-0123456789abcdef` })
      expect(resultsByName(run).get('branch')?.status).toBe('failed')
      const psks = Object.values(psksOf(run))
      expect(psks).toEqual(['never-applied-PSK-0123456789abcdef'])
      expect(world.cloudflare.tunnel('branch').psk).toBe(old)
      const files = handOver(run)

      const step = await applyPsks(world, { ROUTERS_FILE: files.routersFile, ROUTER: UPLINKS[0].router, UP_TIMEOUT: '4' }, [...psks, old])
      expect(step.code, step.stdout + step.stderr).toBe(1)
      await expectClean(world, step, [...psks, old])
      const [line] = linesAbout(step, world.tunnels[0]!.id)
      expect(line).toMatch(/the new PSK did not authenticate .*Cloudflare may never have applied it\. Back on the previous PSK/)
      // Without make_before_break the edge's refusal is seen; with it the old IKE SA simply stays.
      if (!makeBeforeBreak) expect(line).toContain('AUTHENTICATION_FAILED')
      await expectUpWithEdgeKey(world, 0)
      // With make_before_break the IKE SA from before never went down.
      if (makeBeforeBreak) expect(await world.lab.established(0)).toEqual(before)
    },
  )

  it('a may-be-live PSK Cloudflare did apply (its answer lost) is proven and kept', async () => {
    const world = await startWorld([{ name: 'branch', uplink: 0 }], cleanups)
    await routerOnCurrentPsks(world)
    world.cloudflare.misbehave.omitFromBulkAnswer.add(world.tunnels[0]!.id)
    const run = await rotate(world, { mode: 'set', psks: `${world.tunnels[0]!.id}=applied-but-unconfirmed-0123456789` })
    await world.edgeSynced()
    expect(resultsByName(run).get('branch')?.status).toBe('failed')
    const psks = Object.values(psksOf(run))
    const files = handOver(run)
    const step = await applyPsks(world, { ROUTERS_FILE: files.routersFile, ROUTER: UPLINKS[0].router }, psks)
    expect(step.code, step.stdout + step.stderr).toBe(0)
    await expectClean(world, step, psks)
    expect(linesAbout(step, world.tunnels[0]!.id)).toEqual([
      expect.stringMatching(/up with the new PSK .* Cloudflare had applied it after all\.$/),
    ])
    await expectUpWithEdgeKey(world, 0)
  })

  it('make_before_break: up means an IKE SA set up after the new PSK was loaded, not the old one still up', async () => {
    const world = await startWorld([{ name: 'branch', uplink: 0 }], cleanups, true)
    const [before] = await routerOnCurrentPsks(world)
    const run = await rotate(world)
    await world.edgeSynced()
    const psks = Object.values(psksOf(run))
    const files = handOver(run)
    const step = await applyPsks(world, { ROUTERS_FILE: files.routersFile, ROUTER: UPLINKS[0].router }, psks)
    expect(step.code, step.stdout + step.stderr).toBe(0)
    await expectClean(world, step, psks)
    const [line] = linesAbout(step, world.tunnels[0]!.id)
    const sa = /IKE SA branch #(\d+), set up after it was loaded/.exec(line ?? '')?.[1]
    expect(sa).toBeDefined()
    expect(before).not.toContain(sa)
    // The old IKE SA goes once the new one is up.
    expect(await eventually(async () => (await world.lab.established(0)).join() === sa)).toBe(true)
    await expectUpWithEdgeKey(world, 0)
  })
})
