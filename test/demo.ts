// `npm run demo`: runs the bundled action against the loopback fake Cloudflare API with a few
// sample tunnels, and prints the step's log, outputs and job summary. No account needed.
// Extra `--input=value` arguments override the action's inputs, e.g. `npm run demo -- --mode=set`.
import { DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { runAction } from './helpers/run-action.js'

const DAY = 86_400_000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().replace(/\.\d+Z$/, 'Z')

const overrides = Object.fromEntries(
  process.argv.slice(2).map((argument) => {
    const match = /^--([a-z-]+)=(.*)$/s.exec(argument)
    if (!match) throw new Error(`Arguments look like --input-name=value, got '${argument}'.`)
    return [match[1]!, match[2]!]
  }),
)

const cloudflare = await FakeCloudflare.start({
  latencyMs: 30,
  tunnels: [
    { name: 'branch_berlin', lastGeneratedOn: daysAgo(140) },
    { name: 'branch_lisbon', lastGeneratedOn: daysAgo(97) },
    { name: 'branch_oslo', lastGeneratedOn: daysAgo(12) },
    { name: 'dc_frankfurt', lastGeneratedOn: null },
    { name: 'dc_amsterdam', lastGeneratedOn: daysAgo(365) },
  ],
})

try {
  const inputs = {
    'account-id': cloudflare.accountId,
    'api-token': DEFAULT_API_TOKEN,
    'api-base-url': cloudflare.baseUrl,
    'tunnel-names': 'branch_*\ndc_*',
    'max-age': '90d',
    ...overrides,
  }
  console.log(`Fake Cloudflare API on ${cloudflare.baseUrl} with ${cloudflare.tunnels.length} tunnels.`)
  console.log(`Inputs: ${JSON.stringify({ ...inputs, 'api-token': '***' })}\n`)
  const result = await runAction({ inputs })

  section('Step log (what the runner shows; ::add-mask:: lines hide each secret from then on)')
  process.stdout.write(result.stdout)
  if (result.stderr) process.stdout.write(result.stderr)
  section('Step outputs (psks is masked in real logs)')
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${value}`)
  section('Job summary')
  console.log(summaryAsText(result.summary))
  console.log(`\nExit code ${result.exitCode}; ${cloudflare.requests.length} Cloudflare requests; ${Math.round(result.durationMs)} ms.`)
  process.exitCode = result.exitCode
} finally {
  await cloudflare.stop()
}

function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 76 - title.length))}`)
}

/** The summary is HTML for the GitHub UI; a terminal reads it better as rows of cells. */
function summaryAsText(html: string): string {
  return html
    .replace(/<\/t[hd]>\s*<t[hd]>/g, ' | ')
    .replace(/<\/tr>/g, '\n')
    .replace(/<h\d>(.*?)<\/h\d>/g, '$1\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#124;/g, '|')
    .replace(/&amp;/g, '&')
    .trim()
}
