import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HandoverFiles } from '../src/handover.js'
import { LivePsks } from '../src/live-psks.js'
import { describe, expect, it } from 'vitest'
import { formatAge, formatDuration } from '../src/durations.js'
import { handOverPsks, outputsTooLargeForEnv, writeOutputs, writeSummary } from '../src/report.js'
import { recordingSummary } from './helpers/summary-recorder.js'
import type { TunnelResult } from '../src/rotation.js'
import { tunnelOf } from './helpers/tunnels.js'

const NOW = Date.parse('2026-06-01T12:00:00Z')

function result(overrides: Partial<TunnelResult>): TunnelResult {
  return {
    id: 'a'.repeat(32),
    name: 'branch_1',
    status: 'rotated',
    previousGeneratedOn: '2026-03-01T12:00:00Z',
    lastGeneratedOn: '2026-06-01T11:59:30Z',
    ipsecId: null,
    router: tunnelOf('branch_1').router,
    routerKey: null,
    secretName: null,
    error: null,
    reason: null,
    wave: null,
    verdict: null,
    ...overrides,
  }
}

describe('formatDuration and formatAge', () => {
  it.each([
    [30_000, 'under 1 min'],
    [5 * 60_000, '5 min'],
    [119 * 60_000, '119 min'],
    [3 * 3_600_000, '3 h'],
    [47 * 3_600_000, '47 h'],
    [92 * 86_400_000, '92 d'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
  it('is unknown without a timestamp', () => {
    expect(formatAge(null, NOW)).toBe('unknown')
    expect(formatAge('garbage', NOW)).toBe('unknown')
    expect(formatAge('2026-03-01T12:00:00Z', NOW)).toBe('92 d')
  })
})

describe('writeSummary', () => {
  it('escapes names and errors, and shows the secret column only when secrets were written', async () => {
    const { sink, parts } = recordingSummary()
    await writeSummary(
      sink,
      { mode: 'set', validateOnly: false, maxAgeMs: null, maxTunnels: null, stagger: 'customer-endpoint', verifyTimeoutMs: 600_000 },
      [result({ name: '<img src=x>|pipe', status: 'failed', error: 'Cloudflare said <nope> & "no"' })],
      NOW,
    )
    const table = parts[2]!
    expect(table).toContain('&lt;img src=x&gt;&#124;pipe')
    expect(table).toContain('Cloudflare said &lt;nope&gt; &amp; \\"no\\"')
    expect(table).not.toContain('Secret')

    const withSecrets = recordingSummary()
    await writeSummary(
      withSecrets.sink,
      { mode: 'generate', validateOnly: true, maxTunnels: 10, stagger: 'none', verifyTimeoutMs: 600_000, maxAgeMs: 86_400_000 * 90 },
      [result({ status: 'validated', secretName: 'IPSEC_PSK_BRANCH_1' })],
      NOW,
    )
    expect(withSecrets.parts[1]).toContain('validate-only: nothing was changed · max-age 90 d')
    expect(withSecrets.parts[2]).toContain('<code>IPSEC_PSK_BRANCH_1</code>')
  })
})

function livePsksOf(psks: Record<string, string>): LivePsks {
  const live = new LivePsks()
  for (const [id, psk] of Object.entries(psks)) live.live(id, psk)
  return live
}

describe('writeOutputs', () => {
  it('writes results without PSKs and the PSKs separately', () => {
    const outputs = new Map<string, string>()
    writeOutputs(
      { setOutput: (name, value) => outputs.set(name, value) },
      [result({}), result({ id: 'b'.repeat(32), status: 'skipped' })],
      livePsksOf({ ['a'.repeat(32)]: 'the-psk' }),
    )
    expect(JSON.parse(outputs.get('psks')!)).toEqual({ ['a'.repeat(32)]: 'the-psk' })
    expect(outputs.get('results')).not.toContain('the-psk')
    expect(Object.fromEntries([...outputs].filter(([name]) => name.endsWith('-count')))).toEqual({
      'rotated-count': '1',
      'validated-count': '0',
      'skipped-count': '1',
      'deferred-count': '0',
      'failed-count': '0',
    })
  })
})

describe('outputs as files', () => {
  it('psks-file, results-file and routers-file hold the outputs, each router only its own', async () => {
    const base = await mkdtemp(join(tmpdir(), 'report-test-'))
    try {
      const outputs = new Map<string, string>()
      const live = new LivePsks()
      const berlin = result({ id: 'b'.repeat(32), name: 'berlin', routerKey: 'berlin' })
      const paris = result({
        id: 'c'.repeat(32),
        name: 'paris',
        router: tunnelOf('paris', { router: { customerEndpoint: ' 2001:DB8::1 ' } }).router,
      })
      live.live(berlin.id, 'PSK-of-berlin-0123456789')
      writeOutputs({ setOutput: (name, value) => outputs.set(name, value) }, [berlin, paris], live, 'rotation', new HandoverFiles(base))
      expect(JSON.parse(await readFile(outputs.get('psks-file') ?? '', 'utf8'))).toEqual({ [berlin.id]: 'PSK-of-berlin-0123456789' })
      expect(await readFile(outputs.get('results-file') ?? '', 'utf8')).toBe(outputs.get('results'))
      const routers = JSON.parse(await readFile(outputs.get('routers-file') ?? '', 'utf8')) as { router: string; psks_file: string }[]
      expect(routers.map(({ router }) => router)).toEqual(['berlin', '2001:db8::1'])
      expect(JSON.parse(await readFile(routers[1]?.psks_file ?? '', 'utf8'))).toEqual({})
    } finally {
      await rm(base, { recursive: true, force: true })
    }
  })

  it('handOverPsks writes psks and psks-file alone, for a run that stops early', async () => {
    const base = await mkdtemp(join(tmpdir(), 'report-test-'))
    try {
      const outputs = new Map<string, string>()
      const live = new LivePsks()
      live.sending('d'.repeat(32), 'PSK-sent-0123456789')
      handOverPsks({ setOutput: (name, value) => outputs.set(name, value) }, live, new HandoverFiles(base))
      expect([...outputs.keys()]).toEqual(['psks', 'psks-file'])
      expect(await readFile(outputs.get('psks-file') ?? '', 'utf8')).toBe(outputs.get('psks'))
    } finally {
      await rm(base, { recursive: true, force: true })
    }
  })
})

describe('outputsTooLargeForEnv', () => {
  it.each([
    [10, 10, 32, null],
    [600, 0, 32, /^The results output \(about \d+ KiB\) is larger than the 128 KiB/],
    [2_000, 2_000, 128, /^The results output \(about \d+ KiB\) and the psks output \(about \d+ KiB\) are larger/],
  ])('%i selected, %i due with %i-character PSKs', (selected, due, length, expected) => {
    const tunnels = Array.from({ length: selected }, (_, index) => tunnelOf(`branch-office-${index}`))
    const message = outputsTooLargeForEnv(tunnels, tunnels.slice(0, due), length)
    if (expected === null) expect(message).toBeNull()
    else expect(message).toMatch(expected)
  })
})
