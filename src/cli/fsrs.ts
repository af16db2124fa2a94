/**
 * `learnkit fsrs optimize`: fit the 21 FSRS-6 weights to a review log.
 *
 * @module
 */
import { writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as E from '../core/either.js'
import { LearnkitException, learnkitError } from '../core/errors.js'
import { dayClock, type DayClock } from '../core/time.js'
import { readReviewFile } from '../node/index.js'
import {
  fsrs,
  fsrsOptimize,
  fsrsTrainingReviews,
  fsrsTrainingSummaryText,
  type FsrsTrainingRules,
  type FsrsTrainingSummary,
} from '../srs/fsrs/index.js'
import { evaluateScheduler } from '../srs/replay.js'
import {
  booleanFlag,
  numberFlag,
  orThrow,
  positionals,
  printJson,
  stringFlag,
  UsageError,
  type CliIO,
  type Command,
  type Invocation,
} from './command.js'

const optimizeCommand: Command = {
  name: ['fsrs', 'optimize'],
  summary: 'fit the 21 FSRS-6 weights to a review log (the FSRS optimizer: pretrain, then Adam)',
  args: '<reviews.csv>',
  flags: {
    timezone: { type: 'string', value: 'ZONE', description: 'IANA time zone of learner days (default UTC)' },
    'day-start': { type: 'string', value: 'H', description: 'hour at which a learner day starts, 0-23 (default 0; Anki uses 4)' },
    epochs: { type: 'string', value: 'N', description: 'passes over the training items (default 5)' },
    seed: { type: 'string', value: 'N', description: 'seed of the batch shuffle (default 2023)' },
    'short-term': { type: 'string', value: 'on|off', description: 'fit the same-day (short-term) weights w17-w19 (default on; off freezes them, as fsrs-rs does)' },
    'relearning-steps': { type: 'string', value: 'N', description: 'relearning steps the weights are for (default 1; more bound w17, w18 as fsrs-rs does)' },
    'training-data': {
      type: 'string',
      value: 'fsrs|all',
      description: "which reviews to learn from: fsrs (default) the FSRS project's rules (no cram rows, history from the last reset to learning, no imported cards), all every review",
    },
    json: { type: 'boolean', description: 'print { w, logLoss, rmseBins, reviews, seconds } as JSON on stdout' },
    out: { type: 'string', value: 'FILE', description: 'write the parameters as JSON, loadable by `srs replay/evaluate --params`' },
  },
  details: [
    'The log may be in learnkit (card_id,review_time,rating), FSRS optimizer or Anki revlog layout.',
    'Reviews left out by the training rules are counted on stderr (note: ...).',
    'logLoss and rmseBins are in-sample: the fitted weights replayed over the same log by learnkit',
    '(as `srs evaluate` scores them); reviews counts the scored reviews; seconds is the fitting time.',
    'examples:',
    '  learnkit fsrs optimize revlog.csv --timezone Europe/London --day-start 4 --out params.json',
    '  learnkit srs evaluate revlog.csv --params params.json',
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['reviews.csv']) as [string]
    const zone = stringFlag(inv, 'timezone')
    const hour = numberFlag(inv, 'day-start', 0, { min: 0, max: 23, integer: true })
    const clock: DayClock = orThrow(
      dayClock({ ...(zone !== undefined ? { timeZone: zone } : {}), ...(stringFlag(inv, 'day-start') !== undefined ? { dayStartHour: hour } : {}) }),
    )
    const out = stringFlag(inv, 'out')
    const epochs = numberFlag(inv, 'epochs', 5, { min: 1, max: 1000, integer: true })
    const seed = numberFlag(inv, 'seed', 2023, { integer: true })
    const shortTerm = onOff(inv, 'short-term', true)
    const relearningSteps = numberFlag(inv, 'relearning-steps', 1, { min: 0, max: 100, integer: true })
    const trainingData = trainingRules(inv)
    const loaded = orThrow(await readReviewFile(file))
    const bar = io.progress('fsrs optimize', epochs)
    const t0 = performance.now()
    const r = fsrsOptimize(loaded.reviews, { clock, epochs, seed, shortTerm, relearningSteps, trainingData, onEpoch: (done) => bar.tick(done) })
    const seconds = (performance.now() - t0) / 1000
    bar.finish()
    if (E.isLeft(r)) {
      const i = r.left.path[0] === 'reviews' ? r.left.path[1] : undefined
      throw new LearnkitException({ ...r.left, file, message: typeof i === 'number' ? `review ${i + 1}: ${r.left.message}` : r.left.message })
    }
    const fit = r.right
    noteSkipped(io, file, fit.data)
    if (out !== undefined) {
      const params = { w: fit.w, clock, logLoss: fit.logLoss, rmseBins: fit.rmseBins, reviews: fit.reviews }
      try {
        writeFileSync(out, `${JSON.stringify(params, null, 2)}\n`)
      } catch (e) {
        throw new LearnkitException(learnkitError('io_error', `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: out }))
      }
    }
    if (booleanFlag(inv, 'json')) {
      printJson(io, { w: fit.w, logLoss: fit.logLoss, rmseBins: fit.rmseBins, reviews: fit.reviews, seconds })
      return 0
    }
    const base = fsrs({ clock, shortTerm })
    const used = fsrsTrainingReviews(loaded.reviews, { rules: trainingData })
    const def = E.isRight(base) && E.isRight(used) ? evaluateScheduler(base.right, used.right.reviews, { clock }) : undefined
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

/** `--NAME on|off` (also true/false, yes/no, 1/0). */
const onOff = (inv: Invocation, name: string, fallback: boolean): boolean => {
  const v = stringFlag(inv, name)
  if (v === undefined) return fallback
  const s = v.trim().toLowerCase()
  if (s === 'on' || s === 'true' || s === 'yes' || s === '1') return true
  if (s === 'off' || s === 'false' || s === 'no' || s === '0') return false
  throw new UsageError(`--${name}: expected on or off, got '${v}'`)
}

const trainingRules = (inv: Invocation): FsrsTrainingRules => {
  const v = stringFlag(inv, 'training-data') ?? 'fsrs'
  if (v !== 'fsrs' && v !== 'all') throw new UsageError(`--training-data: expected fsrs or all, got '${v}'`)
  return v
}

/** A note on stderr naming the reviews the training rules left out, and why. */
const noteSkipped = (io: CliIO, file: string, s: FsrsTrainingSummary): void => {
  const text = fsrsTrainingSummaryText(s)
  if (text !== '') io.err(`note: ${file}: ${text.replace(' not used: ', ` of ${s.reviewsRead} not used for FSRS: `)}\n`)
}

/** The `fsrs` subcommands. */
export const fsrsCommands: ReadonlyArray<Command> = [optimizeCommand]
