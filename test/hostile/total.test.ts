// Total public decoders and user-data entry points: called with hostile values in the place where
// user data goes (fast-check picks them), they return an Either (or a promise of one) and never
// throw. Every exported io-ts codec of every browser-safe area is walked automatically through
// `decode`; the entry points that take user data as typed values are listed below.
import { fc } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import * as bkt from '../../src/bkt/index.js'
import * as core from '../../src/core/index.js'
import * as data from '../../src/data/index.js'
import * as goals from '../../src/goals/index.js'
import * as learner from '../../src/learner/index.js'
import * as models from '../../src/models/index.js'
import * as sim from '../../src/sim/index.js'
import * as srs from '../../src/srs/index.js'

let deepArray: unknown = 1
for (let i = 0; i < 100_000; i++) deepArray = [deepArray]
let deepObject: unknown = 1
for (let i = 0; i < 100_000; i++) deepObject = { a: deepObject }

const HOSTILE: ReadonlyArray<unknown> = [
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -1,
  1e20,
  '',
  'x',
  '__proto__',
  [],
  {},
  JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 1, "toString": 2, "hasOwnProperty": 3}'),
  deepArray,
  deepObject,
  new Array(100_000).fill(undefined),
  [Number.NaN, -1, 'a', null, { time: 1e20 }],
  { cardId: '__proto__', time: 1e20, rating: 3 },
  [{ cardId: 'c', time: 1e20, rating: 3 }],
  [{ learner: '__proto__', skill: 'constructor', correct: 1, time: 1e20 }],
  { kind: 'attempt', time: 1e20, item: 'q', skills: ['__proto__'], correct: 1 },
  { weights: { constructor: 1, __proto__: 2 } },
]
const hostile = fc.constantFrom(...HOSTILE)

const isEither = (x: unknown): boolean =>
  typeof x === 'object' && x !== null && ((x as { _tag?: unknown })._tag === 'Left' || (x as { _tag?: unknown })._tag === 'Right')

/** Runs `f` on each hostile value; collects what threw or did not return an Either. */
const walk = async (name: string, f: (v: unknown) => unknown, failures: string[]): Promise<void> => {
  await fc
    .assert(
      fc.asyncProperty(hostile, async (v) => {
        try {
          const r = await f(v)
          if (!isEither(r)) throw new Error(`returned ${typeof r}, not an Either`)
        } catch (e) {
          failures.push(`${name}(${Array.isArray(v) ? `[${v.length}]` : typeof v === 'object' && v !== null ? '{…}' : String(v)}): ${String((e as Error).message).slice(0, 100)}`)
          return false
        }
        return true
      }),
      { numRuns: HOSTILE.length * 2, seed: 7, endOnFailure: true },
    )
    .catch(() => undefined)
}

const AREAS = { bkt, core, data, goals, learner, models, sim, srs } as Record<string, Record<string, unknown>>

describe('total decoders and entry points', () => {
  it('decode with every exported io-ts codec never throws', async () => {
    const failures: string[] = []
    let codecs = 0
    for (const [area, mod] of Object.entries(AREAS))
      for (const [name, c] of Object.entries(mod)) {
        if (typeof c !== 'object' || c === null || typeof (c as { decode?: unknown }).decode !== 'function' || typeof (c as { is?: unknown }).is !== 'function') continue
        codecs++
        await walk(`${area}.${name}`, (v) => core.decode(c as never, v), failures)
      }
    expect(codecs).toBeGreaterThan(15)
    expect(failures).toEqual([])
  })

  it('readers, decoders and fitters given hostile user data return an Either', async () => {
    const elo = { model: models.eloKnowledgeModel(models.ELO_DEFAULTS) }
    const sm2 = srs.sm2()
    if (sm2._tag === 'Left') throw new Error('sm2')
    const entry: Record<string, (v: unknown) => unknown> = {
      parseTime: (v) => core.parseTime(v as string),
      dayClock: (v) => core.dayClock(v as never),
      responsesFromRows: (v) => data.responsesFromRows(v as never),
      readResponseCsv: (v) => data.readResponseCsv(v as never),
      readReviewCsv: (v) => data.readReviewCsv(v as never),
      readResponseCsvText: (v) => data.readResponseCsv(typeof v === 'string' ? v : JSON.stringify(v) ?? ''),
      parseCsv: (v) => data.parseCsv(v as string),
      decodeBktDocument: (v) => bkt.decodeBktDocument(v),
      parseBktDocument: (v) => bkt.parseBktDocument(typeof v === 'string' ? v : JSON.stringify(v) ?? ''),
      decodeBktModel: (v) => bkt.decodeBktModel(v),
      fsrsOptionsFromJson: (v) => srs.fsrsOptionsFromJson(v),
      fsrs: (v) => srs.fsrs(v as never),
      sm2: (v) => srs.sm2(v as never),
      leitner: (v) => srs.leitner(v as never),
      ankiSm2: (v) => srs.ankiSm2(v as never),
      hlr: (v) => srs.hlr(v as never),
      decodeFsrsCard: (v) => srs.decodeFsrsCard(v),
      fsrsCardFromTsFsrs: (v) => srs.fsrsCardFromTsFsrs(v),
      replayReviews: (v) => srs.replayReviews(sm2.right as never, v as never),
      evaluateScheduler: (v) => srs.evaluateScheduler(sm2.right as never, v as never),
      fsrsOptimize: (v) => srs.fsrsOptimize(v as never),
      schedulerReview: (v) => sm2.right.review(sm2.right.init(0), 3, v as never),
      learnerApply: (v) => learner.apply(elo)(learner.learnerState('ada'), v as never),
      learnerReplay: (v) => learner.replay(elo)(learner.learnerState('ada'), Array.isArray(v) ? (v as never) : [v as never]),
      migrateLearnerState: (v) => learner.migrateLearnerState(elo as never)(v),
      simulateBkt: (v) => sim.simulateBkt(v as never),
    }
    const failures: string[] = []
    for (const [name, f] of Object.entries(entry)) await walk(name, f, failures)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(failures).toEqual([])
  })
})
