// Serves the fake Cloudflare API on a fixed loopback port until killed, for the workflow's
// self-test job (`uses: ./` against it). Usage: tsx test/fake-server.ts [port]
import { FakeCloudflare } from './fakes/cloudflare.js'

const port = Number(process.argv[2] ?? 8787)
const cloudflare = await FakeCloudflare.start({
  port,
  tunnels: ['branch_1', 'branch_2', 'branch_3', 'dc_fra'].map((name) => ({ name, lastGeneratedOn: '2025-01-01T00:00:00Z' })),
})
console.log(`Fake Cloudflare API listening on ${cloudflare.baseUrl} (account ${cloudflare.accountId})`)
const stop = () => void cloudflare.stop().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
