// Any input the check refuses ends, through the bundle as a runner runs it, in one ::error::
// naming the input, with no request, no stack trace and nothing secret shown.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_API_TOKEN, FakeCloudflare } from './fakes/cloudflare.js'
import { ACCEPTS_ANY_TEXT, BASE, INPUTS, SETTING_THAT_USES, hostileValue, read } from './helpers/hostile-inputs.js'
import { runAction } from './helpers/run-action.js'
import { readAsRunner } from './helpers/runner-log.js'

describe('bad inputs through the bundle', () => {
  let cloudflare: FakeCloudflare
  beforeAll(async () => {
    cloudflare = await FakeCloudflare.start({ tunnels: [{ name: 'branch_1' }] })
  })
  afterAll(async () => {
    await cloudflare.stop()
  })

  // Every input of action.yml, the ones added later included: for each, the first hostile values
  // (from a fixed seed) that the input check refuses go through the bundle.
  it.each(INPUTS)(
    '%s: refused through the bundle with one ::error:: naming it, no request, no stack trace, nothing secret shown',
    async (name) => {
      const base = {
        ...BASE,
        ...SETTING_THAT_USES[name],
        'account-id': cloudflare.accountId,
        'api-token': DEFAULT_API_TOKEN,
        'api-base-url': cloudflare.baseUrl,
      }
      const refused = fc
        .sample(hostileValue, { numRuns: 60, seed: 20261201 })
        .map((value) => ({ ...base, [name]: value }))
        .filter((inputs) => read(inputs).error !== null)
        .slice(0, 2)
      if (ACCEPTS_ANY_TEXT.has(name)) {
        expect(refused, `${name} refused a value: take it out of ACCEPTS_ANY_TEXT`).toEqual([])
        return
      }
      expect(refused.length, `no hostile value was refused for ${name}: if it takes any text, list it in ACCEPTS_ANY_TEXT`).toBeGreaterThan(
        0,
      )
      for (const inputs of refused) {
        const requestsBefore = cloudflare.requests.length
        const result = await runAction({ inputs })
        const log = readAsRunner(`${result.stdout}\n${result.stderr}`)
        expect(log.stoppedWith).toEqual([])
        expect(log.annotations.filter(({ kind }) => kind === 'error')).toHaveLength(1)
        expect(log.annotations[0]?.message).toMatch(/^Input '[a-z-]+': /)
        expect(result.exitCode).toBe(1)
        expect(cloudflare.requests.length).toBe(requestsBefore)
        expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at /m)
        for (const secret of log.masks) expect(log.shown.join('\n')).not.toContain(secret)
      }
    },
  )
})
