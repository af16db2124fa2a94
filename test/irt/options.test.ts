import { describe, expect, it } from 'vitest'
import { thrown } from '../options.js'
import {
  calibrate,
  catSession,
  catStep,
  eap,
  estimateAbility,
  irtData,
  irtKnowledgeModel,
  itemFit,
  map,
  marginalLogLikelihood,
  mle,
  simulateCat,
  simulateResponses,
  type IrtData,
  type ItemBank,
} from '../../src/irt/index.js'

// utils

const items = Array.from({ length: 6 }, (_, i) => ({ a: 1.2, b: -1.5 + i / 2, c: 0, d: 1 }))
const bankItems: Record<string, (typeof items)[number]> = {}
items.forEach((it, i) => (bankItems[`q${i}`] = it))
const bank: ItemBank = { version: 1, model: '2pl', items: bankItems }
const answers = [{ item: items[0]!, response: 1 }, { item: items[3]!, response: 0 }]
const data = (): IrtData => {
  const d = irtData(simulateResponses(items, 200, { seed: 1 }))
  if (d._tag === 'Left') throw new Error(d.left.message)
  return d.right
}
const bad = <T>(o: Record<string, unknown>): T => o as T

describe('IRT options reject unknown keys with a suggestion', () => {
  it('calibrate: mirt names (quadpts, TOL) and misspellings are a Left that names the right key', () => {
    const r = calibrate(data(), bad({ model: '2pl', quadpts: 21 }))
    expect(r).toMatchObject({ _tag: 'Left', left: { code: 'invalid_options', path: ['quadpts'] } })
    expect(r._tag === 'Left' && r.left.message).toBe("unknown IRT calibration option 'quadpts'; did you mean 'quadrature'?")
    const tol = calibrate(data(), bad({ model: '2pl', TOL: 1e-4 }))
    expect(tol._tag === 'Left' && tol.left.message).toContain("did you mean 'tolerance'?")
    const nested = calibrate(data(), bad({ model: '3pl', priors: { g: null } }))
    expect(nested._tag === 'Left' && nested.left.path).toEqual(['priors', 'g'])
  })

  it('mle, map, eap and estimateAbility throw for an unknown key, suggesting the right one', () => {
    expect(thrown(() => mle(answers, bad({ maxIteration: 5 }))).message).toBe("unknown ability option 'maxIteration'; did you mean 'maxIterations'?")
    expect(thrown(() => map(answers, bad({ priors: { kind: 'normal', mean: 0, sd: 1 } }))).message).toContain("did you mean 'prior'?")
    expect(thrown(() => eap(answers, bad({ quadpts: 31 }))).message).toContain("did you mean 'quadrature'?")
    const e = thrown(() => estimateAbility(answers, bad({ minTheta: -4 })))
    expect(e).toMatchObject({ code: 'invalid_options', path: ['options', 'minTheta'] })
    expect(e.message).toContain("did you mean 'bounds'?")
    // values out of range are refused too
    expect(thrown(() => eap(answers, { quadrature: 1.5 })).path).toEqual(['options', 'quadrature'])
  })

  it('catStep: jsCAT names (itemSelect, nStartItems) and nested keys throw with a suggestion', () => {
    const s = catSession(1)
    expect(thrown(() => catStep(bank, s, bad({ itemSelect: 'mfi' }))).message).toBe("unknown CAT option 'itemSelect'; did you mean 'select'?")
    expect(thrown(() => catStep(bank, s, bad({ nStartItems: 2 }))).message).toContain("did you mean 'start'?")
    const nested = thrown(() => catStep(bank, s, { ability: bad({ metod: 'mle' }) }))
    expect(nested.path).toEqual(['options', 'ability', 'metod'])
    expect(nested.message).toContain("did you mean 'method'?")
    expect(thrown(() => catStep(bank, s, { start: bad({ item: 2 }) })).message).toContain("did you mean 'items'?")
    expect(thrown(() => catStep(bank, s, { select: 'astrat', strata: Number.NaN })).path).toEqual(['options', 'strata'])
    expect(catStep(bank, s, { select: 'kl', randomesque: 2 }).kind).toBe('item')
  })

  it('simulateCat: a misspelled key, here or in cat, throws with a suggestion; thetas must be numbers', () => {
    expect(thrown(() => simulateCat(bank, bad({ examinee: 5 }))).message).toBe("unknown CAT simulation option 'examinee'; did you mean 'examinees'?")
    expect(thrown(() => simulateCat(bank, { examinees: 2, cat: bad({ stopRule: 'items>=2' }) })).message).toContain("did you mean 'stop'?")
    expect(thrown(() => simulateCat(bank, bad({ thetas: [0, 'x'] }))).path).toEqual(['options', 'thetas'])
    expect(simulateCat(bank, { thetas: [0, 1], cat: { stop: 'items>=2' } }).examinees).toBe(2)
  })

  it('itemFit: a misspelled key throws with a suggestion; inconsistent data give an empty record', () => {
    const d = data()
    expect(thrown(() => itemFit(d, bankItems, bad({ imputations: 5 }))).message).toBe("unknown item fit option 'imputations'; did you mean 'impute'?")
    expect(thrown(() => itemFit(d, bankItems, bad({ modle: '2pl' }))).message).toContain("did you mean 'model'?")
    const broken: IrtData = { ...d, item: new Int32Array(d.item.length).fill(99) }
    expect(itemFit(broken, {})).toEqual({})
  })

  it('marginalLogLikelihood: data whose arrays disagree are a Left, not a throw', () => {
    const d = data()
    const broken: IrtData = { ...d, items: [] }
    const r = marginalLogLikelihood(broken, {})
    expect(r).toMatchObject({ _tag: 'Left', left: { code: 'invalid_value' } })
    expect(r._tag === 'Left' && r.left.message).toContain('inconsistent IRT data')
  })

  it('simulateResponses: a misspelled key throws with a suggestion', () => {
    expect(thrown(() => simulateResponses(items, 3, bad({ theta: [0, 1, 2] }))).message).toBe("unknown response simulation option 'theta'; did you mean 'thetas'?")
    expect(thrown(() => simulateResponses(items, 3, bad({ mising: 0.2 }))).message).toContain("did you mean 'missing'?")
  })

  it('irtKnowledgeModel: a misspelled parameter throws at construction; a bad grid is refused', () => {
    expect(thrown(() => irtKnowledgeModel(bad({ bank, mastery: 0.5 }))).message).toBe("unknown IRT knowledge model option 'mastery'; did you mean 'masteryTheta'?")
    const g = thrown(() => irtKnowledgeModel({ bank, grid: { points: -3, lo: -4, hi: 4 } }))
    expect(g).toMatchObject({ code: 'invalid_options', path: ['params', 'grid'] })
    expect(irtKnowledgeModel({ bank, grid: { points: 21, lo: -4, hi: 4 } }).init('s').count).toBe(0)
  })
})
