// Runs every benchmark in this folder, one after another, each in its own
// process so one's memory does not weigh on the next.
//   npm run bench            all of them
//   npm run bench -- fsrs    those whose file name contains "fsrs"
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const filters = process.argv.slice(2)
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

let failed = 0
for (const b of benches) {
  process.stdout.write(`\n=== ${b}\n`)
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, b)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exitCode = failed > 0 ? 1 : 0
