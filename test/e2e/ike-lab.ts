// Two real strongSwan charon daemons in network namespaces of their own, joined by a veth pair
// with documentation addresses: one plays Cloudflare's edge (IKE responder), one the customer's
// router. IKE SAs only: the PSK is what decides whether one comes up.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const CHARON = '/usr/lib/ipsec/charon'
export const EDGE_ADDRESS = '192.0.2.1'
export const ROUTER_ADDRESS = '192.0.2.2'
const PLUGINS = 'random nonce openssl aes sha1 sha2 hmac kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici'

/** Why these tests cannot run here, or null when they can. */
export async function missingCapability(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root, for network namespaces'
  if (!existsSync(CHARON)) return `needs strongSwan's charon (${CHARON}): apt-get install strongswan-charon strongswan-swanctl`
  for (const command of ['swanctl', 'jq', 'ip', 'unshare', 'od']) {
    try {
      await run('sh', ['-c', `command -v ${command}`])
    } catch {
      return `needs '${command}' (apt-get install strongswan-swanctl jq iproute2 util-linux)`
    }
  }
  try {
    await run('ip', ['netns', 'list'])
  } catch {
    return 'needs network namespaces (ip netns)'
  }
  return null
}

export interface Daemon {
  dir: string
  uri: string
  process: ChildProcess
}

export class IkeLab {
  private constructor(
    readonly dir: string,
    private readonly id: string,
    readonly edge: Daemon,
    readonly router: Daemon,
  ) {}

  /** Namespaces, link, both daemons; `connection` is the router's name for the one tunnel. */
  static async start(connection: string): Promise<IkeLab> {
    const id = `psk${process.pid % 10_000}${Math.floor(Math.random() * 1000)}`
    const dir = await mkdtemp(join(tmpdir(), 'ike-lab-'))
    await IkeLab.removeNetwork(id)
    const ip = (...args: string[]) => run('ip', args)
    await ip('netns', 'add', `${id}e`)
    await ip('netns', 'add', `${id}r`)
    await ip('link', 'add', `${id}e`, 'type', 'veth', 'peer', 'name', `${id}r`)
    for (const [side, address] of [
      ['e', EDGE_ADDRESS],
      ['r', ROUTER_ADDRESS],
    ] as const) {
      await ip('link', 'set', `${id}${side}`, 'netns', `${id}${side}`)
      await ip('-n', `${id}${side}`, 'addr', 'add', `${address}/24`, 'dev', `${id}${side}`)
      await ip('-n', `${id}${side}`, 'link', 'set', `${id}${side}`, 'up')
      await ip('-n', `${id}${side}`, 'link', 'set', 'lo', 'up')
    }
    const edge = await startDaemon(join(dir, 'edge'), `${id}e`)
    const router = await startDaemon(join(dir, 'router'), `${id}r`)
    const lab = new IkeLab(dir, id, edge, router)
    await writeFile(join(dir, 'swanctl-client.conf'), 'swanctl {\n  load = pem pkcs1 x509 pubkey openssl random\n}\n')
    await lab.configure(connection)
    return lab
  }

  /** swanctl against one daemon, with a client configuration that loads no extra plugins. */
  swanctl(daemon: Daemon, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run('swanctl', [...args, '--uri', daemon.uri], {
      env: { ...process.env, STRONGSWAN_CONF: join(this.dir, 'swanctl-client.conf') },
    })
  }

  /** The edge always holds the PSK Cloudflare has for the tunnel. */
  async setEdgePsk(psk: string): Promise<void> {
    const hex = Buffer.from(psk, 'utf8').toString('hex')
    await writeFile(
      join(this.edge.dir, 'conf.d', 'psk.conf'),
      `secrets {\n  ike-edge {\n    id = ${EDGE_ADDRESS}\n    secret = 0x${hex}\n  }\n}\n`,
    )
    await this.swanctl(this.edge, '--load-creds', '--clear', '--file', join(this.edge.dir, 'swanctl.conf'))
  }

  async established(daemon: Daemon, connection: string): Promise<string[]> {
    const { stdout } = await this.swanctl(daemon, '--list-sas', '--ike', connection).catch(() => ({ stdout: '' }))
    return [...stdout.matchAll(new RegExp(`^${connection}: #(\\d+), ESTABLISHED`, 'gm'))].map((match) => match[1] ?? '')
  }

  /** A fresh IKE SA from the router with the PSK it holds now, beside any that is up: 'up' or why not. */
  async probe(): Promise<string> {
    try {
      await this.swanctl(this.router, '--initiate', '--ike', 'probe', '--timeout', '5')
      await this.swanctl(this.router, '--terminate', '--ike', 'probe', '--timeout', '5').catch(() => undefined)
      return 'up'
    } catch (error) {
      const output = `${(error as { stdout?: string }).stdout ?? ''}`
      return /AUTHENTICATION_FAILED/.test(output) ? 'AUTHENTICATION_FAILED' : `failed: ${output.split('\n').slice(-2).join(' ')}`
    }
  }

  async stop(): Promise<void> {
    for (const daemon of [this.edge, this.router]) daemon.process.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const daemon of [this.edge, this.router]) if (daemon.process.exitCode === null) daemon.process.kill('SIGKILL')
    await IkeLab.removeNetwork(this.id)
    await rm(this.dir, { recursive: true, force: true })
  }

  private static async removeNetwork(id: string): Promise<void> {
    for (const namespace of [`${id}e`, `${id}r`]) await run('ip', ['netns', 'delete', namespace]).catch(() => undefined)
  }

  private async configure(connection: string): Promise<void> {
    const ike = (name: string, proposals: string) => `  ${name} {
    version = 2
    local_addrs = ${ROUTER_ADDRESS}
    remote_addrs = ${EDGE_ADDRESS}
    proposals = ${proposals}
    rekey_time = 0
    local {
      auth = psk
      id = ${ROUTER_ADDRESS}
    }
    remote {
      auth = psk
      id = ${EDGE_ADDRESS}
    }
  }
`
    // The probe differs only in its proposal, so charon does not reuse the tunnel's IKE SA for it.
    await writeFile(
      join(this.router.dir, 'swanctl.conf'),
      `connections {\n${ike(connection, 'aes256-sha256-modp2048')}${ike('probe', 'aes128-sha256-modp2048')}}\ninclude conf.d/*.conf\n`,
    )
    await writeFile(
      join(this.edge.dir, 'swanctl.conf'),
      `connections {
  cloudflare {
    version = 2
    local_addrs = ${EDGE_ADDRESS}
    remote_addrs = %any
    proposals = aes256-sha256-modp2048, aes128-sha256-modp2048
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
    await this.swanctl(this.edge, '--load-conns', '--file', join(this.edge.dir, 'swanctl.conf'))
    await this.swanctl(this.router, '--load-conns', '--file', join(this.router.dir, 'swanctl.conf'))
  }
}

/** A charon in `namespace` with its own vici socket under `dir`; more plugins go before kernel-netlink. */
export async function startDaemon(dir: string, namespace: string, more: { plugins?: string; settings?: string } = {}): Promise<Daemon> {
  await mkdir(join(dir, 'conf.d'), { recursive: true })
  const socket = join(dir, 'charon.vici')
  const config = join(dir, 'strongswan.conf')
  await writeFile(
    config,
    `charon {
  load_modular = no
  load = ${more.plugins ? PLUGINS.replace('kernel-netlink', `${more.plugins} kernel-netlink`) : PLUGINS}
  install_routes = no
  retransmit_tries = 2
  retransmit_timeout = 1
  retransmit_base = 1
${more.settings ?? ''}
  plugins {
    vici {
      socket = unix://${socket}
    }
  }
}
`,
  )
  // A mount namespace with its own /run, so the two daemons' pid files do not collide.
  const child = spawn('ip', ['netns', 'exec', namespace, 'unshare', '-m', 'sh', '-c', `mount -t tmpfs tmpfs /run && exec ${CHARON}`], {
    env: { ...process.env, STRONGSWAN_CONF: config },
    stdio: 'ignore',
  })
  for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 100))
  if (!existsSync(socket)) throw new Error(`charon in ${namespace} did not open ${socket}`)
  return { dir, uri: `unix://${socket}`, process: child }
}
