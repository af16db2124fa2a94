// Names that are also Object.prototype members, and other inputs once accepted silently.
import { describe, expect, it } from 'vitest'
import * as E from '../../src/core/either.js'
import { readResponseCsv, readReviewCsv } from '../../src/data/index.js'
import { goalsProgress } from '../../src/goals/index.js'
import { apply, learnerState, replay } from '../../src/learner/index.js'
import { eloKnowledgeModel, ELO_DEFAULTS } from '../../src/models/index.js'
import { fitHlr, hlr, hlrPredict, type HlrModel } from '../../src/srs/index.js'
import { runCli } from '../cli/capture.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const HOSTILE = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']

describe('HLR weights named like Object.prototype members', () => {
  it('predict finite values; a card without the feature ignores the weight', () => {
    for (const name of HOSTILE) {
      const weights = JSON.parse(`{"bias": 1, "right": 0.5, ${JSON.stringify(name)}: 0.7}`) as Record<string, number>
      const model: HlrModel = { weights, counts: 'raw' }
      const p = hlrPredict(model, { p: 1, deltaDays: 1, right: 1, wrong: 0 })
      expect(p.h, name).toBeCloseTo(Math.pow(2, 1.5), 12)
      const withFeature = hlrPredict(model, { p: 1, deltaDays: 1, right: 1, wrong: 0, features: JSON.parse(`{${JSON.stringify(name)}: 1}`) })
      expect(withFeature.h, name).toBeCloseTo(Math.pow(2, 2.2), 12)
      const s = hlr(model)
      if (E.isLeft(s)) throw new Error(s.left.message)
      const r = s.right.review(s.right.init(0), 3, 0)
      expect(E.isRight(r) && Number.isFinite(r.right.state.due), name).toBe(true)
    }
  })

  it('srs replay --scheduler hlr with such weights prints finite dues', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lk-names-'))
    writeFileSync(join(dir, 'r.csv'), 'card_id,review_time,rating\nc,0,3\nc,86400000,3\n')
    writeFileSync(join(dir, 'm.json'), '{"weights":{"bias":1,"right":0.5,"constructor":0.3,"toString":0.1,"hasOwnProperty":0.2,"__proto__":0.4},"counts":"raw"}')
    const r = await runCli(['srs', 'replay', join(dir, 'r.csv'), '--scheduler', 'hlr', '--params', join(dir, 'm.json'), '--json'])
    expect(r.code, r.stderr).toBe(0)
    for (const step of JSON.parse(r.stdout) as Array<{ due: unknown }>) expect(typeof step.due).toBe('number')
  })

  it('fitHlr keeps a feature named __proto__ as a weight', () => {
    const xs = [0, 1, 2].flatMap((right) =>
      [1, 3].map((deltaDays) => ({ p: 0.8, deltaDays, right, wrong: 0, features: JSON.parse('{"__proto__": 1, "constructor": 1}') as Record<string, number> })),
    )
    const r = fitHlr(xs, { iterations: 50 })
    if (E.isLeft(r)) throw new Error(r.left.message)
    expect(Object.keys(r.right.model.weights)).toEqual(expect.arrayContaining(['__proto__', 'constructor']))
    expect(Object.getPrototypeOf(r.right.model.weights)).toBe(Object.prototype)
  })
})

describe('goals and learner state', () => {
  const config = { model: eloKnowledgeModel(ELO_DEFAULTS) }
  it('goalsProgress keeps a goal whose id is __proto__', () => {
    const s = apply(config)(learnerState('ada'), { kind: 'goalSet', time: 0, goal: { kind: 'streak', id: '__proto__', days: 3 } })
    if (E.isLeft(s)) throw new Error(s.left.message)
    const p = goalsProgress(config)(s.right, 0)
    expect(Object.keys(p)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(p, '__proto__')?.value.status).toBeDefined()
  })

  it('the reducer refuses an attempt older than the last activity, as a scheduler refuses reviews', () => {
    const r = replay(config)(learnerState('ada'), [
      { kind: 'attempt', time: 2 * 86_400_000, item: 'q', skills: ['a'], correct: 1 },
      { kind: 'attempt', time: 86_400_000, item: 'q', skills: ['a'], correct: 1 },
    ])
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'out_of_range', path: ['events', 1, 'time'] })
  })
})

describe('duplicate header names', () => {
  it('are refused, naming both columns', async () => {
    const a = await readResponseCsv('user_id,skill_name,correct,correct\na,s,1,0\n', { file: 'd.csv' })
    expect(E.isLeft(a) && a.left).toMatchObject({ file: 'd.csv', line: 1, column: 4 })
    expect(E.isLeft(a) && a.left.message).toMatch(/'correct' twice \(columns 3 and 4\)/)
    const b = await readReviewCsv('card_id,review_time,rating, rating\nc,1,3,1\n')
    expect(E.isLeft(b) && b.left.message).toMatch(/'rating' twice \(columns 3 and 4\)/)
    // empty names (trailing delimiters) are not names
    const c = await readResponseCsv('user_id,skill_name,correct,,\na,s,1,,\n')
    expect(E.isRight(c)).toBe(true)
  })
})

describe('srs and fsrs commands say which rows they did not use', () => {
  it('Anki manual rows are counted in a note, as bkt commands do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lk-manual-'))
    const f = join(dir, 'revlog.csv')
    writeFileSync(f, 'id,cid,usn,ease,ivl,lastIvl,factor,time,type\n1737747496478,1,1,3,-600,-60,0,2411,0\n1737747498344,1,1,0,1,0,2500,0,4\n1737833896478,1,1,3,1,0,2500,900,1\n')
    for (const cmd of [['srs', 'replay'], ['srs', 'evaluate'], ['fsrs', 'optimize']]) {
      const r = await runCli([...cmd, f, '--json'])
      expect(r.stderr, cmd.join(' ')).toMatch(/note: .*revlog\.csv: 1 of 3 rows not used \(manual: 1\)/)
    }
  })
})
