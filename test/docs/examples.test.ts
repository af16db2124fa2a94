// Every @example in the TSDoc runs, against the sources, as its own module.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { docExamples, pointAtSources } from './examples.js'

const root = resolve(__dirname, '../..')
const examples = docExamples(root)
const dir = join(root, '.tmp', 'doc-examples')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })

describe('TSDoc examples', () => {
  it('exist', () => {
    expect(examples.length).toBeGreaterThan(20)
  })

  for (const [i, ex] of examples.entries()) {
    it(`${ex.where} runs`, async () => {
      const file = join(dir, `example-${i}.ts`)
      writeFileSync(file, `${pointAtSources(ex.code, root)}\nexport {}\n`)
      await expect(import(file)).resolves.toBeDefined()
    })
  }
})
