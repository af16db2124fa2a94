import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { bktKnowledgeModel, crossValidateBkt, evaluateBkt, fitBkt } from '../../src/bkt/index.js'
import { JUPYTER_DISPLAY, VEGA_LITE_MIME, hasDisplay, type DisplayData } from '../../src/core/index.js'
import { tableSummary } from '../../src/data/index.js'
import { goalsProgress } from '../../src/goals/index.js'
import { apply, learnerState } from '../../src/learner/index.js'
import { crossValidationChart, fitChart, learningCurveSpec, show } from '../../src/plot/index.js'
import { simulateBkt } from '../../src/sim/index.js'
import { evaluateScheduler, fsrsOptimize, sm2, type ReplayReview } from '../../src/srs/index.js'
import { right as unwrap } from '../either.js'

const displayOf = (v: unknown): DisplayData => {
  expect(hasDisplay(v)).toBe(true)
  return (v as { [JUPYTER_DISPLAY]: () => DisplayData })[JUPYTER_DISPLAY]()
}

const skills = {
  fractions: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 },
  decimals: { pInit: 0.5, pLearn: 0.08, pGuess: 0.25, pSlip: 0.15 },
}
const table = unwrap(simulateBkt({ learners: 80, steps: 8, seed: 3, skills })).table

describe('research results display themselves as tables, invisible to JSON', () => {
  it('a BKT fit: a row per skill with its parameters', () => {
    const fit = unwrap(fitBkt(table, { seed: 1, restarts: 1 }))
    const d = displayOf(fit)
    const html = String(d['text/html'])
    expect(html).toMatch(/^<table><caption>BKT fit: 1280 rows, 2 skills/)
    expect(html).toContain('<th>pGuess</th>')
    expect(html).toContain('<td>fractions</td>')
    expect(String(d['text/plain'])).toMatch(/decimals\s+640/)
    // invisible: JSON, keys and spreads are unchanged
    expect(Object.keys(fit)).toEqual(['model', 'skills', 'logLikelihood', 'rows', 'emptySkills'])
    expect(JSON.stringify(fit)).not.toContain('Jupyter')
    expect(hasDisplay({ ...fit })).toBe(false)
    const chart = fitChart(fit, 'fitted parameters')
    expect(displayOf(chart)[VEGA_LITE_MIME]).toEqual(JSON.parse(JSON.stringify(chart)))
  })
  it('an evaluation, a cross-validation and a table summary', () => {
    const ev = unwrap(evaluateBkt({ skills }, table))
    expect(String(displayOf(ev)['text/plain'])).toMatch(/\(all\)\s+1280/)
    const cv = unwrap(crossValidateBkt(table, { folds: 3, seed: 1, restarts: 1 }))
    const text = String(displayOf(cv)['text/plain'])
    expect(text.split('\n')).toHaveLength(1 + 1 + 3 + 2) // caption, header, 3 folds, mean, pooled
    expect(text).toMatch(/\nmean /)
    const { rows } = crossValidationChart({ standard: cv })
    expect(rows).toHaveLength(3)
    expect(String(displayOf(tableSummary(table))['text/html'])).toContain('<td>learners</td><td style="text-align:right">80</td>')
  })
  it('a scheduler evaluation and an FSRS optimization', () => {
    const day = 86_400_000
    const reviews: ReplayReview[] = []
    for (let c = 0; c < 30; c++) for (let k = 0; k < 5; k++) reviews.push({ cardId: `c${c}`, time: (k * k + c % 3) * day, rating: (c + k) % 4 === 0 ? 1 : 3 })
    const e = unwrap(evaluateScheduler(unwrap(sm2()), reviews))
    expect(String(displayOf(e)['text/plain'])).toContain('log loss')
    const opt = unwrap(fsrsOptimize(reviews, { epochs: 1 }))
    expect(String(displayOf(opt)['text/plain'])).toMatch(/w20 /)
  })
})

describe('show: app-side values, wrapped in a notebook', () => {
  it('a learner state with its mastery, and goal progress', () => {
    const config = { model: bktKnowledgeModel({ skills: { ...skills, fractions: { ...skills.fractions, pForget: 0 } } }) }
    const step = apply(config)
    let s = unwrap(step(learnerState('ada'), { kind: 'goalSet', time: 0, goal: { kind: 'mastery', id: 'unit', skills: ['fractions'], deadline: 5 * 86_400_000 } }))
    for (let i = 0; i < 4; i++) s = unwrap(step(s, { kind: 'attempt', time: 1000 * i, item: `q${i}`, skills: ['fractions'], correct: 1 }))
    expect(hasDisplay(s)).toBe(false)
    const d = displayOf(show(s, { config }))
    expect(String(d['text/html'])).toContain('<th>mastery</th>')
    expect(String(d['text/plain'])).toMatch(/^Learner ada\nskill\s+attempts\s+correct\s+mastery/)
    const g = goalsProgress(config)(s, 4000)
    const gd = displayOf(show(g))
    expect(String(gd['text/plain'])).toMatch(/unit\s+mastery\s+\d+ %/)
    expect(show(g).value).toBe(g)
  })
  it('Eithers, errors, records and arrays of flat objects, other values as JSON', () => {
    expect(String(displayOf(show(fitBkt(table, { restarts: 0 })))['text/plain'])).toBe('error invalid_options (restarts): expected an integer ≥ 1')
    expect(String(displayOf(show([{ model: 'a', auc: 0.7 }, { model: 'b', auc: 0.72 }]))['text/plain'])).toBe('model     auc\na      0.7000\nb      0.7200')
    expect(String(displayOf(show({ a: { x: 1 }, b: { x: 2 } }))['text/html'])).toContain('<td>b</td>')
    expect(String(displayOf(show(42))['text/plain'])).toBe('42')
    const spec = learningCurveSpec([])
    expect(displayOf(show(spec))[VEGA_LITE_MIME]).toBeDefined()
    expect(String(displayOf(show({ auc: 0.7 }, { caption: 'held out' }))['text/plain'])).toMatch(/^held out\n/)
  })
})

describe('app bundles pay nothing for display', () => {
  it('apply, learnerState, goalsProgress, bktUpdate and fsrs bundle without HTML rendering', async () => {
    const out = await build({
      stdin: {
        contents: "export { apply, learnerState } from './src/learner/index.ts'\nexport { goalsProgress } from './src/goals/index.ts'\nexport { bktUpdate } from './src/bkt/index.ts'\nexport { fsrs } from './src/srs/index.ts'\n",
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      treeShaking: true,
      external: ['io-ts', 'fp-ts', 'fp-ts/*'],
    })
    const code = out.outputFiles[0]?.text ?? ''
    expect(code).toContain('goalsProgress')
    expect(code).not.toMatch(/<table|text\/html|vegalite/)
  })
})

describe('show: response tables and loaded files', () => {
  it('a row per skill, and what a load skipped', () => {
    const d = displayOf(show(table))
    expect(String(d['text/plain'])).toMatch(/^Responses: 1280 rows, 80 learners, 2 skills\nskill\s+rows\s+learners\s+items\s+mean correct\nfractions\s+640\s+80\s+0\s+0\.\d+/)
    const loaded = { table, summary: { rowsRead: 1300, rowsUsed: 1280, skipped: { 'no skill': 20 } } }
    expect(String(displayOf(show(loaded))['text/plain'])).toContain('skipped: no skill')
  })
})
