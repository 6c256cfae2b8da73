import { describe, expect, it } from 'vitest'
import { DEFAULT_API_BASE_URL, InputError, parseMaxAge, parsePsks, readConfig, type Config } from '../src/inputs.js'

const ACCOUNT = '0123456789abcdef0123456789abcdef'
const TUNNEL_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const TUNNEL_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
const VALID = { 'account-id': ACCOUNT, 'api-token': 'cf-token-value', 'tunnel-ids': 'all' }

function read(inputs: Record<string, string>, env: NodeJS.ProcessEnv = { GITHUB_REPOSITORY: 'octo-org/network' }) {
  const masked: string[] = []
  const config = readConfig({ getInput: (name) => inputs[name] ?? '', setSecret: (secret) => masked.push(secret) }, env)
  return { config, masked }
}

/** The secrets settings of a rotation's config (a verify config has none). */
function secretsOf(config: Config) {
  if (config.mode === 'verify') throw new Error('expected a rotation config')
  return config.secrets
}

function inputError(inputs: Record<string, string>, env?: NodeJS.ProcessEnv): { error: InputError; masked: string[] } {
  const masked: string[] = []
  try {
    readConfig(
      { getInput: (name) => inputs[name] ?? '', setSecret: (secret) => masked.push(secret) },
      env ?? { GITHUB_REPOSITORY: 'octo-org/network' },
    )
  } catch (error) {
    if (error instanceof InputError) return { error, masked }
    throw error
  }
  throw new Error('expected an InputError')
}

describe('readConfig', () => {
  it('applies the documented defaults', () => {
    const { config } = read(VALID)
    expect(config).toMatchObject({
      accountId: ACCOUNT,
      credentials: { kind: 'token', token: 'cf-token-value' },
      apiBaseUrl: DEFAULT_API_BASE_URL,
      selector: { all: true, ids: [], namePatterns: [] },
      mode: 'generate',
      validateOnly: false,
      maxAgeMs: null,
      concurrency: 4,
      secrets: null,
      rolling: null,
    })
    expect(read({ ...VALID, mode: 'set' }).config).toMatchObject({ mode: 'set', pskLength: 32, explicitPsks: new Map() })
  })

  it('masks credentials before any check can fail', () => {
    const { error, masked } = inputError({ 'api-token': 'secret-token', 'github-token': 'ghs_x', mode: 'bogus' })
    expect(error.input).toBe('account-id')
    expect(masked).toEqual(expect.arrayContaining(['secret-token', 'ghs_x']))
  })

  it('masks the JSON-escaped form of a given PSK too', () => {
    const { masked } = read({ ...VALID, mode: 'set', psks: `${TUNNEL_A}=quote"psk` })
    expect(masked).toEqual(expect.arrayContaining(['quote"psk', 'quote\\"psk']))
  })

  it('parses IDs and name patterns separated by commas, spaces and newlines', () => {
    const { config } = read({
      ...VALID,
      'tunnel-ids': `${TUNNEL_A.toUpperCase()}, ${TUNNEL_B}\n${TUNNEL_A}`,
      'tunnel-names': 'branch-*,\n dc-? \n',
    })
    expect(config.selector).toEqual({ all: false, ids: [TUNNEL_A, TUNNEL_B], namePatterns: ['branch-*', 'dc-?'] })
  })

  it('accepts the legacy Global API Key', () => {
    const { config, masked } = read({ 'account-id': ACCOUNT, 'api-email': 'ops@example.com', 'api-key': 'global-key', 'tunnel-names': 'x' })
    expect(config.credentials).toEqual({ kind: 'global-key', email: 'ops@example.com', key: 'global-key' })
    expect(masked).toContain('global-key')
  })

  it.each([
    'http://127.0.0.1:8080',
    'http://127.8.9.10/',
    'http://localhost:3000',
    'http://[::1]:8080',
    'http://[::ffff:127.0.0.1]:8080',
    'https://10.1.2.3',
  ])('allows %s as api-base-url: loopback, or https', (url) => {
    expect(read({ ...VALID, 'api-base-url': url }).config.apiBaseUrl).toBe(new URL(url).href.replace(/\/$/, ''))
  })

  it('strips a trailing slash from api-base-url', () => {
    expect(read({ ...VALID, 'api-base-url': 'http://127.0.0.1:8080/client/v4/' }).config.apiBaseUrl).toBe('http://127.0.0.1:8080/client/v4')
  })

  it('reads the secrets settings with repository defaults from the environment', () => {
    const { config } = read({ ...VALID, 'secret-scope': 'organization', 'github-token': 'ghs_token' })
    expect(secretsOf(config)).toEqual({
      scope: 'organization',
      githubToken: 'ghs_token',
      owner: 'octo-org',
      repo: 'network',
      environment: null,
      organization: 'octo-org',
      visibility: 'private',
      nameTemplate: 'IPSEC_PSK_{name}',
      bundle: null,
    })
  })

  it.each<[string, Record<string, string>, string, RegExp, NodeJS.ProcessEnv?]>([
    ['missing account', { 'api-token': 't', 'tunnel-ids': 'all' }, 'account-id', /is required/],
    ['malformed account', { ...VALID, 'account-id': 'acct-1' }, 'account-id', /32 hexadecimal/],
    ['no credentials', { 'account-id': ACCOUNT, 'tunnel-ids': 'all' }, 'api-token', /is required/],
    ['both credential schemes', { ...VALID, 'api-email': 'a@b.c', 'api-key': 'k' }, 'api-token', /not both/],
    ['email without key', { 'account-id': ACCOUNT, 'api-email': 'a@b.c', 'tunnel-ids': 'all' }, 'api-key', /is required with 'api-email'/],
    ['key without email', { 'account-id': ACCOUNT, 'api-key': 'k', 'tunnel-ids': 'all' }, 'api-email', /is required with 'api-key'/],
    ['unknown mode', { ...VALID, mode: 'rotate' }, 'mode', /expected 'generate', 'set' or 'verify', got 'rotate'/],
    ['verify-timeout outside verify', { ...VALID, 'verify-timeout': '5m' }, 'verify-timeout', /only used with 'mode: verify'/],
    ['psks with verify', { ...VALID, mode: 'verify', psks: `${TUNNEL_A}=Some-PSK-123` }, 'psks', /not used with 'mode: verify'/],
    ['psk-length with verify', { ...VALID, mode: 'verify', 'psk-length': '40' }, 'psk-length', /not used with 'mode: verify'/],
    ['max-age with verify', { ...VALID, mode: 'verify', 'max-age': '30d' }, 'max-age', /not used with 'mode: verify'/],
    ['max-tunnels with verify', { ...VALID, mode: 'verify', 'max-tunnels': '3' }, 'max-tunnels', /not used with 'mode: verify'/],
    [
      'secret-scope with verify',
      { ...VALID, mode: 'verify', 'secret-scope': 'repository' },
      'secret-scope',
      /not used with 'mode: verify'/,
    ],
    ['validate-only with verify', { ...VALID, mode: 'verify', 'validate-only': 'true' }, 'validate-only', /not used with 'mode: verify'/],
    [
      'bad verify-timeout',
      { ...VALID, mode: 'verify', 'verify-timeout': 'soon' },
      'verify-timeout',
      /expected a positive duration .* got 'soon'/,
    ],
    ['malformed tunnel id', { ...VALID, 'tunnel-ids': 'abc123' }, 'tunnel-ids', /32 hexadecimal characters.*'abc123'/],
    ['all mixed with ids', { ...VALID, 'tunnel-ids': `all,${TUNNEL_A}` }, 'tunnel-ids', /not both/],
    ['no selection', { ...VALID, 'tunnel-ids': '' }, 'tunnel-ids', /select tunnels/],
    ['selection of separators only', { ...VALID, 'tunnel-ids': ' , ', 'tunnel-names': ',\n' }, 'tunnel-ids', /select tunnels/],
    [
      'bad secret-layout',
      { ...VALID, 'secret-scope': 'repository', 'github-token': 'g', 'secret-layout': 'one' },
      'secret-layout',
      /'per-tunnel' or 'bundle', got 'one'/,
    ],
    ['bundle without a scope', { ...VALID, 'secret-layout': 'bundle' }, 'secret-layout', /needs a 'secret-scope'/],
    ['current-bundle without bundle', { ...VALID, 'current-bundle': '{}' }, 'current-bundle', /only used with 'secret-layout: bundle'/],
    [
      'a templated name for a bundle',
      { ...VALID, 'secret-scope': 'repository', 'github-token': 'g', 'secret-layout': 'bundle', 'secret-name': 'PSK_{id}' },
      'secret-name',
      /holds \{id\} or \{name\}/,
    ],
    [
      'a fixed bundle name GitHub would change',
      { ...VALID, 'secret-scope': 'repository', 'github-token': 'g', 'secret-layout': 'bundle', 'secret-name': 'edge-psks' },
      'secret-name',
      /must be letters, digits and underscores, not starting with a digit, for the bundle secret\./,
    ],
    ['bad boolean', { ...VALID, 'validate-only': 'maybe' }, 'validate-only', /expected 'true' or 'false', got 'maybe'/],
    ['bad max-age', { ...VALID, 'max-age': '90 days' }, 'max-age', /'90 days'/],
    ['zero max-age', { ...VALID, 'max-age': '0d' }, 'max-age', /positive duration/],
    ['concurrency zero', { ...VALID, concurrency: '0' }, 'concurrency', /from 1 to 32/],
    ['concurrency not a number', { ...VALID, concurrency: 'four' }, 'concurrency', /from 1 to 32, got 'four'/],
    ['concurrency too high', { ...VALID, concurrency: '500' }, 'concurrency', /from 1 to 32/],
    ['base url not a url', { ...VALID, 'api-base-url': 'api.cloudflare.com' }, 'api-base-url', /http\(s\) URL/],
    ['base url not http', { ...VALID, 'api-base-url': 'ftp://example.com' }, 'api-base-url', /http\(s\) URL/],
    [
      'plain http to a remote host',
      { ...VALID, 'api-base-url': 'http://api.cloudflare.com/client/v4' },
      'api-base-url',
      /unencrypted: use https/,
    ],
    ['plain http to a private address', { ...VALID, 'api-base-url': 'http://10.1.2.3:8080/client/v4' }, 'api-base-url', /unencrypted/],
    [
      'plain http to a host named like loopback',
      { ...VALID, 'api-base-url': 'http://127.0.0.1.example.com/' },
      'api-base-url',
      /unencrypted/,
    ],
    ['plain http to ::2', { ...VALID, 'api-base-url': 'http://[::2]:8080/' }, 'api-base-url', /unencrypted/],
    ['psk-length too short', { ...VALID, mode: 'set', 'psk-length': '8' }, 'psk-length', /from 16 to 128/],
    ['psk-length too long', { ...VALID, mode: 'set', 'psk-length': '129' }, 'psk-length', /from 16 to 128/],
    ['psks in generate mode', { ...VALID, psks: `${TUNNEL_A}=abcdefgh` }, 'psks', /only used with 'mode: set'/],
    ['unknown secret scope', { ...VALID, 'secret-scope': 'global' }, 'secret-scope', /'none', 'repository'/],
    ['secrets without github-token', { ...VALID, 'secret-scope': 'repository' }, 'github-token', /GITHUB_TOKEN cannot write secrets/],
    [
      'environment scope without environment',
      { ...VALID, 'secret-scope': 'environment', 'github-token': 'g' },
      'environment',
      /is required/,
    ],
    [
      'malformed repository',
      { ...VALID, 'secret-scope': 'repository', 'github-token': 'g', repository: 'just-a-name' },
      'repository',
      /'owner\/name'/,
    ],
    ['no repository to default to', { ...VALID, 'secret-scope': 'repository', 'github-token': 'g' }, 'repository', /'owner\/name'/, {}],
    [
      'bad visibility',
      { ...VALID, 'secret-scope': 'organization', 'github-token': 'g', 'secret-visibility': 'selected' },
      'secret-visibility',
      /'private' or 'all'/,
    ],
    ['unknown placeholder', { ...VALID, 'secret-name': 'PSK_{tunnel}' }, 'secret-name', /'\{tunnel\}'/],
    [
      'a prefix GitHub reserves, once cleaned',
      { ...VALID, 'secret-name': 'github-{id}' },
      'secret-name',
      /^Input 'secret-name': gives names starting with GITHUB_, which GitHub reserves\.$/,
    ],
    [
      'a prefix starting with a digit',
      { ...VALID, 'secret-name': '1PSK_{name}' },
      'secret-name',
      /^Input 'secret-name': gives names starting with a digit, which GitHub does not allow\.$/,
    ],
    ['a token with a newline', { ...VALID, 'api-token': 'abc\ndef' }, 'api-token', /cannot be sent in an HTTP header/],
    [
      'a key with a space',
      { 'account-id': ACCOUNT, 'api-email': 'a@b.c', 'api-key': 'ab cd', 'tunnel-ids': 'all' },
      'api-key',
      /cannot be sent in an HTTP header/,
    ],
    [
      'an email with a space',
      { 'account-id': ACCOUNT, 'api-email': 'a b@c.d', 'api-key': 'k', 'tunnel-ids': 'all' },
      'api-email',
      /cannot be sent in an HTTP header/,
    ],
    ['a github-token with a curly quote', { ...VALID, 'github-token': 'ghs_\u2019x' }, 'github-token', /cannot be sent in an HTTP header/],
  ])('rejects %s', (_case, inputs, input, message, env) => {
    const { error } = inputError(inputs, env)
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.message.startsWith(`Input '${input}': `)).toBe(true)
  })
})

describe('current-bundle', () => {
  const BUNDLE = { ...VALID, 'secret-scope': 'repository', 'github-token': 'ghs_x', 'secret-layout': 'bundle' }

  it('names the bundle IPSEC_PSKS by default, or a fixed secret-name, and keeps every entry in order', () => {
    const TUNNEL_C = 'c'.repeat(32)
    const current = JSON.stringify({ [TUNNEL_B]: 'psk-b-0001', [TUNNEL_C]: 'kept as is', [TUNNEL_A]: 'psk-a-0001' })
    const { config, masked } = read({ ...BUNDLE, 'current-bundle': current })
    expect(secretsOf(config)?.bundle?.name).toBe('IPSEC_PSKS')
    expect([...(secretsOf(config)?.bundle?.current ?? [])]).toEqual([
      [TUNNEL_B, 'psk-b-0001'],
      [TUNNEL_C, 'kept as is'],
      [TUNNEL_A, 'psk-a-0001'],
    ])
    expect(masked.slice(masked.indexOf(current))).toEqual(expect.arrayContaining([current, 'psk-b-0001', 'kept as is', 'psk-a-0001']))
    expect(secretsOf(read({ ...BUNDLE, 'secret-name': 'edge_psks' }).config)?.bundle).toEqual({ name: 'EDGE_PSKS', current: null })
  })

  it.each([
    ['not JSON', '{"a": "psk-one", '],
    ['not an object', '["psk-one"]'],
    ['a value that is not a string', '{"a": "psk-one", "b": 7}'],
    ['keyed by PSK, keys and values swapped', JSON.stringify({ 'psk-one-swapped': 'a'.repeat(32) })],
    ['keyed by tunnel name', JSON.stringify({ 'branch psk-one': 'psk-one' })],
  ])('refuses a current-bundle that is %s, quoting nothing of it', (_case, value) => {
    const { error, masked } = inputError({ ...BUNDLE, 'current-bundle': value })
    expect(error.input).toBe('current-bundle')
    expect(error.message).toContain('current-bundle: ${{ secrets.IPSEC_PSKS }}')
    expect(error.message).not.toContain('psk-one')
    expect(masked).toContain(value.trim())
  })

  it('refuses a current-bundle already over the size of one secret, quoting nothing of it', () => {
    const entries = Array.from({ length: 700 }, (_, i) => [i.toString(16).padStart(32, '0'), `psk-one-${'x'.repeat(40)}`])
    const { error } = inputError({ ...BUNDLE, 'current-bundle': JSON.stringify(Object.fromEntries(entries)) })
    expect(error.input).toBe('current-bundle')
    expect(error.message).toMatch(/holds \d+ bytes, over GitHub's limit of 49152 bytes a secret: split the tunnels/)
    expect(error.message).not.toContain('psk-one')
  })
})

describe('parseMaxAge', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['12h', 12 * 3_600_000],
    ['90d', 90 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['45s', 45_000],
    ['P90D', 90 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['P2W', 14 * 86_400_000],
    ['P1DT12H30M', 36.5 * 3_600_000],
    ['p7d', 7 * 86_400_000],
  ])('%s', (value, ms) => {
    expect(parseMaxAge(value)).toBe(ms)
  })

  it.each(['P', 'PT', 'P1DT', '90', 'd', '-5d', '1.5d', 'P1Y', 'P3M', '5y'])('rejects %s', (value) => {
    expect(() => parseMaxAge(value)).toThrow(InputError)
  })

  it('is null when empty', () => {
    expect(parseMaxAge('')).toBeNull()
  })
})

describe('parsePsks', () => {
  const collect = (raw: string) => {
    const masked: string[] = []
    let result: Map<string, string> | InputError
    try {
      result = parsePsks(raw, (psk) => masked.push(psk))
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      result = error
    }
    return { result, masked }
  }

  it('reads TUNNEL_ID=PSK lines, splitting at the first =', () => {
    const { result, masked } = collect(`\n${TUNNEL_A.toUpperCase()}=abc=def\n  ${TUNNEL_B} = xyz!"\\  \n`)
    expect(result).toEqual(
      new Map([
        [TUNNEL_A, 'abc=def'],
        [TUNNEL_B, 'xyz!"\\'],
      ]),
    )
    expect(masked).toEqual(['abc=def', 'xyz!"\\'])
  })

  it('reads a JSON object', () => {
    const { result, masked } = collect(JSON.stringify({ [TUNNEL_A]: 'first-psk', [TUNNEL_B]: 'second-psk' }))
    expect(result).toEqual(
      new Map([
        [TUNNEL_A, 'first-psk'],
        [TUNNEL_B, 'second-psk'],
      ]),
    )
    expect(masked).toEqual(['first-psk', 'second-psk'])
  })

  it.each([
    [
      'a line without =',
      `${TUNNEL_A}=ok-psk\nloose-secret-value`,
      /line 2 is not of the form TUNNEL_ID=PSK/,
      ['ok-psk', 'loose-secret-value'],
    ],
    ['a malformed key', `tunnel-1=secret-one`, /line 1: expected a tunnel ID/, ['secret-one']],
    ['an empty PSK', `${TUNNEL_A}=`, /empty/, []],
    ['a PSK with a space', `{"${TUNNEL_A}": "has space"}`, /printable ASCII without whitespace/, ['has space']],
    ['a non-ASCII PSK', `${TUNNEL_A}=pässword`, /printable ASCII/, ['pässword']],
    ['a duplicate tunnel', `${TUNNEL_A}=one-psk\n${TUNNEL_A.toUpperCase()}=two-psk`, /given more than once/, ['one-psk', 'two-psk']],
    ['a non-string JSON value', `{"${TUNNEL_A}": 12345}`, /empty or not a string/, []],
    ['broken JSON', `{"${TUNNEL_A}": "secret-in-broken-json"`, /is not valid JSON/, [`{"${TUNNEL_A}": "secret-in-broken-json"`]],
  ] as [string, string, RegExp, string[]][])(
    'rejects %s without quoting the PSK, after masking it',
    (_case, raw, message, expectedMasked) => {
      const { result, masked } = collect(raw)
      expect(result).toBeInstanceOf(InputError)
      const error = result as InputError
      expect(error.input).toBe('psks')
      expect(error.message).toMatch(message)
      for (const secret of expectedMasked) {
        expect(masked).toContain(secret)
        expect(error.message).not.toContain(secret)
      }
    },
  )

  it('treats an empty object as no PSKs', () => {
    expect(parsePsks('{}', () => {})).toEqual(new Map())
  })
})
