// The README's layout table matches the tree: every path it names exists, and every source file
// is named by a row, itself or through its folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const layout = readme.slice(readme.indexOf('### Layout'), readme.indexOf('\n### ', readme.indexOf('### Layout') + 1))
const named = [...layout.matchAll(/^\| ([^|]+) \|/gm)].flatMap(([, cell]) =>
  [...(cell ?? '').matchAll(/`([^`]+)`/g)].map(([, path]) => path ?? ''),
)

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(`${dir}/${entry.name}`) : entry.name.endsWith('.ts') ? [`${dir}/${entry.name}`] : [],
  )
}

describe("the README's layout table", () => {
  it('names paths that exist', () => {
    expect(named.length).toBeGreaterThan(10)
    for (const path of named) expect(existsSync(join(ROOT, path)), `${path} is in the layout table but not in the tree`).toBe(true)
  })

  it('names every source file, itself or through its folder', () => {
    for (const file of sourceFiles('src')) {
      const covered = named.some((path) => path === file || (path.endsWith('/') && file.startsWith(path)))
      expect(covered, `${file} is not in the README's layout table`).toBe(true)
    }
  })
})
