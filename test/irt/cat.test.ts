import { Cat } from '@bdelab/jscat'
import type { Stimulus } from '@bdelab/jscat/lib/type.js'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/core/index.js'
import {
  catSession,
  catStep,
  decodeCatSession,
  decodeItemBank,
  information,
  parseStopRule,
  recordAnswer,
  simulateCat,
  type CatSession,
  type DichotomousItem,
  type ItemBank,
} from '../../src/irt/index.js'
import { left, right } from '../either.js'

const bankOf = (n: number, seed: number, withC = true): ItemBank => {
  const rng = Rng.from(seed)
  const items: Record<string, DichotomousItem> = {}
  const areas: Record<string, string> = {}
  for (let i = 0; i < n; i++) {
    items[`q${i}`] = { a: 0.5 + 1.8 * rng.float(), b: rng.normal(), c: withC ? 0.25 * rng.float() : 0, d: 1 }
    areas[`q${i}`] = i % 3 === 0 ? 'geometry' : 'algebra'
  }
  return { version: 1, model: withC ? '3pl' : '2pl', items, areas }
}

/** Runs a whole CAT against an answering function. */
const run = (bank: ItemBank, answer: (item: string) => number, options: Parameters<typeof catStep>[2], seed = 1) => {
  let s: CatSession = catSession(seed)
  const given: string[] = []
  for (;;) {
    const step = catStep(bank, s, options)
    if (step.kind === 'stop') return { step, given }
    given.push(step.item)
    s = recordAnswer(step.session, step.item, answer(step.item))
  }
}

describe('stop rules', () => {
  it('parses or-clauses of and-conditions', () => {
    expect(right(parseStopRule('se<0.3|items>=20'))).toEqual([[{ measure: 'se', op: '<', value: 0.3 }], [{ measure: 'items', op: '>=', value: 20 }]])
    expect(right(parseStopRule('se <= 0.25 & items>=5 | info<0.01'))).toHaveLength(2)
    expect(left(parseStopRule('se<0.3|length>=20')).message).toMatch(/expected conditions like/)
  })

  it('stops by SE, by length, by minimum information, or when the bank is exhausted', () => {
    const bank = bankOf(60, 1)
    const bySe = run(bank, (i) => ((bank.items[i] as DichotomousItem).b < 0.3 ? 1 : 0), { stop: 'se<0.5|items>=40' })
    expect(bySe.step.reason).toBe('se<0.5')
    expect(bySe.step.estimate.se).toBeLessThan(0.5)
    expect(run(bank, (i) => (i.length % 2 ? 1 : 0), { stop: 'items>=7' }).given).toHaveLength(7)
    const info = run(bank, () => 0, { stop: 'info<0.2' })
    expect(info.step.reason).toBe('info<0.2')
    const small = bankOf(4, 2)
    expect(run(small, () => 1, { stop: 'items>=10' }).step.reason).toBe('exhausted')
    expect(() => catStep(bank, catSession(1), { stop: 'se<<1' })).toThrow(RangeError)
  })
})

describe('item selection', () => {
  const bank = bankOf(80, 3)

  it('maximum information picks the most informative unused item at θ̂ and says so', () => {
    let s = catSession(1)
    for (let k = 0; k < 6; k++) {
      const step = catStep(bank, s, { stop: 'items>=30' })
      if (step.kind !== 'item') throw new Error('stopped')
      const used = new Set(s.answers.map((a) => a.item))
      const best = Object.entries(bank.items)
        .filter(([id]) => !used.has(id))
        .map(([id, it]) => [id, information(it, step.estimate.theta)] as const)
        .sort((x, y) => y[1] - x[1])[0]!
      expect(step.item).toBe(best[0])
      expect(step.reason).toMatchObject({ rule: 'mfi', candidates: 80 - k })
      expect(step.reason.value).toBeCloseTo(best[1], 12)
      s = recordAnswer(step.session, step.item, k % 2)
    }
  })

  it('chooses the same next item as jsCAT’s maximum information, with both on jsCAT’s EAP grid', () => {
    // jsCAT: EAP on −6..6 by 0.1 with a normal prior, then the largest 3PL information
    // at θ̂. Ours with the same grid prior gives the same θ̂ (1e-9, see ability.test.ts).
    const grid = { kind: 'grid' as const, points: [] as number[], weights: [] as number[] }
    for (let k = 0; k <= 120; k++) {
      const t = Math.round((-6 + k * 0.1) * 1e6) / 1e6
      grid.points.push(t)
      grid.weights.push(Math.exp(-0.5 * t * t))
    }
    const rng = Rng.from(4)
    const stimuli: Stimulus[] = Object.entries(bank.items).map(([id, it]) => ({ ...(it as DichotomousItem), id }))
    let compared = 0
    for (let trial = 0; trial < 30; trial++) {
      const cat = new Cat({ method: 'EAP', itemSelect: 'MFI' })
      let s = catSession(trial)
      let remaining = stimuli
      for (let k = 0; k < 10; k++) {
        const { nextStimulus, remainingStimuli } = cat.findNextItem(remaining)
        if (nextStimulus === undefined) throw new Error('jsCAT found no item')
        const ours = catStep(bank, s, { ability: { method: 'eap', prior: grid }, stop: 'items>=30' })
        if (ours.kind !== 'item') throw new Error('stopped')
        expect(ours.estimate.theta).toBeCloseTo(cat.theta, 9)
        const theirs = nextStimulus.id as string
        if (ours.item !== theirs) expect(information(bank.items[ours.item]!, cat.theta)).toBeCloseTo(information(bank.items[theirs]!, cat.theta), 12)
        else compared++
        const r = rng.float() < 0.5 ? 0 : 1
        cat.updateAbilityEstimate(nextStimulus as DichotomousItem, r)
        s = recordAnswer(ours.session, ours.item, r)
        remaining = remainingStimuli
      }
    }
    expect(compared).toBe(300)
  })

  it('KL selection, a-stratification, start rules and content balancing', () => {
    const kl = catStep(bank, catSession(1), { select: 'kl' })
    expect(kl.kind === 'item' && kl.reason.rule).toBe('kl')
    // a-stratification: the first items come from the lowest-a stratum.
    const as = run(bank, () => 1, { select: 'astrat', strata: 4, stop: 'items>=8' })
    const aOf = (id: string) => (bank.items[id] as DichotomousItem).a
    const sortedA = Object.values(bank.items).map((x) => x.a).sort((x, y) => x - y)
    expect(aOf(as.given[0]!)).toBeLessThanOrEqual(sortedA[19]!)
    expect(aOf(as.given[7]!)).toBeGreaterThanOrEqual(sortedA[20]!)
    // start: the first two items by difficulty closest to the start θ.
    const st = catStep(bank, catSession(1), { start: { items: 2, theta: 1 } })
    const closest = Object.entries(bank.items).sort((x, y) => Math.abs((x[1] as DichotomousItem).b - 1) - Math.abs((y[1] as DichotomousItem).b - 1))[0]![0]
    expect(st.kind === 'item' && [st.item, st.reason.rule]).toEqual([closest, 'start'])
    const fixed = catStep(bank, catSession(1), { start: { items: 1, rule: 'fixed', fixed: ['q7'] } })
    expect(fixed.kind === 'item' && fixed.item).toBe('q7')
    // content: two thirds algebra, one third geometry.
    const cb = run(bank, (i) => (Number(i.slice(1)) % 2), { content: { algebra: 2 / 3, geometry: 1 / 3 }, stop: 'items>=12' })
    expect(cb.given.filter((i) => bank.areas?.[i] === 'geometry')).toHaveLength(4)
  })

  it('randomesque and Sympson–Hetter draw from the session’s seed only', () => {
    const a = run(bank, () => 1, { randomesque: 5, stop: 'items>=10' }, 7)
    const b = run(bank, () => 1, { randomesque: 5, stop: 'items>=10' }, 7)
    expect(a.given).toEqual(b.given)
    const firsts = new Set(Array.from({ length: 20 }, (_, s) => run(bank, () => 1, { randomesque: 5, stop: 'items>=1' }, s).given[0]))
    expect(firsts.size).toBeGreaterThan(1)
    expect(firsts.size).toBeLessThanOrEqual(5)
    const best = catStep(bank, catSession(1), {})
    const held: ItemBank = { ...bank, exposure: { [best.kind === 'item' ? best.item : '']: 0 } }
    const sh = catStep(held, catSession(1), { sympsonHetter: true })
    expect(sh.kind === 'item' && sh.item).not.toBe(best.kind === 'item' && best.item)
    expect(sh.kind === 'item' && sh.reason.skipped).toEqual([best.kind === 'item' && best.item])
  })

  test.prop([fc.integer({ min: 0, max: 1000 }), fc.array(fc.constantFrom(0, 1), { maxLength: 15 })], { seed: 51, numRuns: 30 })(
    'a step never repeats an item, never mutates the session, and replays exactly',
    (seed, responses) => {
      let s = catSession(seed)
      for (const r of responses) {
        const step = catStep(bank, s, { randomesque: 3, stop: 'items>=40' })
        if (step.kind !== 'item') break
        expect(s.answers.some((a) => a.item === step.item)).toBe(false)
        const copy = structuredClone(s)
        expect(catStep(bank, s, { randomesque: 3, stop: 'items>=40' })).toEqual(step)
        expect(s).toEqual(copy)
        s = recordAnswer(step.session, step.item, r)
      }
    },
  )
})

describe('CAT simulation', () => {
  it('reports bias, RMSE, mean length and exposure; stricter SE targets cost items and gain precision', () => {
    const bank = bankOf(150, 6, false)
    const loose = simulateCat(bank, { examinees: 150, seed: 1, cat: { stop: 'se<0.45|items>=40' } })
    const tight = simulateCat(bank, { examinees: 150, seed: 1, cat: { stop: 'se<0.3|items>=40' } })
    expect(tight.meanLength).toBeGreaterThan(loose.meanLength)
    expect(tight.rmse).toBeLessThan(loose.rmse)
    expect(Math.abs(tight.bias)).toBeLessThan(0.1)
    expect(tight.rmse).toBeLessThan(0.4)
    const rates = Object.values(tight.exposure)
    expect(rates.reduce((x, y) => x + y, 0)).toBeCloseTo(tight.meanLength, 9)
    expect(tight.maxExposure).toBe(Math.max(...rates))
    const rq = simulateCat(bank, { examinees: 150, seed: 1, cat: { stop: 'se<0.3|items>=40', randomesque: 5 } })
    expect(rq.maxExposure).toBeLessThan(tight.maxExposure)
    expect(simulateCat(bank, { examinees: 20, seed: 9 })).toEqual(simulateCat(bank, { examinees: 20, seed: 9 }))
  })
})

describe('bank and session documents', () => {
  it('decode with paths, and survive a JSON round trip', () => {
    const bank = bankOf(5, 8)
    expect(right(decodeItemBank(JSON.parse(JSON.stringify(bank))))).toEqual(bank)
    expect(left(decodeItemBank({ ...bank, items: { ...bank.items, q1: { a: 1, b: 0, c: 0.5, d: 0.4 } } })).path).toEqual(['items', 'q1'])
    expect(left(decodeItemBank({ version: 1, model: 'grm', items: { g: { a: 1, thresholds: [1, 0] } } })).path).toEqual(['items', 'g'])
    expect(left(decodeItemBank({ ...bank, areas: { zz: 'x' } })).message).toMatch(/'zz' is not an item/)
    expect(left(decodeItemBank({ ...bank, version: 2 })).path).toEqual(['version'])
    const s = recordAnswer(catSession(3), 'q1', 1)
    expect(right(decodeCatSession(JSON.parse(JSON.stringify(s)), bank))).toEqual(s)
    expect(left(decodeCatSession({ ...s, answers: [{ item: 'q1', response: 2 }] }, bank)).path).toEqual(['answers', 0, 'response'])
    const proto: ItemBank = { version: 1, model: '2pl', items: JSON.parse('{"__proto__": {"a": 1, "b": 0, "c": 0, "d": 1}}') }
    expect(right(decodeItemBank(proto)).items['__proto__']).toBeDefined()
    const st = catStep(proto, catSession(1), {})
    expect(st.kind === 'item' && st.item).toBe('__proto__')
  })
})
