// A router host with two uplinks, each a veth pair to a strongSwan daemon playing Cloudflare's
// edge on an address of its own, and any number of tunnels over them: each a swanctl connection
// on the router with an IKE identity of its own, and a PSK on the edge bound to that identity,
// as Cloudflare's edge tells tunnels that share an endpoint apart. Each tunnel carries a CHILD_SA,
// as a real one does (charon re-authenticates only IKE SAs that have one), with ESP in user space
// (kernel-libipsec over a TUN device), so the lab needs no kernel IPsec.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startDaemon, type Daemon } from './ike-lab.js'

const run = promisify(execFile)

/** Uplink n: the edge's and the router's address on it, each uplink a /28 of its own. */
export const UPLINKS = [
  { edge: '192.0.2.1', router: '192.0.2.2' },
  { edge: '192.0.2.17', router: '192.0.2.18' },
] as const

const LIBIPSEC = '/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so'

/** What this lab needs beyond the single-tunnel one, or null. */
export function missingFleetCapability(): string | null {
  if (!existsSync(LIBIPSEC)) return `needs strongSwan's kernel-libipsec plugin (${LIBIPSEC}): apt-get install libcharon-extra-plugins`
  if (!existsSync('/dev/net/tun')) return 'needs /dev/net/tun, for kernel-libipsec'
  return null
}

/** The addresses tunnel `index`'s CHILD_SA connects: one on the edge, one on the router. */
const insideAddresses = (index: number) => ({ edge: `10.1.${index}.1`, router: `10.2.${index}.1` })

export interface LabTunnel {
  /** The router's swanctl connection for the tunnel. */
  connection: string
  /** Index into UPLINKS. */
  uplink: number
  /** The router's IKE identity for the tunnel; its uplink address when left out. */
  localId?: string
}

export interface FleetLabOptions {
  tunnels: LabTunnel[]
  /** charon's `make_before_break` on the router. */
  makeBeforeBreak?: boolean
}

export class FleetLab {
  private constructor(
    readonly dir: string,
    private readonly id: string,
    readonly edge: Daemon,
    readonly router: Daemon,
    readonly tunnels: LabTunnel[],
  ) {}

  static async start({ tunnels, makeBeforeBreak = false }: FleetLabOptions): Promise<FleetLab> {
    const id = `flt${process.pid % 10_000}${Math.floor(Math.random() * 1000)}`
    const dir = await mkdtemp(join(tmpdir(), 'ike-fleet-lab-'))
    await FleetLab.removeNetwork(id)
    const ip = (...args: string[]) => run('ip', args)
    try {
      await ip('netns', 'add', `${id}e`)
      await ip('netns', 'add', `${id}r`)
      for (const [n, uplink] of UPLINKS.entries()) {
        await ip('link', 'add', `${id}e${n}`, 'type', 'veth', 'peer', 'name', `${id}r${n}`)
        for (const [side, address] of [
          ['e', uplink.edge],
          ['r', uplink.router],
        ] as const) {
          const link = `${id}${side}${n}`
          await ip('link', 'set', link, 'netns', `${id}${side}`)
          await ip('-n', `${id}${side}`, 'addr', 'add', `${address}/28`, 'dev', link)
          await ip('-n', `${id}${side}`, 'link', 'set', link, 'up')
        }
      }
      for (const side of ['e', 'r']) await ip('-n', `${id}${side}`, 'link', 'set', 'lo', 'up')
      for (const index of tunnels.keys()) {
        await ip('-n', `${id}e`, 'addr', 'add', `${insideAddresses(index).edge}/32`, 'dev', 'lo')
        await ip('-n', `${id}r`, 'addr', 'add', `${insideAddresses(index).router}/32`, 'dev', 'lo')
      }
    } catch (error) {
      await FleetLab.removeNetwork(id)
      await rm(dir, { recursive: true, force: true })
      throw error
    }
    const plugins = 'kernel-libipsec'
    const edge = await startDaemon(join(dir, 'edge'), `${id}e`, { plugins })
    const router = await startDaemon(join(dir, 'router'), `${id}r`, {
      plugins,
      settings: `  make_before_break = ${makeBeforeBreak ? 'yes' : 'no'}`,
    })
    const lab = new FleetLab(dir, id, edge, router, tunnels)
    await writeFile(join(dir, 'swanctl-client.conf'), 'swanctl {\n  load = pem pkcs1 x509 pubkey openssl random\n}\n')
    await lab.configure()
    return lab
  }

  /** The environment swanctl (and the router step) needs to reach one daemon of the lab. */
  get clientConf(): string {
    return join(this.dir, 'swanctl-client.conf')
  }

  swanctl(daemon: Daemon, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run('swanctl', [...args, '--uri', daemon.uri], { env: { ...process.env, STRONGSWAN_CONF: this.clientConf } })
  }

  /** The edge holds the PSK Cloudflare has for tunnel `index`, bound to that tunnel's identity. */
  async setEdgePsk(index: number, psk: string): Promise<void> {
    const hex = Buffer.from(psk, 'utf8').toString('hex')
    const tunnel = this.tunnel(index)
    const file = `secrets {\n  ike-tunnel-${index} {\n    id-router = "${this.localId(tunnel)}"\n    id-edge = ${UPLINKS[tunnel.uplink]!.edge}\n    secret = 0x${hex}\n  }\n}\n`
    await writeFile(join(this.edge.dir, 'conf.d', `psk-${index}.conf`), file)
    await this.swanctl(this.edge, '--load-creds', '--file', join(this.edge.dir, 'swanctl.conf'))
  }

  /** The router's ESTABLISHED IKE SAs of tunnel `index`, by unique ID. */
  async established(index: number): Promise<string[]> {
    const connection = this.tunnel(index).connection
    const { stdout } = await this.swanctl(this.router, '--list-sas', '--noblock', '--ike', connection).catch(() => ({ stdout: '' }))
    const line = new RegExp(`^${connection.replace(/[^A-Za-z0-9_-]/g, '\\$&')}: #(\\d+), ESTABLISHED`, 'gm')
    return [...stdout.matchAll(line)].map((match) => match[1] ?? '')
  }

  /** Whether tunnel `index` has its CHILD_SA installed on the router. */
  async carriesTraffic(index: number): Promise<boolean> {
    const { stdout } = await this.swanctl(this.router, '--list-sas', '--noblock', '--ike', this.tunnel(index).connection).catch(() => ({
      stdout: '',
    }))
    return /^ {2}traffic: #\d+, reqid \d+, INSTALLED/m.test(stdout)
  }

  /** A fresh IKE SA for tunnel `index` with the PSK the router holds now, beside any that is up. */
  async probe(index: number): Promise<string> {
    try {
      await this.swanctl(this.router, '--initiate', '--ike', `probe-${index}`, '--timeout', '5')
      await this.swanctl(this.router, '--terminate', '--ike', `probe-${index}`, '--timeout', '5').catch(() => undefined)
      return 'up'
    } catch (error) {
      const output = `${(error as { stdout?: string }).stdout ?? ''}`
      return /AUTHENTICATION_FAILED/.test(output) ? 'AUTHENTICATION_FAILED' : `failed: ${output.split('\n').slice(-2).join(' ')}`
    }
  }

  /** The files in the router's conf.d. */
  async routerKeyFiles(): Promise<string[]> {
    return (await readdir(join(this.router.dir, 'conf.d'))).sort()
  }

  /** What swanctl says when it loads the router's whole configuration, as after a reboot. */
  async reloadRouter(): Promise<string> {
    const { stdout, stderr } = await this.swanctl(this.router, '--load-all', '--noprompt', '--file', join(this.router.dir, 'swanctl.conf'))
    return stdout + stderr
  }

  async stop(): Promise<void> {
    for (const daemon of [this.edge, this.router]) daemon.process.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const daemon of [this.edge, this.router]) if (daemon.process.exitCode === null) daemon.process.kill('SIGKILL')
    await FleetLab.removeNetwork(this.id)
    await rm(this.dir, { recursive: true, force: true })
  }

  private tunnel(index: number): LabTunnel {
    const tunnel = this.tunnels[index]
    if (!tunnel) throw new Error(`FleetLab: no tunnel ${index}`)
    return tunnel
  }

  private localId(tunnel: LabTunnel): string {
    return tunnel.localId ?? UPLINKS[tunnel.uplink]!.router
  }

  private static async removeNetwork(id: string): Promise<void> {
    for (const namespace of [`${id}e`, `${id}r`]) await run('ip', ['netns', 'delete', namespace]).catch(() => undefined)
  }

  private async configure(): Promise<void> {
    // No MOBIKE: with the edge announcing both its addresses, an address event could move an IKE SA to the other uplink.
    // Each probe differs from its tunnel only in its proposal, so charon does not reuse the tunnel's IKE SA for it.
    const child = (index: number) => `    children {
      traffic {
        local_ts = ${insideAddresses(index).router}/32
        remote_ts = ${insideAddresses(index).edge}/32
        rekey_time = 0
      }
    }
`
    const connection = (name: string, tunnel: LabTunnel, proposals: string, children = '') => `  ${name} {
    version = 2
    local_addrs = ${UPLINKS[tunnel.uplink]!.router}
    remote_addrs = ${UPLINKS[tunnel.uplink]!.edge}
    proposals = ${proposals}
    rekey_time = 0
    mobike = no
    local {
      auth = psk
      id = "${this.localId(tunnel)}"
    }
    remote {
      auth = psk
      id = ${UPLINKS[tunnel.uplink]!.edge}
    }
${children}  }
`
    const connections = this.tunnels.flatMap((tunnel, index) => [
      connection(tunnel.connection, tunnel, 'aes256-sha256-modp2048', child(index)),
      connection(`probe-${index}`, tunnel, 'aes128-sha256-modp2048'),
    ])
    await writeFile(join(this.router.dir, 'swanctl.conf'), `connections {\n${connections.join('')}}\ninclude conf.d/*.conf\n`)
    await writeFile(
      join(this.edge.dir, 'swanctl.conf'),
      `connections {
  cloudflare {
    version = 2
    local_addrs = ${UPLINKS.map((uplink) => uplink.edge).join(', ')}
    remote_addrs = %any
    proposals = aes256-sha256-modp2048, aes128-sha256-modp2048
    unique = never
    rekey_time = 0
    mobike = no
    local {
      auth = psk
    }
    remote {
      auth = psk
      id = %any
    }
    children {
      traffic {
        local_ts = 10.1.0.0/16
        remote_ts = 10.2.0.0/16
        rekey_time = 0
      }
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
