// Real IKE exchanges with a Libreswan router: the action rotates PSKs on the fake Cloudflare API,
// whose changes reach a strongSwan daemon playing Cloudflare's edge; the router (pluto) gets its
// keys only through examples/libreswan/apply-psks.sh, reading the per-router hand-over.
import { spawn } from 'node:child_process'
import { readdir, readFile, readlink, writeFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare, type FakeTunnelSeed } from '../fakes/cloudflare.js'
import { psksOf, resultsByName, type StepResult } from '../helpers/outputs.js'
import { runAction, type ActionRun } from '../helpers/run-action.js'
import { assertNothingLeaks } from '../helpers/runner-log.js'
import { EDGE_ADDRESS, LibreswanLab, ROUTER_ADDRESS, missingCapability } from './libreswan-lab.js'

const APPLY_PSKS = fileURLToPath(new URL('../../examples/libreswan/apply-psks.sh', import.meta.url))
const BRANCH = { id: '0b5e1c7a9d2f4e6b8a1c3d5e7f9a0b2c', name: 'branch', localId: 'branch.router.example' }
const PARTNER = { id: '5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d', name: 'branch-2', localId: 'branch-2.router.example' }
const ELSEWHERE = { id: '7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f', name: 'elsewhere' }
const missing = await missingCapability()
// In CI a missing capability is a failure, never a silent skip.
if (missing && process.env.CI !== 'true') console.log(`Libreswan end-to-end tests skipped: ${missing}.`)

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface World {
  cloudflare: FakeCloudflare
  lab: LibreswanLab
  /** Resolves once the edge holds the PSK Cloudflare has now. */
  edgeSynced: () => Promise<void>
}

/**
 * `branch` and its partner `branch-2` end on this router, `elsewhere` on another one, all on the
 * same Cloudflare address; `branch` has the oldest PSK, so it is the one of this router to rotate first.
 */
async function world(): Promise<World> {
  const seeds: FakeTunnelSeed[] = [
    { ...BRANCH, cloudflareEndpoint: EDGE_ADDRESS, customerEndpoint: ROUTER_ADDRESS, lastGeneratedOn: '2025-01-01T00:00:00Z' },
    { ...PARTNER, cloudflareEndpoint: EDGE_ADDRESS, customerEndpoint: ROUTER_ADDRESS, lastGeneratedOn: '2025-02-01T00:00:00Z' },
    { ...ELSEWHERE, cloudflareEndpoint: EDGE_ADDRESS, customerEndpoint: '198.51.100.9', lastGeneratedOn: '2025-01-01T00:00:00Z' },
  ]
  const cloudflare = await FakeCloudflare.start({ tunnels: seeds })
  cleanups.push(() => cloudflare.stop())
  const lab = await LibreswanLab.start([BRANCH, PARTNER].map(({ name, localId }) => ({ name, localId })))
  cleanups.push(() => lab.stop())
  let sync = Promise.resolve()
  for (const { id, localId } of [BRANCH, PARTNER]) {
    sync = sync.then(() => lab.setEdgePsk(localId, cloudflare.tunnel(id).psk))
    // As after an earlier rotation: the router holds the PSK live now, and its IKE SA is up.
    await lab.setRouterPsk(id, localId, cloudflare.tunnel(id).psk)
  }
  // As the real edge does, the edge daemon learns every new PSK of this router's tunnels the moment Cloudflare has it.
  cloudflare.onPskChange((tunnel) => {
    const mine = [BRANCH, PARTNER].find(({ id }) => id === tunnel.id)
    if (mine) sync = sync.then(() => lab.setEdgePsk(mine.localId, tunnel.psk))
  })
  await sync
  for (const { name } of [BRANCH, PARTNER]) expect(await lab.reauthenticates(name)).toBe('up')
  return { cloudflare, lab, edgeSynced: () => sync }
}

/** A rotation whose RUNNER_TEMP outlives it, so the router step can read the action's own hand-over. */
async function rotate(cloudflare: FakeCloudflare, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const runnerTemp = await mkdtemp(join(tmpdir(), 'libreswan-runner-temp-'))
  cleanups.push(() => rm(runnerTemp, { recursive: true, force: true }))
  return runAction({
    inputs: {
      'account-id': cloudflare.accountId,
      'api-token': DEFAULT_API_TOKEN,
      'api-base-url': cloudflare.baseUrl,
      'tunnel-ids': 'all',
      ...inputs,
    },
    env: { RUNNER_TEMP: runnerTemp },
  })
}

/** The action's routers-file output. */
function routersFileOf(run: ActionRun): string {
  const file = run.outputs['routers-file']
  if (!file) throw new Error('The step wrote no routers-file output')
  return file
}

/**
 * A per-router hand-over in the action's shape (routers-file, and each router's psks and results
 * files), for the cases the action would not produce on its own.
 */
type ResultEntry = Pick<StepResult, 'id' | 'customer_endpoint'> & Partial<StepResult>

async function handOver(psks: Record<string, string>, results: ResultEntry[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'libreswan-handover-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  const routers = new Map<string, typeof results>()
  for (const entry of results) {
    const key = entry.customer_endpoint ?? `tunnel-${entry.id}`
    routers.set(key, [...(routers.get(key) ?? []), entry])
  }
  const entries = []
  for (const [router, tunnels] of routers) {
    const psksFile = join(dir, `psks-${router}.json`)
    const resultsFile = join(dir, `results-${router}.json`)
    const own = Object.fromEntries(Object.entries(psks).filter(([id]) => tunnels.some((tunnel) => tunnel.id === id)))
    await writeFile(psksFile, JSON.stringify(own), { mode: 0o600 })
    await writeFile(resultsFile, JSON.stringify(tunnels), { mode: 0o600 })
    entries.push({ router, tunnels: tunnels.map((tunnel) => tunnel.id), psks_file: psksFile, results_file: resultsFile })
  }
  const routersFile = join(dir, 'routers.json')
  await writeFile(routersFile, JSON.stringify(entries), { mode: 0o600 })
  return routersFile
}

interface Step {
  code: number
  stdout: string
  stderr: string
  /** How many of the step's processes were seen (in /proc and as execve), and any whose argv or environment held a PSK. */
  children: number
  leaks: string[]
}

/** Pids of `root` and every process below it now. */
async function processTree(root: number): Promise<number[]> {
  const parents = new Map<number, number>()
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    if (ppid) parents.set(Number(entry), ppid)
  }
  const tree = [root]
  // Each pass adds the children of what is known; a pass that adds nothing ends it.
  for (let size = 0; size !== tree.length;) {
    size = tree.length
    for (const [pid, ppid] of parents) if (tree.includes(ppid) && !tree.includes(pid)) tree.push(pid)
  }
  return tree
}

/**
 * Runs the router step with `env` and looks for `secrets` (and their hex) in the argv and
 * environment of every program it starts: in /proc while they run, and in strace's record of
 * every execve, which also catches those too short-lived to be seen in /proc.
 */
async function routerStep(lab: LibreswanLab, env: Record<string, string>, secrets: string[]): Promise<Step> {
  const forms = secrets.flatMap((secret) => [secret, Buffer.from(secret, 'utf8').toString('hex')])
  const trace = join(await mkdtemp(join(tmpdir(), 'libreswan-step-')), 'execve')
  cleanups.push(() => rm(join(trace, '..'), { recursive: true, force: true }))
  const child = spawn('strace', ['-f', '-qq', '-v', '-s', '65536', '-e', 'trace=execve', '-o', trace, 'bash', APPLY_PSKS], {
    env: { PATH: process.env.PATH ?? '', ...lab.ipsecEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  let done = false
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1))).finally(() => (done = true))
  const seen = new Set<number>()
  const leaks: string[] = []
  for (let i = 0; i < 3000 && !done && child.pid; i++) {
    for (const pid of await processTree(child.pid)) {
      if (pid === child.pid) continue
      for (const part of ['cmdline', 'environ']) {
        const text = await readFile(`/proc/${pid}/${part}`, 'latin1').catch(() => '')
        if (text !== '') seen.add(pid)
        if (forms.some((form) => text.includes(form))) leaks.push(`${await readlink(`/proc/${pid}/exe`).catch(() => '?')} ${part}`)
      }
    }
  }
  const code = await exited
  const execs = (await readFile(trace, 'utf8')).split('\n').filter((line) => line.includes('execve('))
  for (const line of execs)
    if (forms.some((form) => line.includes(form))) leaks.push(`execve ${/execve\("([^"]*)"/.exec(line)?.[1] ?? '?'}`)
  return { code, stdout, stderr, children: Math.min(seen.size, execs.length), leaks }
}

const OWN_FILES = [BRANCH, PARTNER].map(({ id }) => `cloudflare-psk-${id}.secrets`).sort()
const secretsFiles = async (lab: LibreswanLab): Promise<string[]> => (await readdir(lab.secretsDir)).sort()

/** Every secrets file under the router's directory loads without a word from pluto. */
async function secretsLoadCleanly(lab: LibreswanLab): Promise<string[]> {
  const { stdout, stderr } = await lab.ipsec('whack', '--rereadsecrets')
  return `${stdout}${stderr}`.split('\n').filter((line) => line.trim() !== '' && !/forgetting secrets|loading secrets from/.test(line))
}

describe.skipIf(missing !== null && process.env.CI !== 'true')('a Libreswan router against a real IKE peer', () => {
  it('has what these tests need', () => {
    expect(missing).toBeNull()
  })

  it("rotation, then the router step: this router's rotated tunnel is up with the new PSK, its deferred partner untouched; another router's tunnel on the same edge address is neither written nor waited for", async () => {
    const w = await world()
    const before = await w.lab.established(BRANCH.name)
    const partnerBefore = await w.lab.established(PARTNER.name)
    const result = await rotate(w.cloudflare)
    expect(result.exitCode, result.stdout).toBe(0)
    await w.edgeSynced()
    const psks = psksOf(result)
    expect(Object.keys(psks).sort()).toEqual([BRANCH.id, ELSEWHERE.id].sort())
    expect(resultsByName(result).get(PARTNER.name)?.status).toBe('deferred')
    const routersFile = routersFileOf(result)

    const step = await routerStep(w.lab, { ROUTERS_FILE: routersFile, ROUTER: ROUTER_ADDRESS }, Object.values(psks))
    expect(step.code, step.stdout + step.stderr).toBe(0)
    expect(step.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^Tunnel branch: IKE SA #\d+ of connection branch is up with the new PSK\.$/),
      'Tunnel branch-2: no new PSK in this run; left as it is.',
    ])
    expect(await w.lab.established(PARTNER.name)).toEqual(partnerBefore)
    const after = await w.lab.established(BRANCH.name)
    expect(after).toHaveLength(1)
    expect(after[0]).toBeGreaterThan(Math.max(...before))
    expect(await secretsFiles(w.lab)).toEqual(OWN_FILES)
    expect(step.children).toBeGreaterThan(0)
    expect(step.leaks).toEqual([])
    assertNothingLeaks(step, Object.values(psks))
    expect(await secretsLoadCleanly(w.lab)).toEqual([])
    expect(await w.lab.reauthenticates(BRANCH.name)).toBe('up')
  })

  it('a PSK that may be live but that Cloudflare never applied is tried, then rolled back: the tunnel stays up with the key the edge holds', async () => {
    const w = await world()
    const live = w.cloudflare.tunnel(BRANCH.id).psk
    w.cloudflare.inject({ method: 'POST', path: /\/psk$/ }, { kind: 'status', status: 502 }, 100)
    const offered = 'Never-applied-0123456789abcdefABCDEF'
    const result = await rotate(w.cloudflare, { mode: 'set', psks: `${BRANCH.id}=${offered}`, 'tunnel-ids': BRANCH.id })
    await w.edgeSynced()
    expect(w.cloudflare.tunnel(BRANCH.id).psk).toBe(live)
    expect(resultsByName(result).get(BRANCH.name)?.status).toBe('failed')
    const psks = psksOf(result)
    expect(psks[BRANCH.id]).toBe(offered)
    const routersFile = routersFileOf(result)

    const step = await routerStep(w.lab, { ROUTERS_FILE: routersFile, ROUTER: ROUTER_ADDRESS }, [offered, live])
    expect(step.code).toBe(1)
    expect(step.stdout).toMatch(
      /^Tunnel branch: the new PSK did not authenticate \(Cloudflare may never have applied it\); the previous PSK is back and IKE SA #\d+ of connection branch is up with it\.$/m,
    )
    expect(step.stderr).toContain('Not up with the new PSK: branch')
    expect(await w.lab.established(BRANCH.name)).toHaveLength(1)
    expect(step.leaks).toEqual([])
    assertNothingLeaks(step, [offered, live])
    expect(await secretsLoadCleanly(w.lab)).toEqual([])
    expect(await w.lab.reauthenticates(BRANCH.name)).toBe('up')
  })

  it('names Libreswan cannot take are refused one by one, neutralised in the log; the good tunnel beside them still gets its key', async () => {
    const w = await world()
    const hostile = [
      { id: 'a1'.repeat(16), name: 'Zürich.1 ##[error]forged' },
      { id: 'b2'.repeat(16), name: `long-${'x'.repeat(245)}` },
      { id: 'c3'.repeat(16), name: '::warning::Branch Berlin' },
    ]
    const fresh = 'Fresh-key-for-branch-0123456789abcdef'
    await w.lab.setEdgePsk(BRANCH.localId, fresh)
    const psks = Object.fromEntries([[BRANCH.id, fresh], ...hostile.map(({ id }, i) => [id, `Hostile-key-${i}-0123456789abcdef`])])
    const results = [BRANCH, ...hostile].map(({ id, name }) => ({
      id,
      name,
      status: 'rotated',
      customer_endpoint: ROUTER_ADDRESS,
      cloudflare_endpoint: EDGE_ADDRESS,
    }))
    const routersFile = await handOver(psks, results)

    const step = await routerStep(w.lab, { ROUTERS_FILE: routersFile, ROUTER: ROUTER_ADDRESS }, Object.values(psks))
    expect(step.code).toBe(1)
    const lines = step.stdout.trim().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^Tunnel branch: IKE SA #\d+ of connection branch is up with the new PSK\.$/)
    for (const line of lines.slice(1))
      expect(line).toMatch(/^Tunnel .*: its connection name \(CONNECTION\) is not a Libreswan connection name/)
    const log = assertNothingLeaks(step, Object.values(psks))
    expect(log.annotations).toEqual([])
    expect(lines[2]).toContain('more characters)')
    expect(await secretsFiles(w.lab)).toEqual(OWN_FILES)
    expect(await secretsLoadCleanly(w.lab)).toEqual([])
    expect(await w.lab.reauthenticates(BRANCH.name)).toBe('up')
  })

  it('a secrets file pluto will not load is never left installed: the previous one is put back and the tunnel is not touched', async () => {
    const w = await world()
    const before = await w.lab.established(BRANCH.name)
    const previous = await readFile(join(w.lab.secretsDir, `cloudflare-psk-${BRANCH.id}.secrets`), 'utf8')
    const fresh = 'Fresh-key-for-branch-0123456789abcdef'
    const routersFile = await handOver({ [BRANCH.id]: fresh }, [
      { id: BRANCH.id, name: BRANCH.name, status: 'rotated', customer_endpoint: ROUTER_ADDRESS },
    ])
    // Shaped like an IPv6 address, so it passes the script's own check, but not one: pluto rejects the line.
    const step = await routerStep(w.lab, { ROUTERS_FILE: routersFile, ROUTER: ROUTER_ADDRESS, SECRET_IDS: `1:2 ${EDGE_ADDRESS}` }, [fresh])
    expect(step.code).toBe(1)
    expect(step.stdout.trim()).toBe(
      'Tunnel branch: pluto could not load the new secrets file; the previous one is back. Not up with the new PSK.',
    )
    expect(await readFile(join(w.lab.secretsDir, `cloudflare-psk-${BRANCH.id}.secrets`), 'utf8')).toBe(previous)
    expect(await secretsFiles(w.lab)).toEqual(OWN_FILES)
    expect(await w.lab.established(BRANCH.name)).toEqual(before)
    expect(await secretsLoadCleanly(w.lab)).toEqual([])
    assertNothingLeaks(step, [fresh])
  })

  it('refuses to run without being told which tunnels are its own', async () => {
    const w = await world()
    const routersFile = await handOver({ [BRANCH.id]: 'Unused-key-0123456789abcdef' }, [
      { id: BRANCH.id, customer_endpoint: ROUTER_ADDRESS },
    ])
    const entry = (JSON.parse(await readFile(routersFile, 'utf8')) as { psks_file: string; results_file: string }[])[0]
    const step = await routerStep(w.lab, { PSKS_FILE: entry?.psks_file ?? '', RESULTS_FILE: entry?.results_file ?? '' }, [
      'Unused-key-0123456789abcdef',
    ])
    expect(step.code).toBe(2)
    expect(step.stderr).toMatch(/say which tunnels this host terminates: ROUTERS_FILE and ROUTER, or TUNNELS/)
    expect(await secretsFiles(w.lab)).toEqual(OWN_FILES)
  })
})
