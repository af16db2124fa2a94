import { describe, expect, it } from 'vitest'
import { JUPYTER_DISPLAY } from '../../src/core/display.js'
import { selectRows } from '../../src/data/table.js'
import { bktFoldsOf } from '../../src/bkt/crossvalidate.js'
import { compareModels, comparisonJson, comparisonTable, type CompareModel } from '../../src/eval/index.js'
import { auc } from '../../src/eval/metrics.js'
import { fitLogistic, predictLogistic } from '../../src/models/index.js'
import { simulateBkt } from '../../src/sim/index.js'
import { right } from '../either.js'

const table = right(
  simulateBkt({ learners: 90, steps: 10, seed: 11, skills: { s: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }, t: { pInit: 0.5, pLearn: 0.05, pGuess: 0.25, pSlip: 0.1 } } }),
).table

describe('compareModels', () => {
  it('scores every model on the folds bkt crossvalidate uses, with the fitted model’s held-out predictions', () => {
    const c = right(compareModels(table, { models: ['pfa', 'irt'], folds: 3, seed: 4 }))
    const { fold } = right(bktFoldsOf(table, { folds: 3, seed: 4 }))
    for (let f = 0; f < 3; f++) {
      const test = Uint8Array.from(fold, (v) => (v === f ? 1 : 0))
      const fit = right(fitLogistic(selectRows(table, Uint8Array.from(test, (v) => 1 - v)), { model: 'pfa' }))
      const held = selectRows(table, test)
      expect(c.models['pfa']!.perFold[f]!.auc).toBe(auc(held.correct, predictLogistic(fit.params, held)))
    }
    expect(c.rows).toBe(table.length)
    expect(c.foldRows.reduce((a, b) => a + b, 0)).toBe(table.length)
  })

  it('displays itself in a notebook (text, HTML, Vega-Lite) and serialises to the CLI contract', () => {
    let t = 0
    const c = right(compareModels(table, { models: ['bkt', 'elo'], folds: 2, seed: 1, bkt: { restarts: 1 }, clock: () => (t += 500) }))
    expect(c.models['elo']!.seconds).toBe(1) // two folds × 500 ms from the injected clock
    const shown = (c as unknown as Record<symbol, () => Record<string, unknown>>)[JUPYTER_DISPLAY]!()
    expect(shown['text/plain']).toBe(comparisonTable(c))
    expect(String(shown['text/html'])).toContain('<table')
    expect((shown['application/vnd.vegalite.v5+json'] as { $schema: string }).$schema).toContain('vega-lite')
    expect(Object.keys(JSON.parse(JSON.stringify(c)))).toEqual(['rows', 'folds', 'foldRows', 'models'])
    expect(Object.keys(comparisonJson(c).models['bkt']!)).toEqual(['auc', 'rmse', 'logLoss', 'accuracy', 'aucSd', 'seconds', 'perFold'])
  })

  it('reports the sample standard deviation over folds', () => {
    const c = right(compareModels(table, { models: ['afm'], folds: 4, seed: 2 }))
    const xs = c.models['afm']!.perFold.map((m) => m.auc)
    const m = xs.reduce((a, b) => a + b, 0) / 4
    expect(c.models['afm']!.aucSd).toBeCloseTo(Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / 3), 12)
  })

  it('rejects unknown models and bad folds', () => {
    const e = compareModels(table, { models: ['dkt' as CompareModel] })
    expect(e._tag === 'Left' && e.left.code).toBe('unknown_name')
    const f = compareModels(table, { folds: 1000 })
    expect(f._tag === 'Left' && f.left.path).toEqual(['folds'])
    const g = compareModels(table, { by: 'column' })
    expect(g._tag === 'Left' && g.left.message).toContain('no fold column')
  })
})
