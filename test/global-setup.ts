// The integration tests run the action as a runner does, from a bundle. So that they test the
// source in front of them, not a stale dist/, the source is bundled afresh into a temporary folder
// first. ACTION_ENTRY set by the caller (CI, once it has checked dist/ is fresh) skips the build.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.ACTION_ENTRY) return undefined
  const outDir = await mkdtemp(join(tmpdir(), 'action-under-test-'))
  await promisify(execFile)(join(root, 'node_modules/.bin/ncc'), ['build', 'src/index.ts', '-o', outDir, '--target', 'es2022', '--quiet'], {
    cwd: root,
  })
  process.env.ACTION_ENTRY = join(outDir, 'index.js')
  return () => rm(outDir, { recursive: true, force: true })
}
