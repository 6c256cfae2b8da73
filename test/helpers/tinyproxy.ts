// A real forward proxy on 127.0.0.1, as corporate networks put in front of self-hosted runners:
// tinyproxy from Debian, its configuration and log in a temporary folder of its own.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

export const TINYPROXY = '/usr/bin/tinyproxy'
const STARTUP_POLLS = 100
const POLL_MS = 50

export interface TinyproxyOptions {
  /** Refuse every client (tinyproxy's `Deny`): it answers 403 to each request. */
  refuseAll?: boolean
}

export class Tinyproxy {
  private constructor(
    private readonly dir: string,
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static available(): boolean {
    return existsSync(TINYPROXY)
  }

  static async start(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
    const dir = await mkdtemp(join(tmpdir(), 'tinyproxy-'))
    try {
      const port = await freeLoopbackPort()
      const logFile = join(dir, 'tinyproxy.log')
      await writeFile(
        join(dir, 'tinyproxy.conf'),
        [
          `Port ${port}`,
          'Listen 127.0.0.1',
          'Timeout 30',
          `LogFile "${logFile}"`,
          'LogLevel Connect',
          'MaxClients 20',
          options.refuseAll ? 'Deny 127.0.0.1' : 'Allow 127.0.0.1',
          'DisableViaHeader Yes',
          '',
        ].join('\n'),
      )
      // -d: in the foreground, so the test owns the process and ends it.
      const child = spawn(TINYPROXY, ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: 'ignore' })
      const proxy = new Tinyproxy(dir, child, port)
      await proxy.waitUntilListening()
      return proxy
    } catch (error) {
      await rm(dir, { recursive: true, force: true })
      throw error
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async log(): Promise<string> {
    return readFile(join(this.dir, 'tinyproxy.log'), 'utf8').catch(() => '')
  }

  /** The request lines tinyproxy logged, e.g. `CONNECT [::ffff:7f00:1]:443 HTTP/1.1`. */
  async requests(): Promise<string[]> {
    const log = await this.log()
    return [...log.matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((match) => match[1]!)
  }

  /** Whether tinyproxy logged refusing a client. */
  async refusedAny(): Promise<boolean> {
    return /Unauthorized connection from "127\.0\.0\.1"/.test(await this.log())
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      this.child.kill('SIGTERM')
      await exited
    }
    await rm(this.dir, { recursive: true, force: true })
  }

  private async waitUntilListening(): Promise<void> {
    for (let poll = 0; poll < STARTUP_POLLS; poll++) {
      if (this.child.exitCode !== null) throw new Error(`tinyproxy exited with status ${this.child.exitCode} on start`)
      if (await accepts(this.port)) return
      await delay(POLL_MS)
    }
    await this.stop()
    throw new Error(`tinyproxy did not listen on 127.0.0.1:${this.port} within ${(STARTUP_POLLS * POLL_MS) / 1000} s`)
  }
}

/** A port nothing listens on right now: bound to port 0, then let go. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
