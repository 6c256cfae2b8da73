// The Terraform example in examples/terraform is formatted as `terraform fmt` writes it and keeps
// `psk` out of the configuration. `terraform validate` needs the Cloudflare provider, which cannot
// be downloaded here, so it is not run.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const TERRAFORM = '/usr/local/bin/terraform'
const EXAMPLE = fileURLToPath(new URL('../examples/terraform/', import.meta.url))
// In CI a missing capability is a failure, never a silent skip.
const missing = existsSync(TERRAFORM) ? null : `${TERRAFORM} is not installed`
if (missing && process.env.CI !== 'true') console.log(`Terraform example check skipped: ${missing}.`)

describe('examples/terraform', () => {
  it.skipIf(missing !== null && process.env.CI !== 'true')('is formatted as terraform fmt writes it', async () => {
    // A clean, empty home of its own: no CLI configuration or plugin cache of the machine's is read,
    // nothing is written beside the example, and no update check leaves the machine.
    const home = await mkdtemp(join(tmpdir(), 'terraform-home-'))
    const result = await promisify(execFile)(TERRAFORM, ['fmt', '-check', '-recursive', '-list=true', EXAMPLE], {
      env: { PATH: process.env.PATH ?? '', HOME: home, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
    })
      .catch((error: { code?: number; stdout?: string }) => error)
      .finally(() => rm(home, { recursive: true, force: true }))
    expect('code' in result ? result.code : 0, `not formatted: ${result.stdout ?? ''}`).toBe(0)
  })

  it('sets no psk on a tunnel and ignores changes to it', () => {
    const main = readFileSync(`${EXAMPLE}main.tf`, 'utf8')
    const code = main.replace(/#.*$/gm, '')
    expect(code).not.toMatch(/^\s*psk\s*=/m)
    expect(code).toMatch(/lifecycle\s*\{\s*ignore_changes\s*=\s*\[psk\]\s*\}/)
  })
})
