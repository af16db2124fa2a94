/**
 * `learnkit fsrs optimize`: fit the 21 FSRS-6 weights to a review log.
 *
 * @module
 */
import { performance } from 'node:perf_hooks'
import * as E from '../core/either.js'
import { LearnkitException } from '../core/errors.js'
import { dayClock, type DayClock } from '../core/time.js'
import { readReviewFile } from '../node/index.js'
import { fsrs, fsrsOptimize } from '../srs/fsrs/index.js'
import { evaluateScheduler } from '../srs/replay.js'
import { booleanFlag, numberFlag, orThrow, positionals, printJson, stringFlag, type Command } from './command.js'
import { inputFlags, INPUT_HELP, inputOptions, noteSummary, OUTPUT_HELP, TIME_HELP, withFlagAdvice, writeOutput } from './io.js'

const optimizeCommand: Command = {
  name: ['fsrs', 'optimize'],
  summary: 'fit the 21 FSRS-6 weights to a review log (the FSRS optimizer: pretrain, then Adam)',
  args: '<reviews.csv>',
  flags: {
    timezone: { type: 'string', value: 'ZONE', description: 'IANA time zone of learner days (default UTC)' },
    'day-start': { type: 'string', value: 'H', description: 'hour at which a learner day starts, 0-23 (default 0; Anki uses 4)' },
    json: { type: 'boolean', description: 'print { w, logLoss, rmseBins, reviews, seconds } as JSON on stdout' },
    out: { type: 'string', value: 'FILE', description: 'write the parameters as JSON, loadable by `srs replay/evaluate --params`' },
    ...inputFlags,
  },
  details: [
    'The log may be in learnkit (card_id,review_time,rating), FSRS optimizer or Anki revlog layout.',
    'logLoss and rmseBins are in-sample: the fitted weights replayed over the same log by learnkit',
    '(as `srs evaluate` scores them); reviews counts the scored reviews; seconds is the fitting time.',
    'examples:',
    '  learnkit fsrs optimize revlog.csv --timezone Europe/London --day-start 4 --out params.json',
    '  learnkit srs evaluate revlog.csv --params params.json',
    '',
    INPUT_HELP,
    TIME_HELP,
    OUTPUT_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['reviews.csv']) as [string]
    const zone = stringFlag(inv, 'timezone')
    const hour = numberFlag(inv, 'day-start', 0, { min: 0, max: 23, integer: true })
    const clock: DayClock = orThrow(
      dayClock({ ...(zone !== undefined ? { timeZone: zone } : {}), ...(stringFlag(inv, 'day-start') !== undefined ? { dayStartHour: hour } : {}) }),
    )
    const out = stringFlag(inv, 'out')
    const loaded = orThrow(withFlagAdvice(await readReviewFile(file, inputOptions(inv))))
    noteSummary(io, file, loaded.summary)
    const epochs = 5
    const bar = io.progress('fsrs optimize', epochs)
    const t0 = performance.now()
    const r = fsrsOptimize(loaded.reviews, { clock, onEpoch: (done) => bar.tick(done) })
    const seconds = (performance.now() - t0) / 1000
    bar.finish()
    if (E.isLeft(r)) {
      const i = r.left.path[0] === 'reviews' ? r.left.path[1] : undefined
      throw new LearnkitException({ ...r.left, file, message: typeof i === 'number' ? `review ${i + 1}: ${r.left.message}` : r.left.message })
    }
    const fit = r.right
    if (out !== undefined) {
      const params = { w: fit.w, clock, logLoss: fit.logLoss, rmseBins: fit.rmseBins, reviews: fit.reviews }
      await writeOutput(out, `${JSON.stringify(params, null, 2)}\n`)
    }
    if (booleanFlag(inv, 'json')) {
      printJson(io, { w: fit.w, logLoss: fit.logLoss, rmseBins: fit.rmseBins, reviews: fit.reviews, seconds })
      return 0
    }
    const base = fsrs({ clock })
    const def = E.isRight(base) ? evaluateScheduler(base.right, loaded.reviews, { clock }) : undefined
    const defLine =
      def !== undefined && E.isRight(def)
        ? [`default weights:  log loss ${def.right.logLoss.toFixed(5)}, RMSE(bins) ${def.right.rmseBins.toFixed(5)}`]
        : []
    io.out(
      [
        `${file}: FSRS-6 weights fitted on ${fit.trainingItems} training items in ${seconds.toFixed(2)} s`,
        `w = [${fit.w.map((x) => +x.toFixed(4)).join(', ')}]`,
        `fitted weights:   log loss ${fit.logLoss.toFixed(5)}, RMSE(bins) ${fit.rmseBins.toFixed(5)}  (in-sample, ${fit.reviews} scored reviews)`,
        ...defLine,
        ...(out !== undefined ? [`parameters written to ${out} (use with: learnkit srs evaluate ${file} --params ${out})`] : []),
        '',
      ].join('\n'),
    )
    return 0
  },
}

/** The `fsrs` subcommands. */
export const fsrsCommands: ReadonlyArray<Command> = [optimizeCommand]
