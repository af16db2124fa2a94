// The throws the export walk (test/hostile/exports.test.ts) found on user data, each fixed: the
// value that threw now gives a result or a Left with a clear message.
import { describe, expect, it } from 'vitest'
import { bktChunks, bktDedupSequences, bktGridSearch, bktSequences, bktSequencesPart, bktTableFromOutcomes } from '../../src/bkt/index.js'
import { htmlTable, suggestKey, textTable } from '../../src/core/index.js'
import { ioError, parseCsv, readCsv, readResponseCsv } from '../../src/data/index.js'
import { accuracy, auc, metrics, rocCurve } from '../../src/eval/index.js'
import { forecastOpportunitiesToMastery, goalProgress, goalStatement } from '../../src/goals/index.js'
import { calibrate, irtData, irtEStep, logProbabilityTable, quadrature, simulateResponses } from '../../src/irt/index.js'
import { apply, learnerState, readyToLearn, skillGraph } from '../../src/learner/index.js'
import { csrLinear, encodeLogistic, logisticFeatures } from '../../src/models/index.js'
import { tableSummaryDisplay } from '../../src/plot/index.js'
import { simulateBkt, simulateReviews } from '../../src/sim/index.js'
import { ankiSm2, fsrs, fsrsSimulatorConfigFromReviews, replayReviews } from '../../src/srs/index.js'
import { right } from '../either.js'
import { BKT_PARAMS, tinyBkt } from '../learner/fixtures.js'

describe('user data that threw before', () => {
  it('csv readers refuse a bad delimiter or encoding with an invalid_options Left', async () => {
    const p = parseCsv('a;b\n', { delimiter: ';;' })
    expect(p._tag === 'Left' && p.left.code).toBe('invalid_options')
    expect(p._tag === 'Left' && p.left.message).toMatch(/delimiter must be one character/)
    const r = await readCsv('a,b\n', () => undefined, { encoding: 'klingon' })
    expect(r._tag === 'Left' && r.left.code).toBe('invalid_options')
    const t = await readResponseCsv('user,skill,correct\n', { delimiter: '"' })
    expect(t._tag).toBe('Left')
  })

  it('ioError describes any thrown value', () => {
    const hostile = JSON.parse('{"toString": 2}') as unknown
    expect(ioError(hostile, 'f.csv').message).toBe('cannot read the input: [object Object]')
    expect(ioError('disk on fire').message).toBe('cannot read the input: disk on fire')
  })

  it('tables show symbols, bigints, functions and cycles instead of throwing', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    const rows = [[Symbol('s'), 10n, () => 1, cyclic]]
    expect(htmlTable(['a', 'b', 'c', 'd'], rows)).toContain('<td>Symbol(s)</td><td>10</td><td>function</td><td>[object Object]</td>')
    expect(textTable(['a', 'b', 'c', 'd'], rows).split('\n')[1]).toBe('Symbol(s)  10  function  [object Object]')
  })

  it('suggestKey answers at once for a megabyte-long key', () => {
    expect(suggestKey('x'.repeat(1 << 20), ['x'.repeat(1 << 20), 'weights'])).toBeUndefined()
    expect(suggestKey('wieghts', ['weights'])).toBe('weights')
  })

  it('readyToLearn reads prerequisites as own properties (skills named like Object members)', () => {
    const g = skillGraph({ skills: { constructor: [], toString: ['constructor'] } })
    if (g._tag === 'Left') throw new Error(g.left.message)
    expect(readyToLearn(g.right, () => 0)).toEqual(['constructor'])
    expect(readyToLearn({ ...g.right, prerequisites: {} }, () => 0)).toEqual(['constructor', 'toString'])
  })

  it('xAPI ids of goals whose id holds a lone surrogate', () => {
    const p = goalProgress({ model: tinyBkt(BKT_PARAMS) })(learnerState('ada'), { kind: 'mastery', id: 'a\uD800b', skills: ['a'] }, 0)
    const s = goalStatement({ actor: { objectType: 'Agent', account: { homePage: 'https://x.org', name: 'ada' } }, activityBase: 'https://x.org/' })(p, 0)
    expect(s.object.id).toBe('https://x.org/goals/a%EF%BF%BDb')
  })

  it('a table summary with times outside the Date range is displayed without them', () => {
    const d = tableSummaryDisplay({ rows: 1, learners: 1, skills: 1, items: 0, meanCorrect: 1, firstTime: -1e308, lastTime: 1e20 })
    expect(String(d['text/plain'])).not.toContain('Invalid')
  })

  it('simulateResponses refuses an examinee count it cannot finish', () => {
    expect(() => simulateResponses([], 1e308)).toThrow(/examinees must be an integer from 0 to 10,000,000, got 1e\+308/)
    expect(simulateResponses([{ a: 1, b: 0, c: 0, d: 1 }], 2, { seed: 1 })).toHaveLength(2)
  })
})

// found by the export walk under other seeds than the suite's (2 December 2026)
describe('user data that threw, hung or ran out of memory under other seeds', () => {
  it('bktSequencesPart cuts its range to whole learners instead of throwing', () => {
    const s = right(bktSequences(bktTableFromOutcomes([[1, 0], [1], [0, 0, 1]]), {}))[0]!
    expect(bktSequencesPart(s, 1, 3).length).toBe(4)
    expect(bktSequencesPart(s, 7, -1).nSeq).toBe(0)
    expect(bktSequencesPart(s, -1, 1.5).nSeq).toBe(1)
    expect(bktSequencesPart(s, 0, Number.POSITIVE_INFINITY).length).toBe(6)
    expect(bktSequencesPart({ ...s, nSeq: -1 }, 3, 0.5).length).toBe(0)
  })

  it('bktDedupSequences (and bktChunks) leave sequences whose offsets go back as they are', () => {
    const s = right(bktSequences(bktTableFromOutcomes([[0, 1], [0, 1], [0, 1], [1]]), {}))[0]!
    expect(bktDedupSequences(s).nSeq).toBe(2)
    const odd = { ...s, nSeq: 2, length: 2, seqStart: Int32Array.of(0, 5, 2) }
    expect(bktDedupSequences(odd)).toBe(odd)
    expect(() => bktChunks(odd, 1)).not.toThrow()
  })

  it('csrLinear names a row count its offsets do not cover', () => {
    const x = { rows: -1, cols: 1, rowStart: new Int32Array(0), columns: new Int32Array(0), values: new Float64Array(0) }
    expect(() => csrLinear(x, new Float64Array(1), 0)).toThrow(/csrLinear: -1 rows, but rowStart has 0 offsets \(expected rows \+ 1\)/)
    expect(Array.from(csrLinear({ ...x, rows: 1, rowStart: Int32Array.of(0, 1), columns: Int32Array.of(0), values: Float64Array.of(2) }, Float64Array.of(3), 1))).toEqual([7])
  })

  it("a scheduler whose review returns something else than an Either is named in a Left", () => {
    const scheduler = { ...right(fsrs()), review: () => ({ _tag: 'Right', right: undefined }) }
    const r = apply({ model: tinyBkt(BKT_PARAMS), scheduler } as never)(learnerState('ada'), { kind: 'review', time: 0, card: 'c1', rating: 3 })
    expect(r._tag === 'Left' && r.left.code).toBe('invalid_options')
    expect(r._tag === 'Left' && r.left.message).toBe("the scheduler's review of card 'c1' returned neither Left(error) nor Right({ state, log })")
  })

  it('fsrsSimulatorConfigFromReviews refuses a card state outside 0..3 and a card id that is not text', () => {
    const r = fsrsSimulatorConfigFromReviews([{ cardId: 'a', time: 57, rating: 1, state: Number.POSITIVE_INFINITY, duration: 38 }])
    expect(r._tag === 'Left' && r.left).toMatchObject({ code: 'out_of_range', path: ['reviews', 0, 'state'], message: 'expected a card state: 0 new, 1 learning, 2 review, 3 relearning' })
    const s = fsrsSimulatorConfigFromReviews([{ cardId: Symbol('c') as never, time: 57, rating: 1, state: 1, duration: 38 }])
    expect(s._tag === 'Left' && s.left.path).toEqual(['reviews', 0, 'cardId'])
  })

  it('fsrsSimulatorConfigFromReviews checks its clock as the scheduler does (an unknown time zone threw)', () => {
    const reviews = [{ cardId: 'a', time: 7, rating: 2 as const, state: 0 as const, duration: 3 }]
    const r = fsrsSimulatorConfigFromReviews(reviews, { clock: { timeZone: '2025-02-30' } })
    expect(r._tag === 'Left' && r.left).toMatchObject({ code: 'invalid_value', path: ['clock', 'timeZone'], message: 'unknown IANA time zone' })
    const h = fsrsSimulatorConfigFromReviews(reviews, { clock: { dayStartHour: 52 } })
    expect(h._tag === 'Left' && h.left.path).toEqual(['clock', 'dayStartHour'])
    expect(fsrsSimulatorConfigFromReviews(reviews, { clock: { timeZone: 'Europe/London', dayStartHour: 4 } })._tag).toBe('Right')
  })

  it('apply and replayReviews check a clock the runtime cannot use before they count days on it', () => {
    const bad = { timeZone: 'Mars/Olympus_Mons' }
    const attempt = { kind: 'attempt' as const, time: 0, item: 'q1', skills: ['a'], correct: 1 as const }
    const a = apply({ model: tinyBkt(BKT_PARAMS), clock: bad })(learnerState('ada'), attempt)
    expect(a._tag === 'Left' && a.left).toMatchObject({ code: 'invalid_value', path: ['config', 'clock', 'timeZone'], message: 'unknown IANA time zone' })
    expect(apply({ model: tinyBkt(BKT_PARAMS), clock: { timeZone: 'Europe/London' } })(learnerState('ada'), attempt)._tag).toBe('Right')
    const day = 86_400_000
    const reviews = [{ cardId: 'a', time: 0, rating: 3 as const }, { cardId: 'a', time: day, rating: 3 as const }]
    const r = replayReviews(right(fsrs()), reviews, { clock: bad })
    expect(r._tag === 'Left' && r.left.path).toEqual(['clock', 'timeZone'])
    expect(replayReviews(right(fsrs()), reviews, { clock: { timeZone: 'Europe/London' } })._tag).toBe('Right')
  })

  it('ankiSm2 refuses a time zone the runtime does not know (its reviews threw RangeError)', () => {
    const a = ankiSm2({ clock: { timeZone: 'Mars/Olympus_Mons', dayStartHour: 4 } })
    expect(a._tag === 'Left' && a.left).toMatchObject({ code: 'invalid_value', path: ['options', 'clock', 'timeZone'], message: 'unknown IANA time zone' })
    expect(ankiSm2({ clock: { timeZone: 'Europe/London', dayStartHour: 4 } })._tag).toBe('Right')
  })

  it('calibrate and irtEStep check IRT data not built by irtData', () => {
    const d = right(irtData([{ examinee: 'a', item: 'q', response: 1 }, { examinee: 'b', item: 'q', response: 0 }]))
    const broken = { ...d, start: Int32Array.of(0, 1) }
    const c = calibrate(broken, { model: '2pl' })
    expect(c._tag === 'Left' && c.left.message).toBe('inconsistent IRT data (build it with irtData): start must have one offset per examinee, plus one')
    const outside = { ...d, response: Int32Array.of(1, 2) }
    expect(calibrate(outside, { model: '2pl' })._tag === 'Left' && 'left').toBe('left')
    const g = quadrature(5)
    const logP = logProbabilityTable([{ a: 1, b: 0, c: 0, d: 1 }], 2, g)
    expect(irtEStep(d, logP, 2, g).logLikelihood).toBeLessThan(0)
    expect(() => irtEStep(d, logP, -1, g)).toThrow(/irtEStep: maxCategories must be an integer ≥ 2, got -1/)
    expect(() => irtEStep(d, logP, 2, { points: g.points, weights: new Float64Array(0) })).toThrow(/irtEStep: the grid needs as many weights as points/)
    expect(() => irtEStep(d, logP, 2, g, 1, 0)).toThrow(/irtEStep: expected whole examinees 0 ≤ from ≤ to ≤ 2, got 1 and 0/)
  })

  it('the simulators refuse sizes they cannot finish', () => {
    const r = simulateReviews({ cards: 1e308, reviewsPerCard: 22, seed: 1 })
    expect(r._tag === 'Left' && r.left.message).toBe('expected at most 10,000,000 reviews in all (cards × reviewsPerCard)')
    expect(right(simulateReviews({ cards: 2, reviewsPerCard: 3, seed: 1 }))).toHaveLength(6)
    const b = simulateBkt({ learners: 1e308, steps: 1, seed: 1, skills: { a: BKT_PARAMS } })
    expect(b._tag === 'Left' && b.left.message).toBe('expected at most 100,000,000 rows in all (learners × steps × skills)')
  })

  it('bktGridSearch stops zooming once the spacing no longer moves the best point (a zoom of 2^31)', () => {
    const t = bktTableFromOutcomes([[0, 1, 1], [0, 0, 1, 1], [1, 1]])
    const deep = right(bktGridSearch(t, { step: 0.2, zoom: 2 ** 31 }))
    const two = right(bktGridSearch(t, { step: 0.2, zoom: 2 }))
    expect(Object.values(deep.skills)[0]!.logLikelihood).toBeGreaterThanOrEqual(Object.values(two.skills)[0]!.logLikelihood - 1e-9)
  })

  it('a forecast with a threshold that is not a number answers NaN at once', () => {
    const m = tinyBkt(BKT_PARAMS)
    expect(forecastOpportunitiesToMastery(m, 'a', m.init('a'), Number.NaN)).toBeNaN()
    expect(forecastOpportunitiesToMastery(m, 'a', m.init('a'), new Array(100_000) as never)).toBeNaN()
    expect(forecastOpportunitiesToMastery(m, 'a', m.init('a'), 0.95, { runs: 200, seed: 1 })).toBeGreaterThan(1)
  })

  it('a hole in a column of scores or labels counts as NaN (rocCurve looped forever on it)', () => {
    const holes = [1, , 3, , 0] as unknown as number[] // eslint-disable-line no-sparse-arrays
    const labels = [1, 0, 1, 0, 0]
    expect(() => rocCurve(labels, holes)).toThrow('rocCurve: NaN at row 1')
    expect(() => rocCurve(holes, labels)).toThrow('rocCurve: NaN at row 1')
    expect(auc(labels, holes)).toBeNaN()
    expect(accuracy(labels, holes)).toBeNaN()
    expect(metrics(labels, holes).auc).toBeNaN()
    expect(metrics(labels, holes).accuracy).toBeNaN()
  })

  it("R-PFA's ghost failures in any number (a model file may say 1e20) are summed at once", () => {
    const t = bktTableFromOutcomes([[0, 1, 1]])
    const at = (ghosts: number, decay = 0.5): number[] => Array.from(encodeLogistic(t, { ...logisticFeatures('r-pfa'), decay, ghosts }).x.values)
    // G = 1 + δ + δ² + … → 1 / (1 − δ) = 2: 64 ghosts term by term and 1e20 in closed form agree
    expect(at(1e20)).toEqual(at(64))
    expect(at(1e20, 1).every(Number.isFinite)).toBe(true)
  })

  it("DAS3H's time windows end on a table whose skill indices run past its skill names (the walk went round for ever)", () => {
    const t = { ...bktTableFromOutcomes([[0, 1, 1]]), time: Float64Array.of(0, 1, 2) }
    const das3h = { ...logisticFeatures('das3h'), windows: [-2] }
    // skill 0 without a name: no row links to the next, and the values say so (NaN) instead of hanging
    const bad = encodeLogistic({ ...t, skills: [] }, das3h)
    expect(bad.x.rows).toBe(3)
    expect(Array.from(bad.x.values).some(Number.isNaN)).toBe(true)
    // the same window on the well-formed table: every earlier row has left it
    const good = encodeLogistic(t, das3h)
    expect(Array.from(good.x.values).every(Number.isFinite)).toBe(true)
  })
})
