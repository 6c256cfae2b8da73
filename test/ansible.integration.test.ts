// The Ansible playbooks in examples/ansible: every one passes ansible-playbook --syntax-check, and
// their shared hand-over tasks, run for real on the controller, pick exactly this router's
// confirmed keys and print none.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const CHECK = fileURLToPath(new URL('../scripts/ansible-check.sh', import.meta.url))
const HAND_OVER_PLAY = fileURLToPath(new URL('./fixtures/ansible-hand-over.yml', import.meta.url))
const PLAYBOOKS = ['cisco-ios.yml', 'fortinet.yml', 'junos.yml', 'paloalto.yml', 'vyos.yml']
const ENV = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false' }

const missing = await run('sh', ['-c', 'command -v ansible-playbook']).then(
  () => null,
  () => 'needs ansible-playbook: bash .ci/install-e2e-deps',
)
// In CI a missing capability is a failure, never a silent skip.
if (missing && process.env.CI !== 'true') console.log(`Ansible tests skipped: ${missing}.`)

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** Runs the hand-over play for router 192.0.2.2 over a hand-over holding the given tunnels. */
async function decide(
  extraVars: Record<string, unknown> = {},
): Promise<{ code: number; output: string; decision: Record<string, string[]> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ansible-hand-over-'))
  dirs.push(dir)
  const psks = {
    confirmed: 'Confirmed-key-0123456789',
    maybe: 'Maybe-live-key-0123456789',
    quoted: `Has "quotes" and spaces 0123`,
    other: 'Other-router-key-0123456789',
  }
  const results = [
    { id: 'confirmed', status: 'rotated' },
    { id: 'maybe', status: 'failed' },
    { id: 'quoted', status: 'rotated' },
    { id: 'untouched', status: 'skipped' },
  ]
  await writeFile(join(dir, 'psks.json'), JSON.stringify(psks), { mode: 0o600 })
  await writeFile(join(dir, 'results.json'), JSON.stringify(results), { mode: 0o600 })
  const routers = [
    {
      router: '192.0.2.2',
      tunnels: results.map(({ id }) => id),
      psks_file: join(dir, 'psks.json'),
      results_file: join(dir, 'results.json'),
    },
    { router: '198.51.100.9', tunnels: ['other'], psks_file: join(dir, 'psks.json'), results_file: join(dir, 'results.json') },
  ]
  await writeFile(join(dir, 'routers.json'), JSON.stringify(routers))
  const vars = {
    routers_file: join(dir, 'routers.json'),
    cloudflare_router: '192.0.2.2',
    cloudflare_psk_pattern: '^[A-Za-z0-9._+=@%/-]+$',
    cloudflare_tunnels: { confirmed: {}, maybe: {}, quoted: {}, untouched: {} },
    decision_file: join(dir, 'decision.json'),
    ...extraVars,
  }
  await writeFile(join(dir, 'vars.json'), JSON.stringify(vars))
  const args = ['-i', 'localhost,', '-e', `@${join(dir, 'vars.json')}`, HAND_OVER_PLAY]
  const { code, output } = await run('ansible-playbook', args, { env: ENV, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  )
  for (const psk of Object.values(psks)) expect(output).not.toContain(psk)
  const decision = JSON.parse(await readFile(join(dir, 'decision.json'), 'utf8')) as Record<string, string[]>
  return { code, output, decision }
}

describe.skipIf(missing !== null && process.env.CI !== 'true')('the Ansible playbooks', () => {
  it('has what these tests need', () => {
    expect(missing).toBeNull()
  })

  it('every playbook passes ansible-playbook --syntax-check', async () => {
    const { stdout } = await run('bash', [CHECK], { env: ENV, timeout: 300_000 })
    for (const playbook of PLAYBOOKS) expect(stdout).toContain(`ansible-check: ./${playbook}: syntax OK`)
  })

  it("applies only this router's confirmed keys; a may-be-live key and one the CLI cannot take are reported by tunnel ID, no key printed", async () => {
    const { code, output, decision } = await decide()
    expect(decision).toEqual({ apply: ['confirmed'], may_be_live: ['maybe'], unsafe: ['quoted'] })
    expect(code).not.toBe(0)
    expect(output).toMatch(/Applied: confirmed\. Not applied, Cloudflare may never have taken it .*: maybe\..*: quoted\./s)
  })

  it('with apply_may_be_live the may-be-live key is applied too', async () => {
    const { decision } = await decide({ apply_may_be_live: true })
    expect(decision.apply).toEqual(['confirmed', 'maybe'])
  })
})
