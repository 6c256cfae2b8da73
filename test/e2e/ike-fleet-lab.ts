// Router hosts with two uplinks each, every uplink a veth pair to a bridge in the namespace of a
// strongSwan daemon playing Cloudflare's edge on an address of its own (one address an uplink,
// shared by every host, as Cloudflare's anycast endpoints are), and any number of tunnels over
// them: each a swanctl connection on its host with an IKE identity of its own, and a PSK on the
// edge bound to that identity, as Cloudflare's edge tells tunnels that share an endpoint apart.
// Each host is a charon of its own, in a namespace of its own, with its own swanctl folder. Each tunnel carries a CHILD_SA,
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

/** Uplink n: the edge's and the first router host's address on it, each uplink a /28 of its own. */
export const UPLINKS = [
  { edge: '192.0.2.1', router: '192.0.2.2' },
  { edge: '192.0.2.17', router: '192.0.2.18' },
] as const
/** Router hosts a lab can have: the addresses a /28 leaves after the edge's. */
const MAX_HOSTS = 12

/** Router host `host`'s address on uplink `uplink`: host 0 has UPLINKS' own, host k the k-th after it. */
export function routerAddress(host: number, uplink: number): string {
  const base = UPLINKS[uplink]?.router
  if (base === undefined || !Number.isInteger(host) || host < 0 || host >= MAX_HOSTS)
    throw new Error(`FleetLab: no host ${host} uplink ${uplink}`)
  const octets = base.split('.')
  return [...octets.slice(0, 3), String(Number(octets[3]) + host)].join('.')
}

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
  /** The router's IKE identity for the tunnel; its host's uplink address when left out. */
  localId?: string
  /** The router host it ends on; 0 when left out. Hosts are numbered from 0 without gaps. */
  host?: number
}

/** One IKE SA as `swanctl --list-sas` shows it. */
export interface SaView {
  connection: string
  /** charon's unique ID of the IKE SA. */
  id: string
  state: string
  localId: string
  remoteId: string
  localAddress: string
  /** It has a CHILD_SA installed: it carries traffic. */
  carriesTraffic: boolean
}

/** A tunnel at one instant: up (an ESTABLISHED IKE SA carrying traffic) on its router and on the edge, with their newest such SAs. */
export interface TunnelLink {
  router: string | null
  edge: string | null
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
    /** Each router host's charon, by host number. */
    readonly routers: Daemon[],
    readonly tunnels: LabTunnel[],
  ) {}

  /** The first router host's charon (the only one, unless tunnels name other hosts). */
  get router(): Daemon {
    return this.routers[0]!
  }

  static async start({ tunnels, makeBeforeBreak = false }: FleetLabOptions): Promise<FleetLab> {
    const hosts = Math.max(0, ...tunnels.map((tunnel) => tunnel.host ?? 0)) + 1
    for (let host = 0; host < hosts; host++) routerAddress(host, 0)
    const id = `flt${process.pid % 10_000}${Math.floor(Math.random() * 1000)}`
    const dir = await mkdtemp(join(tmpdir(), 'ike-fleet-lab-'))
    await FleetLab.removeNetwork(id, hosts)
    const ip = (...args: string[]) => run('ip', args)
    const edgeNs = `${id}e`
    const daemons: Daemon[] = []
    const stopDaemons = async () => {
      for (const daemon of daemons) daemon.process.kill('SIGKILL')
    }
    try {
      await ip('netns', 'add', edgeNs)
      for (const [n, uplink] of UPLINKS.entries()) {
        // One bridge an uplink holds the edge's address; every host's uplink n is a port of it.
        await ip('-n', edgeNs, 'link', 'add', `${id}b${n}`, 'type', 'bridge')
        await ip('-n', edgeNs, 'addr', 'add', `${uplink.edge}/28`, 'dev', `${id}b${n}`)
        await ip('-n', edgeNs, 'link', 'set', `${id}b${n}`, 'up')
      }
      for (let host = 0; host < hosts; host++) {
        const hostNs = FleetLab.hostNamespace(id, host)
        await ip('netns', 'add', hostNs)
        for (const n of UPLINKS.keys()) {
          const [edgeSide, routerSide] = [`${id}e${host}${n}`, `${id}r${host}${n}`]
          await ip('link', 'add', edgeSide, 'type', 'veth', 'peer', 'name', routerSide)
          await ip('link', 'set', edgeSide, 'netns', edgeNs)
          await ip('-n', edgeNs, 'link', 'set', edgeSide, 'master', `${id}b${n}`)
          await ip('-n', edgeNs, 'link', 'set', edgeSide, 'up')
          await ip('link', 'set', routerSide, 'netns', hostNs)
          await ip('-n', hostNs, 'addr', 'add', `${routerAddress(host, n)}/28`, 'dev', routerSide)
          await ip('-n', hostNs, 'link', 'set', routerSide, 'up')
        }
        await ip('-n', hostNs, 'link', 'set', 'lo', 'up')
      }
      await ip('-n', edgeNs, 'link', 'set', 'lo', 'up')
      for (const [index, tunnel] of tunnels.entries()) {
        await ip('-n', edgeNs, 'addr', 'add', `${insideAddresses(index).edge}/32`, 'dev', 'lo')
        await ip('-n', FleetLab.hostNamespace(id, tunnel.host ?? 0), 'addr', 'add', `${insideAddresses(index).router}/32`, 'dev', 'lo')
      }
      const plugins = 'kernel-libipsec'
      daemons.push(await startDaemon(join(dir, 'edge'), edgeNs, { plugins }))
      for (let host = 0; host < hosts; host++) {
        daemons.push(
          await startDaemon(join(dir, host === 0 ? 'router' : `router-${host}`), FleetLab.hostNamespace(id, host), {
            plugins,
            settings: `  make_before_break = ${makeBeforeBreak ? 'yes' : 'no'}`,
          }),
        )
      }
    } catch (error) {
      await stopDaemons()
      await FleetLab.removeNetwork(id, hosts)
      await rm(dir, { recursive: true, force: true })
      throw error
    }
    const [edge, ...routers] = daemons
    const lab = new FleetLab(dir, id, edge!, routers, tunnels)
    try {
      await writeFile(join(dir, 'swanctl-client.conf'), 'swanctl {\n  load = pem pkcs1 x509 pubkey openssl random\n}\n')
      await lab.configure()
    } catch (error) {
      await lab.stop()
      throw error
    }
    return lab
  }

  /** The environment swanctl (and the router step) needs to reach one daemon of the lab. */
  get clientConf(): string {
    return join(this.dir, 'swanctl-client.conf')
  }

  swanctl(daemon: Daemon, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run('swanctl', [...args, '--uri', daemon.uri], { env: { ...process.env, STRONGSWAN_CONF: this.clientConf } })
  }

  /** The router host's charon that tunnel `index` ends on. */
  hostOf(index: number): Daemon {
    return this.routers[this.tunnel(index).host ?? 0]!
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
    const { stdout } = await this.swanctl(this.hostOf(index), '--list-sas', '--noblock', '--ike', connection).catch(() => ({ stdout: '' }))
    const line = new RegExp(`^${connection.replace(/[^A-Za-z0-9_-]/g, '\\$&')}: #(\\d+), ESTABLISHED`, 'gm')
    return [...stdout.matchAll(line)].map((match) => match[1] ?? '')
  }

  /** Whether tunnel `index` has its CHILD_SA installed on the router. */
  async carriesTraffic(index: number): Promise<boolean> {
    const { stdout } = await this.swanctl(this.hostOf(index), '--list-sas', '--noblock', '--ike', this.tunnel(index).connection).catch(
      () => ({
        stdout: '',
      }),
    )
    return /^ {2}traffic: #\d+, reqid \d+, INSTALLED/m.test(stdout)
  }

  /** A fresh IKE SA for tunnel `index` with the PSK the router holds now, beside any that is up. */
  async probe(index: number): Promise<string> {
    try {
      await this.swanctl(this.hostOf(index), '--initiate', '--ike', `probe-${index}`, '--timeout', '5')
      await this.swanctl(this.hostOf(index), '--terminate', '--ike', `probe-${index}`, '--timeout', '5').catch(() => undefined)
      return 'up'
    } catch (error) {
      const output = `${(error as { stdout?: string }).stdout ?? ''}`
      return /AUTHENTICATION_FAILED/.test(output) ? 'AUTHENTICATION_FAILED' : `failed: ${output.split('\n').slice(-2).join(' ')}`
    }
  }

  /** Every IKE SA a daemon has now; none when it does not answer. */
  async sas(daemon: Daemon): Promise<SaView[]> {
    const { stdout } = await this.swanctl(daemon, '--list-sas', '--noblock').catch(() => ({ stdout: '' }))
    return parseSas(stdout)
  }

  /**
   * Each tunnel now, in one look at every daemon: its newest IKE SA that is ESTABLISHED and carries
   * traffic on its router host, and on the edge (matched by the tunnel's identity and edge address).
   */
  async links(): Promise<TunnelLink[]> {
    const [edge, hosts] = await Promise.all([this.sas(this.edge), Promise.all(this.routers.map((daemon) => this.sas(daemon)))])
    const newest = (sas: SaView[]) =>
      sas
        .filter((sa) => sa.state === 'ESTABLISHED' && sa.carriesTraffic)
        .map((sa) => sa.id)
        .sort((a, b) => Number(a) - Number(b))
        .at(-1) ?? null
    return this.tunnels.map((tunnel) => ({
      router: newest(hosts[tunnel.host ?? 0]!.filter((sa) => sa.connection === tunnel.connection)),
      edge: newest(edge.filter((sa) => sa.remoteId === this.localId(tunnel) && sa.localAddress === UPLINKS[tunnel.uplink]!.edge)),
    }))
  }

  /** The files in a router host's conf.d. */
  async routerKeyFiles(host = 0): Promise<string[]> {
    return (await readdir(join(this.routers[host]!.dir, 'conf.d'))).sort()
  }

  /** What swanctl says when it loads a router host's whole configuration, as after a reboot. */
  async reloadRouter(host = 0): Promise<string> {
    const daemon = this.routers[host]!
    const { stdout, stderr } = await this.swanctl(daemon, '--load-all', '--noprompt', '--file', join(daemon.dir, 'swanctl.conf'))
    return stdout + stderr
  }

  async stop(): Promise<void> {
    const daemons = [this.edge, ...this.routers]
    for (const daemon of daemons) daemon.process.kill('SIGTERM')
    for (let i = 0; i < 20 && daemons.some((daemon) => daemon.process.exitCode === null && daemon.process.signalCode === null); i++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    for (const daemon of daemons) if (daemon.process.exitCode === null && daemon.process.signalCode === null) daemon.process.kill('SIGKILL')
    await FleetLab.removeNetwork(this.id, this.routers.length)
    await rm(this.dir, { recursive: true, force: true })
  }

  private tunnel(index: number): LabTunnel {
    const tunnel = this.tunnels[index]
    if (!tunnel) throw new Error(`FleetLab: no tunnel ${index}`)
    return tunnel
  }

  private localId(tunnel: LabTunnel): string {
    return tunnel.localId ?? routerAddress(tunnel.host ?? 0, tunnel.uplink)
  }

  /** Host 0 keeps the namespace name of the one-host lab. */
  private static hostNamespace(id: string, host: number): string {
    return host === 0 ? `${id}r` : `${id}r${host}`
  }

  private static async removeNetwork(id: string, hosts: number): Promise<void> {
    const namespaces = [`${id}e`, ...Array.from({ length: hosts }, (_, host) => FleetLab.hostNamespace(id, host))]
    for (const namespace of namespaces) await run('ip', ['netns', 'delete', namespace]).catch(() => undefined)
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
    local_addrs = ${routerAddress(tunnel.host ?? 0, tunnel.uplink)}
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
    for (const [host, daemon] of this.routers.entries()) {
      const connections = this.tunnels.flatMap((tunnel, index) =>
        (tunnel.host ?? 0) === host
          ? [
              connection(tunnel.connection, tunnel, 'aes256-sha256-modp2048', child(index)),
              connection(`probe-${index}`, tunnel, 'aes128-sha256-modp2048'),
            ]
          : [],
      )
      await writeFile(join(daemon.dir, 'swanctl.conf'), `connections {\n${connections.join('')}}\ninclude conf.d/*.conf\n`)
    }
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
    for (const daemon of this.routers) await this.swanctl(daemon, '--load-conns', '--file', join(daemon.dir, 'swanctl.conf'))
  }
}

/** `swanctl --list-sas` output, IKE SA by IKE SA. */
export function parseSas(text: string): SaView[] {
  const sas: SaView[] = []
  let sa: SaView | null = null
  for (const line of text.split('\n')) {
    const head = /^(\S+): #(\d+), ([A-Z_]+), /.exec(line)
    if (head) {
      sa = { connection: head[1]!, id: head[2]!, state: head[3]!, localId: '', remoteId: '', localAddress: '', carriesTraffic: false }
      sas.push(sa)
      continue
    }
    if (!sa) continue
    const local = /^ {2}local {2}'(.*)' @ ([^[\s]+)/.exec(line)
    if (local) [sa.localId, sa.localAddress] = [local[1]!, local[2]!]
    const remote = /^ {2}remote '(.*)' @ /.exec(line)
    if (remote) sa.remoteId = remote[1]!
    if (/^ {2}\S.*: #\d+, reqid \d+, INSTALLED/.test(line)) sa.carriesTraffic = true
  }
  return sas
}
