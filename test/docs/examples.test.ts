// Every @example in the TSDoc, and every ts block of the README, runs as its
// own module against the sources (`npm run typecheck` type-checks them too).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { writeDocExamples } from './extract.js'

const examples = writeDocExamples()

describe('TSDoc and README examples', () => {
  // The examples print what they show; keep the test output quiet.
  beforeAll(() => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined)
  })
  afterAll(() => {
    vi.restoreAllMocks()
  })

  it('exist', () => {
    expect(examples.length).toBeGreaterThan(100)
  })

  for (const ex of examples) {
    it(`${ex.where} runs`, async () => {
      await expect(import(ex.file)).resolves.toBeDefined()
    })
  }
})
