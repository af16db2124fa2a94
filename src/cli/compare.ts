/**
 * `learnkit compare`: every knowledge model on the same learner-split folds
 * of a response CSV (DESIGN.md's contract).
 *
 * `--plot FILE` writes the comparison chart: a Vega-Lite spec when FILE ends
 * in `.json` (always available), an SVG when it ends in `.svg`, rendered
 * with the `vega` and `vega-lite` packages. Those are not dependencies of
 * learnkit (they are large and only this option uses them): if they cannot
 * be imported the command says so before doing any work and exits 2.
 *
 * @module
 */
import { compareModels, comparisonJson, comparisonTable, COMPARE_MODELS, DEFAULT_COMPARE_MODELS, type CompareModel, type ModelComparison } from '../eval/compare.js'
import { comparisonSpec } from '../eval/compare-plot.js'
import { learnkitError, LearnkitException } from '../core/errors.js'
import type { ResponseColumns } from '../data/responses.js'
import { readResponseFile } from '../node/files.js'
import { inputFlags, inputOptions, noteSummary, withFlagAdvice, writeOutput } from './io.js'
import { booleanFlag, listFlag, numberFlag, orThrow, positionals, printJson, stringFlag, UsageError, type Command, type Invocation } from './command.js'

type SvgRenderer = (spec: unknown) => Promise<string>

/** vega-lite → vega → SVG, when both packages can be imported. */
const loadSvgRenderer = async (): Promise<SvgRenderer | string> => {
  try {
    const vegaName = 'vega'
    const liteName = 'vega-lite'
    const vega = (await import(vegaName)) as {
      View: new (rt: unknown, o: { renderer: string }) => { toSVG: () => Promise<string>; finalize: () => void }
      parse: (s: unknown) => unknown
    }
    const lite = (await import(liteName)) as { compile: (s: unknown) => { spec: unknown } }
    return async (spec) => {
      const view = new vega.View(vega.parse(lite.compile(spec).spec), { renderer: 'none' })
      const svg = await view.toSVG()
      view.finalize()
      return svg
    }
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

const columnsOf = (inv: Invocation): ResponseColumns => {
  const c: Record<string, string> = {}
  for (const [key, flag] of [
    ['user', 'user-column'],
    ['skill', 'skill-column'],
    ['correct', 'correct-column'],
    ['order', 'order-column'],
    ['item', 'item-column'],
    ['time', 'time-column'],
    ['fold', 'fold-column'],
  ] as const) {
    const v = stringFlag(inv, flag)
    if (v !== undefined) {
      if (v.trim() === '') throw new UsageError(`--${flag}: expected a column name`)
      c[key] = v
    }
  }
  return c
}

const modelsOf = (inv: Invocation): ReadonlyArray<CompareModel> => {
  const names = listFlag(inv, 'models')
  if (names === undefined) return DEFAULT_COMPARE_MODELS
  if (names.length === 0) throw new UsageError('--models: expected a comma-separated list of models')
  for (const n of names)
    if (!COMPARE_MODELS.includes(n as CompareModel)) throw new UsageError(`--models: unknown model '${n}'; expected some of ${COMPARE_MODELS.join(', ')}`)
  return names as ReadonlyArray<CompareModel>
}

const compareCommand: Command = {
  name: ['compare'],
  summary: 'compare BKT, logistic models (PFA, AFM, IRT, DAS3H, Best-LR) and Elo on the same folds',
  args: '<csv>',
  flags: {
    ...inputFlags,
    models: { type: 'string', value: 'a,b', description: `models among ${COMPARE_MODELS.join(', ')} (default ${DEFAULT_COMPARE_MODELS.join(',')})` },
    folds: { type: 'string', value: 'K', description: 'number of learner-split folds (default 5)' },
    seed: { type: 'string', value: 'N', description: 'seed of the learner shuffle and of the BKT restarts (default 42)' },
    'fold-column': { type: 'string', value: 'NAME', description: 'use this column as the folds instead of a split by learner' },
    l2: { type: 'string', value: 'X', description: "L2 penalty of the logistic models (default 1, scikit-learn's C = 1/X)" },
    restarts: { type: 'string', value: 'N', description: 'EM restarts per skill for bkt and bkt-forgets (default 5)' },
    plot: { type: 'string', value: 'FILE', description: 'write the chart: FILE.json (Vega-Lite spec) or FILE.svg (needs the vega and vega-lite packages)' },
    'user-column': { type: 'string', value: 'NAME', description: 'learner column (default user_id)' },
    'skill-column': { type: 'string', value: 'NAME', description: 'skill column (default skill_name)' },
    'correct-column': { type: 'string', value: 'NAME', description: 'outcome column (default correct)' },
    'order-column': { type: 'string', value: 'NAME', description: 'order column within a learner (default order_id)' },
    'item-column': { type: 'string', value: 'NAME', description: 'item column (default problem_id when present)' },
    'time-column': { type: 'string', value: 'NAME', description: 'time column (epoch ms or ISO 8601): enables the time windows of das3h and best-lr' },
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  details: [
    'Every model is fitted on the other folds and predicts each held-out row from the',
    "learner's earlier held-out rows; held-out learners are new to every model. Metrics are",
    'the mean ± sd over folds; "fit s" is the time to fit and predict all folds.',
    '',
    'example:',
    '  learnkit compare responses.csv --models bkt,pfa,best-lr --folds 5 --seed 1 --plot cmp.svg',
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['csv']) as [string]
    const models = modelsOf(inv)
    const folds = numberFlag(inv, 'folds', 5, { min: 2, max: 1_000_000, integer: true })
    const seed = numberFlag(inv, 'seed', 42, { integer: true })
    const l2 = numberFlag(inv, 'l2', 1, { min: 0 })
    const restarts = numberFlag(inv, 'restarts', 5, { min: 1, max: 1000, integer: true })
    const plot = stringFlag(inv, 'plot')
    let render: SvgRenderer | undefined
    if (plot !== undefined) {
      if (plot.endsWith('.svg')) {
        const r = await loadSvgRenderer()
        if (typeof r === 'string')
          throw new UsageError(`--plot ${plot}: SVG needs the vega and vega-lite packages (npm install vega vega-lite), or write the Vega-Lite spec with --plot FILE.json (${r.split('\n')[0]})`)
        render = r
      } else if (!plot.endsWith('.json')) throw new UsageError(`--plot ${plot}: expected a file name ending in .svg or .json`)
    }
    const columns = columnsOf(inv)
    const loaded = orThrow(withFlagAdvice(await readResponseFile(file, { columns, ...inputOptions(inv) })))
    noteSummary(io, file, loaded.summary)
    if (loaded.table.length === 0) throw new LearnkitException(learnkitError('empty_input', 'no usable rows', { file }))
    const byColumn = columns.fold !== undefined
    const progress = io.progress('comparing', models.length * (byColumn ? 1 : folds))
    let done = 0
    let result: ModelComparison
    try {
      result = orThrow(
        (() => {
          const r = compareModels(loaded.table, {
            models,
            folds,
            seed,
            l2,
            bkt: { restarts },
            ...(byColumn ? { by: 'column' as const } : {}),
            onProgress: () => progress.tick(++done),
          })
          return r._tag === 'Left' ? { _tag: 'Left' as const, left: { ...r.left, file } } : r
        })(),
      )
    } finally {
      progress.finish()
    }
    if (plot !== undefined) {
      const spec = comparisonSpec(result)
      await writeOutput(plot, render !== undefined ? await render(spec) : `${JSON.stringify(spec, null, 1)}\n`)
    }
    if (booleanFlag(inv, 'json')) {
      printJson(io, comparisonJson(result))
      return 0
    }
    io.out(`${result.rows} rows, ${result.folds} ${byColumn ? 'folds from the fold column' : 'learner-split folds'} (seed ${seed}): mean ± sd over folds\n\n`)
    io.out(`${comparisonTable(result)}\n`)
    if (plot !== undefined) io.out(`\nchart: ${plot}\n`)
    return 0
  },
}

/** The `compare` command. */
export const compareCommands: ReadonlyArray<Command> = [compareCommand]
