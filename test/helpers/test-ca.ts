// A private certificate authority made for one test, as companies run for their proxies and
// internal APIs: its certificate (for NODE_EXTRA_CA_CERTS) and a server certificate it signed.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface TestCa {
  /** The CA certificate's file, to put in NODE_EXTRA_CA_CERTS. */
  caFile: string
  /** The server's key and certificate (PEM), valid for 127.0.0.1, [::ffff:127.0.0.1] and localhost. */
  server: { key: string; cert: string }
  remove(): Promise<void>
}

export async function createTestCa(): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'test-ca-'))
  const file = (name: string) => join(dir, name)
  const remove = () => rm(dir, { recursive: true, force: true })
  try {
    const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
    await run('openssl', [
      'req',
      '-x509',
      ...key,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=Network Team Test CA',
    ])
    await run('openssl', ['req', ...key, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=fake-cloudflare'])
    await writeFile(file('server.ext'), 'subjectAltName = IP:127.0.0.1, IP:::ffff:127.0.0.1, DNS:localhost\n')
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('server.pem'),
      '-days',
      '1',
      '-extfile',
      file('server.ext'),
    ])
    const [serverKey, serverCert] = await Promise.all([readFile(file('server.key'), 'utf8'), readFile(file('server.pem'), 'utf8')])
    return { caFile: file('ca.pem'), server: { key: serverKey, cert: serverCert }, remove }
  } catch (error) {
    await remove()
    throw error
  }
}
