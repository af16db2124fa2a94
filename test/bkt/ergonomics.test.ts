// Clear errors for BKT parameters and options: invalid values, misspelled and pyBKT-style keys.
import { describe, expect, it } from 'vitest'
import {
  bktGridSearch,
  bktInit,
  bktKnowledgeModel,
  bktSkillParams,
  bktTableFromOutcomes,
  bktUpdate,
  checkBktFitOptions,
  crossValidateBkt,
  evaluateBkt,
  fitBkt,
  validateBktModel,
} from '../../src/bkt/index.js'
import { LearnkitException } from '../../src/core/errors.js'
import { left, right } from '../either.js'

const P = { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }
const table = bktTableFromOutcomes([[0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 0]])

describe('BKT parameters for the online functions', () => {
  it('bktSkillParams names the field that is not a probability, at any depth', () => {
    expect(right(bktSkillParams(P))).toBe(P)
    expect(left(bktSkillParams({ ...P, pInit: 1.3 }))).toMatchObject({ code: 'not_a_probability', path: ['pInit'], value: 1.3 })
    expect(left(bktSkillParams({ ...P, pInit: 1.3 })).message).toBe('expected pInit as a probability in [0, 1]')
    expect(left(bktSkillParams({ ...P, pGuess: Number.NaN }))).toMatchObject({ path: ['pGuess'] })
    expect(left(bktSkillParams({ ...P, items: { q1: { pSlip: -0.1 } } }))).toMatchObject({ path: ['items', 'q1', 'pSlip'] })
    expect(left(bktSkillParams({ ...P, pairs: { a: { b: { pLearn: 2 } } } }))).toMatchObject({ path: ['pairs', 'a', 'b', 'pLearn'] })
    const { pSlip: _, ...noSlip } = P
    expect(left(bktSkillParams(noSlip as never))).toMatchObject({ code: 'missing_field', path: ['pSlip'] })
  })

  it('suggests learnkit names for misspelled and pyBKT keys', () => {
    expect(left(bktSkillParams({ ...P, prior: 0.3 } as never)).message).toBe("unknown BKT parameter option 'prior'; did you mean 'pInit'?")
    expect(left(bktSkillParams({ ...P, slips: 0.1 } as never)).message).toMatch(/did you mean 'pSlip'/)
    expect(left(bktSkillParams({ ...P, pGues: 0.1 } as never)).message).toMatch(/did you mean 'pGuess'/)
    expect(left(bktSkillParams({ ...P, items: { q: { forgets: 0.1 } } } as never))).toMatchObject({ path: ['items', 'q', 'forgets'] })
    expect(left(validateBktModel({ skills: { a: { ...P, learns: 0.1 } as never } })).message).toMatch(/did you mean 'pLearn'/)
    expect(left(validateBktModel({ skills: {}, fallbak: P } as never)).message).toMatch(/did you mean 'fallback'/)
    expect(left(validateBktModel({ skills: { a: { ...P, pInit: 1.3 } } }))).toMatchObject({ path: ['skills', 'a', 'pInit'] })
  })

  it('the knowledge model refuses invalid parameters on first use, naming skill and field', () => {
    const m = bktKnowledgeModel({ skills: { a: { ...P, pInit: 1.3 }, b: P } })
    expect(m.mastery(m.init('b'))).toBeCloseTo(0.3, 12)
    const thrown = (() => {
      try {
        m.init('a')
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(thrown).toBeInstanceOf(LearnkitException)
    expect((thrown as LearnkitException).error).toMatchObject({ code: 'not_a_probability', path: ['skills', 'a', 'pInit'] })
    expect(() => bktKnowledgeModel({ skills: {} }, { unknownSkill: 'error' } as never)).toThrow(/did you mean 'unknownSkills'/)
  })

  it('online functions themselves stay unchecked and fast: valid parameters give the same state as before', () => {
    expect(bktUpdate(P, bktInit(P), 1).known).toBeCloseTo(0.27 / 0.41, 12)
  })
})

describe('BKT fit and evaluation options', () => {
  it('fitBkt and checkBktFitOptions suggest learnkit names for pyBKT arguments', () => {
    expect(left(fitBkt(table, { num_fits: 3 } as never)).message).toBe("unknown BKT fit option 'num_fits'; did you mean 'restarts'?")
    expect(left(fitBkt(table, { forget: true } as never)).message).toMatch(/did you mean 'forgets'/)
    expect(left(fitBkt(table, { multiguess: true } as never)).message).toMatch(/did you mean 'multigs'/)
    expect(left(fitBkt(table, { maxIteration: 10 } as never))).toMatchObject({ code: 'invalid_options', path: ['maxIteration'] })
    expect(left(checkBktFitOptions({ restart: 2 } as never)).message).toMatch(/did you mean 'restarts'/)
    expect(right(fitBkt(table, { restarts: 1, seed: 1 })).model.skills).toBeDefined()
  })
  it('crossValidateBkt, bktGridSearch and evaluateBkt', () => {
    expect(left(crossValidateBkt(table, { fold: 2 } as never)).message).toMatch(/unknown BKT cross-validation option 'fold'; did you mean 'folds'/)
    expect(left(crossValidateBkt(table, { num_fits: 2 } as never)).message).toMatch(/did you mean 'restarts'/)
    expect(left(bktGridSearch(table, { steps: 0.1 } as never)).message).toMatch(/unknown BKT grid search option 'steps'; did you mean 'step'/)
    const model = { skills: { default: P } }
    expect(left(evaluateBkt(model, table, { unseenSkill: 'fallback' } as never)).message).toMatch(/did you mean 'unseenSkills'/)
  })
})
