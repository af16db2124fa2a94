// Every script in examples/ runs to completion and exits 0.
import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = resolve(__dirname, '../..')
const scripts = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts'))

describe('examples/', () => {
  it.each(scripts)('%s runs', async (name) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join('examples', name)], {
      cwd: root,
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    })
    expect(stdout.length).toBeGreaterThan(0)
  })
})
