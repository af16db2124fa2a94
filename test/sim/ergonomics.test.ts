// Simulator options: misspelled keys suggest the right name; start times as Date, epoch ms or ISO text.
import { describe, expect, it } from 'vitest'
import { simulateBkt, simulateReviews, simulateTutor } from '../../src/sim/index.js'
import { left, right } from '../either.js'

describe('simulator options', () => {
  it('simulateReviews: typos, and the same log from a Date, epoch ms or ISO start', () => {
    expect(left(simulateReviews({ cards: 2, reviewsPerCard: 2, seed: 1, lateneess: 0.5 } as never)).message).toBe(
      "unknown review simulation option 'lateneess'; did you mean 'lateness'?",
    )
    const ms = Date.UTC(2025, 2, 1)
    const byMs = right(simulateReviews({ cards: 3, reviewsPerCard: 3, seed: 1, start: ms }))
    expect(right(simulateReviews({ cards: 3, reviewsPerCard: 3, seed: 1, start: new Date(ms) }))).toEqual(byMs)
    expect(right(simulateReviews({ cards: 3, reviewsPerCard: 3, seed: 1, start: '2025-03-01T00:00:00Z' }))).toEqual(byMs)
    expect(left(simulateReviews({ cards: 3, reviewsPerCard: 3, seed: 1, start: 'March' }))).toMatchObject({ path: ['start'] })
  })
  it('simulateBkt and simulateTutor', () => {
    const skills = { a: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } }
    expect(left(simulateBkt({ learners: 2, step: 3, skills, seed: 1 } as never)).message).toMatch(/unknown BKT simulation option 'step'; did you mean 'steps'/)
    expect(left(simulateBkt({ learners: 2, steps: 3, skills: { a: { ...skills.a, slips: 0.1 } }, seed: 1 } as never))).toMatchObject({
      path: ['skills', 'a', 'slips'],
    })
    expect(left(simulateBkt({ learners: 2, steps: 3, skills: { a: { ...skills.a, slips: 0.1 } }, seed: 1 } as never)).message).toMatch(/did you mean 'pSlip'/)
    expect(right(simulateBkt({ learners: 2, steps: 3, skills, seed: 1 })).table.length).toBe(6)
    expect(left(simulateTutor({ learners: 2, deadline: 10 } as never)).message).toMatch(/unknown tutor simulation option 'deadline'; did you mean 'deadlineDays'/)
  })
})
