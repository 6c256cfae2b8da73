// A Libreswan router (pluto) and a strongSwan daemon playing Cloudflare's edge, each in a network
// namespace of its own, joined by a veth pair with documentation addresses. IKE SAs only (this
// kernel may refuse IPsec SAs, which neither side needs to prove a PSK). Every tunnel of the
// router reaches the same edge address, as tunnels on Cloudflare's one anycast address do; the
// edge tells them apart by the router's IKE identity, as Cloudflare does.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const CHARON = '/usr/lib/ipsec/charon'
const EDGE_PLUGINS = 'random nonce openssl aes sha1 sha2 hmac kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici'
export const EDGE_ADDRESS = '192.0.2.1'
export const ROUTER_ADDRESS = '192.0.2.2'

/** Where Libreswan is: the system's, or the copy .ci/install-e2e-deps unpacks beside strongSwan. */
function libreswanRoot(): string | null {
  for (const root of ['/', '/opt/libreswan/']) if (existsSync(`${root}usr/libexec/ipsec/pluto`)) return root
  return null
}

/** Why these tests cannot run here, or null when they can. */
export async function missingCapability(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root, for network namespaces'
  if (!existsSync(CHARON)) return `needs strongSwan's charon (${CHARON}): bash .ci/install-e2e-deps`
  if (libreswanRoot() === null) return "needs Libreswan's pluto: bash .ci/install-e2e-deps"
  for (const command of ['swanctl', 'jq', 'ip', 'unshare', 'od', 'certutil', 'timeout', 'strace']) {
    try {
      await run('sh', ['-c', `command -v ${command}`])
    } catch {
      return `needs '${command}': bash .ci/install-e2e-deps`
    }
  }
  try {
    await run('ip', ['netns', 'list'])
  } catch {
    return 'needs network namespaces (ip netns)'
  }
  return null
}

/** One tunnel as the router has it configured: its connection and its own IKE identity. */
export interface RouterConnection {
  name: string
  /** The router's IKE ID for this tunnel, an FQDN without the leading @. */
  localId: string
}

export class LibreswanLab {
  private readonly edgeUri: string
  private readonly processes: ChildProcess[] = []

  private constructor(
    readonly dir: string,
    private readonly id: string,
  ) {
    this.edgeUri = `unix://${join(dir, 'edge', 'charon.vici')}`
  }

  get routerDir(): string {
    return join(this.dir, 'router')
  }

  /** Where the router step writes its secrets files (ipsec.secrets includes them). */
  get secretsDir(): string {
    return join(this.routerDir, 'ipsec.d')
  }

  /** The environment the ipsec command needs to reach this lab's pluto and its files. */
  get ipsecEnv(): Record<string, string> {
    const root = libreswanRoot() ?? '/'
    return {
      IPSEC: `${root}usr/sbin/ipsec`,
      IPSEC_EXECDIR: `${root}usr/libexec/ipsec`,
      IPSEC_SBINDIR: `${root}usr/sbin`,
      IPSEC_RUNDIR: join(this.routerDir, 'run'),
      IPSEC_CONF: join(this.routerDir, 'ipsec.conf'),
      IPSEC_CONFDDIR: this.secretsDir,
      IPSEC_NSSDIR: join(this.routerDir, 'nss'),
    }
  }

  /** Namespaces, link, the edge daemon and pluto with `connections`; removed again if any step fails. */
  static async start(connections: RouterConnection[]): Promise<LibreswanLab> {
    const id = `lsw${process.pid % 10_000}${Math.floor(Math.random() * 1000)}`
    const lab = new LibreswanLab(await mkdtemp(join(tmpdir(), 'libreswan-lab-')), id)
    try {
      await lab.createNetwork()
      await lab.startEdge()
      await lab.startRouter(connections)
      return lab
    } catch (error) {
      await lab.stop()
      throw error
    }
  }

  /** The ipsec command against the router's pluto. */
  ipsec(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    const env = this.ipsecEnv
    return run(env.IPSEC ?? 'ipsec', args, { env: { ...process.env, ...env }, timeout: 30_000 })
  }

  /** The edge holds, for the router identity `localId`, the PSK Cloudflare has for that tunnel. */
  async setEdgePsk(localId: string, psk: string): Promise<void> {
    const hex = Buffer.from(psk, 'utf8').toString('hex')
    await writeFile(
      join(this.dir, 'edge', 'conf.d', `${localId}.conf`),
      `secrets {\n  ike-${localId.replace(/\W/g, '-')} {\n    id = ${localId}\n    secret = 0x${hex}\n  }\n}\n`,
    )
    await this.swanctl('--load-creds', '--clear', '--file', join(this.dir, 'edge', 'swanctl.conf'))
  }

  /** What a previous router step left: the router's secrets file for a tunnel, read by pluto. */
  async setRouterPsk(tunnelId: string, localId: string, psk: string): Promise<void> {
    const hex = Buffer.from(psk, 'utf8').toString('hex')
    await writeFile(join(this.secretsDir, `cloudflare-psk-${tunnelId}.secrets`), `@${localId} ${EDGE_ADDRESS} : PSK 0x${hex}\n`, {
      mode: 0o600,
    })
    await this.ipsec('whack', '--rereadsecrets')
  }

  /** Serials of the connection's established IKE SAs, as pluto lists them. */
  async established(connection: string): Promise<number[]> {
    const { stdout } = await this.ipsec('whack', '--showstates')
    return stdout
      .split('\n')
      .filter((line) => line.includes(`"${connection}":`) && line.includes('STATE_V2_ESTABLISHED_IKE_SA'))
      .map((line) => Number(/#(\d+):/.exec(line)?.[1]))
  }

  /**
   * Whether the connection authenticates from scratch with the PSK the router holds now: its
   * IKE SA is replaced by a new one ('up'), or why not. Disruptive, so only for the end of a test.
   */
  async reauthenticates(connection: string): Promise<string> {
    await this.ipsec('whack', '--name', connection, '--terminate')
    try {
      const { stdout } = await this.ipsec('whack', '--name', connection, '--initiate')
      return /established IKE SA/.test(stdout) ? 'up' : `not up: ${stdout.split('\n').slice(-2).join(' ')}`
    } catch (error) {
      const output = `${(error as { stdout?: string }).stdout ?? ''}`
      return /AUTHENTICATION_FAILED/.test(output) ? 'AUTHENTICATION_FAILED' : `failed: ${output.split('\n').slice(-2).join(' ')}`
    }
  }

  async stop(): Promise<void> {
    for (const child of this.processes) child.kill('SIGTERM')
    for (let i = 0; i < 20 && this.processes.some((child) => child.exitCode === null && child.signalCode === null); i++)
      await new Promise((resolve) => setTimeout(resolve, 100))
    for (const child of this.processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    for (const side of ['e', 'r']) await run('ip', ['netns', 'delete', `${this.id}${side}`]).catch(() => undefined)
    await rm(this.dir, { recursive: true, force: true })
  }

  private swanctl(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run('swanctl', [...args, '--uri', this.edgeUri], {
      env: { ...process.env, STRONGSWAN_CONF: join(this.dir, 'swanctl-client.conf') },
    })
  }

  private async createNetwork(): Promise<void> {
    const ip = (...args: string[]) => run('ip', args)
    await ip('netns', 'add', `${this.id}e`)
    await ip('netns', 'add', `${this.id}r`)
    await ip('link', 'add', `${this.id}e`, 'type', 'veth', 'peer', 'name', `${this.id}r`)
    for (const [side, address] of [
      ['e', EDGE_ADDRESS],
      ['r', ROUTER_ADDRESS],
    ] as const) {
      const name = `${this.id}${side}`
      await ip('link', 'set', name, 'netns', name)
      await ip('-n', name, 'addr', 'add', `${address}/24`, 'dev', name)
      await ip('-n', name, 'link', 'set', name, 'up')
      await ip('-n', name, 'link', 'set', 'lo', 'up')
    }
  }

  /** Starts `command` in the side's namespace with a /run of its own, and waits for `ready`. */
  private async spawnIn(side: 'e' | 'r', command: string, env: Record<string, string>, ready: string): Promise<void> {
    const child = spawn(
      'ip',
      ['netns', 'exec', `${this.id}${side}`, 'unshare', '-m', 'sh', '-c', `mount -t tmpfs tmpfs /run && ${command}`],
      {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      },
    )
    this.processes.push(child)
    for (let i = 0; i < 100 && !existsSync(ready) && child.exitCode === null; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    if (!existsSync(ready)) throw new Error(`${command.split(' ').at(-1)} in namespace ${this.id}${side} did not create ${ready}`)
  }

  private async startEdge(): Promise<void> {
    const dir = join(this.dir, 'edge')
    await mkdir(join(dir, 'conf.d'), { recursive: true })
    await writeFile(join(this.dir, 'swanctl-client.conf'), 'swanctl {\n  load = pem pkcs1 x509 pubkey openssl random\n}\n')
    await writeFile(
      join(dir, 'strongswan.conf'),
      `charon {\n  load_modular = no\n  load = ${EDGE_PLUGINS}\n  install_routes = no\n  retransmit_tries = 2\n  retransmit_timeout = 1\n  retransmit_base = 1\n  plugins {\n    vici {\n      socket = ${this.edgeUri}\n    }\n  }\n}\n`,
    )
    await writeFile(
      join(dir, 'swanctl.conf'),
      `connections {
  cloudflare {
    version = 2
    local_addrs = ${EDGE_ADDRESS}
    remote_addrs = %any
    proposals = aes256-sha256-modp2048
    unique = never
    rekey_time = 0
    local {
      auth = psk
      id = ${EDGE_ADDRESS}
    }
    remote {
      auth = psk
      id = %any
    }
  }
}
include conf.d/*.conf
`,
    )
    await this.spawnIn('e', `exec ${CHARON}`, { STRONGSWAN_CONF: join(dir, 'strongswan.conf') }, this.edgeUri.slice('unix://'.length))
    await this.swanctl('--load-conns', '--file', join(dir, 'swanctl.conf'))
  }

  private async startRouter(connections: RouterConnection[]): Promise<void> {
    const env = this.ipsecEnv
    await mkdir(this.secretsDir, { recursive: true })
    await mkdir(env.IPSEC_RUNDIR ?? '', { recursive: true })
    await mkdir(env.IPSEC_NSSDIR ?? '', { recursive: true })
    const conn = ({ name, localId }: RouterConnection) =>
      `conn ${name}\n  left=${ROUTER_ADDRESS}\n  leftid=@${localId}\n  right=${EDGE_ADDRESS}\n  rightid=${EDGE_ADDRESS}\n  authby=secret\n  ikev2=yes\n  ike=aes256-sha2_256;modp2048\n  auto=add\n`
    await writeFile(env.IPSEC_CONF ?? '', `config setup\n  logappend=no\n\n${connections.map(conn).join('\n')}`)
    await writeFile(join(this.routerDir, 'ipsec.secrets'), `include ${this.secretsDir}/*.secrets\n`)
    await this.ipsec('initnss', '--nssdir', env.IPSEC_NSSDIR ?? '')
    const root = libreswanRoot() ?? '/'
    // pluto runs its helpers from the compiled-in /usr/libexec/ipsec: an unpacked copy is bound there, in pluto's mount namespace only.
    const bind = root === '/' ? '' : `mount --bind ${root}usr/libexec /usr/libexec && `
    const pluto = [
      `${bind}exec ${env.IPSEC_EXECDIR}/pluto --nofork --stderrlog`,
      `--config ${env.IPSEC_CONF} --rundir ${env.IPSEC_RUNDIR} --nssdir ${env.IPSEC_NSSDIR}`,
      `--secretsfile ${join(this.routerDir, 'ipsec.secrets')} --ipsecdir ${this.secretsDir}`,
    ].join(' ')
    await this.spawnIn('r', pluto, {}, join(env.IPSEC_RUNDIR ?? '', 'pluto.ctl'))
    // pluto opens its control socket before it has read the connections: wait until it lists them all.
    for (let i = 0; i < 50; i++) {
      const { stdout } = await this.ipsec('whack', '--status').catch(() => ({ stdout: '' }))
      if (connections.every(({ name }) => stdout.includes(`"${name}":`))) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('pluto did not load the lab connections')
  }
}
