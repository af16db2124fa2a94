/**
 * `learnkit srs replay` and `learnkit srs evaluate`: replay a review log
 * through a scheduler (FSRS, SM-2, Anki SM-2, Leitner, HLR) and score its
 * recall predictions.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import * as E from '../core/either.js'
import type * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import { LearnkitException, learnkitError, type LearnkitError } from '../core/errors.js'
import { dayClock, isEpochMs, type DayClock } from '../core/time.js'
import { readReviewFile } from '../node/index.js'
import { ankiSm2, AnkiSm2OptionsC } from '../srs/anki-sm2.js'
import { fsrs, fsrsOptionsFromJson } from '../srs/fsrs/index.js'
import { hlr, HLR_DEFAULT_MODEL, hlrModel } from '../srs/hlr.js'
import { unknownOption } from '../core/options.js'
import { leitner, LeitnerOptionsC } from '../srs/leitner.js'
import { evaluateReplay, replayReviews, type ReplayStep } from '../srs/replay.js'
import type { Scheduler } from '../srs/scheduler.js'
import { sm2, Sm2OptionsC } from '../srs/sm2.js'
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
  type Flag,
  type Invocation,
} from './command.js'
import { inputFlags, INPUT_HELP, TIME_HELP, inputOptions, noteSummary, withFlagAdvice } from './io.js'

const SCHEDULERS = ['fsrs', 'sm2', 'anki-sm2', 'leitner', 'hlr'] as const
type SchedulerName = (typeof SCHEDULERS)[number]

const commonFlags: Readonly<Record<string, Flag>> = {
  scheduler: { type: 'string', value: 'NAME', description: `the scheduler: ${SCHEDULERS.join(', ')} (default fsrs)` },
  params: {
    type: 'string',
    value: 'FILE',
    description:
      'scheduler parameters as JSON: FSRS options (or `fsrs optimize` output), SM-2/Anki SM-2/Leitner options, an HLR model (per-card weights named card:<card_id>)',
  },
  timezone: { type: 'string', value: 'ZONE', description: 'IANA time zone of learner days (default UTC)' },
  'day-start': { type: 'string', value: 'H', description: 'hour at which a learner day starts, 0-23 (default 0; Anki uses 4)' },
  json: { type: 'boolean', description: 'print machine-readable JSON on stdout' },
  ...inputFlags,
}

/** Reads and parses a JSON file; a bad file is one error naming the path. */
const readJson = (path: string): unknown => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new LearnkitException(learnkitError('io_error', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path }))
  }
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw new LearnkitException(learnkitError('parse_error', `not valid JSON (${(e as Error).message})`, { file: path }))
  }
}

/** The option names a codec knows (through exact, readonly, refinement and intersection wrappers). */
const knownKeys = (codec: unknown): ReadonlyArray<string> => {
  const c = codec as { readonly props?: Record<string, unknown>; readonly type?: unknown; readonly types?: ReadonlyArray<unknown> }
  if (c.props !== undefined) return Object.keys(c.props)
  if (c.types !== undefined) return c.types.flatMap(knownKeys)
  if (c.type !== undefined) return knownKeys(c.type)
  return []
}

/** Options files must not hold names the scheduler does not know: a typo would silently fall back to a default. */
const strictOptions = <A>(codec: t.Type<A, unknown, unknown>, raw: unknown, file: string | undefined): A => {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const unknown = unknownOption(raw, [...new Set([...knownKeys(codec), 'clock'])], 'scheduler')
    if (unknown !== undefined) throw new LearnkitException({ ...unknown, code: 'invalid_value', ...(file !== undefined ? { file } : {}) })
  }
  return orThrow(inFile(decode(codec, raw), file))
}

const inFile = <A>(r: E.Either<LearnkitError, A>, file: string | undefined): E.Either<LearnkitError, A> =>
  file === undefined || E.isRight(r) ? r : E.left({ ...r.left, file })

/** The scheduler a command line asks for, with its parameters and learner-day clock. */
const schedulerFor = (
  inv: Invocation,
): {
  readonly scheduler: Scheduler<unknown, unknown>
  readonly clock: DayClock
  readonly name: SchedulerName
  readonly init?: (cardId: string, time: number) => unknown
} => {
  const name = (stringFlag(inv, 'scheduler') ?? 'fsrs') as SchedulerName
  if (!SCHEDULERS.includes(name)) throw new UsageError(`--scheduler: expected one of ${SCHEDULERS.join(', ')}, got '${name}'`)
  const zone = stringFlag(inv, 'timezone')
  const hour = numberFlag(inv, 'day-start', 0, { min: 0, max: 23, integer: true })
  const flagClock: DayClock = { ...(zone !== undefined ? { timeZone: zone } : {}), ...(stringFlag(inv, 'day-start') !== undefined ? { dayStartHour: hour } : {}) }
  const file = stringFlag(inv, 'params')
  const raw = file === undefined ? undefined : readJson(file)
  const paramClock = (p: { readonly clock?: DayClock }): DayClock => ({ ...(p.clock ?? {}), ...flagClock })
  let scheduler: Scheduler<unknown, unknown>
  let clock: DayClock = flagClock
  let init: ((cardId: string, time: number) => unknown) | undefined
  const check = <A>(r: E.Either<LearnkitError, A>): A => orThrow(inFile(r, file))
  switch (name) {
    case 'fsrs': {
      const p = raw === undefined ? {} : check(fsrsOptionsFromJson(raw))
      clock = orThrow(dayClock(paramClock(p)))
      scheduler = check(fsrs({ ...p, clock })) as unknown as Scheduler<unknown, unknown>
      break
    }
    case 'anki-sm2': {
      const p = raw === undefined ? {} : strictOptions(AnkiSm2OptionsC, raw, file)
      clock = orThrow(dayClock(paramClock(p)))
      scheduler = check(ankiSm2({ ...p, clock })) as unknown as Scheduler<unknown, unknown>
      break
    }
    case 'sm2':
      clock = orThrow(dayClock(flagClock))
      scheduler = check(sm2(raw === undefined ? {} : strictOptions(Sm2OptionsC, raw, file))) as unknown as Scheduler<unknown, unknown>
      break
    case 'leitner':
      clock = orThrow(dayClock(flagClock))
      scheduler = check(leitner(raw === undefined ? {} : strictOptions(LeitnerOptionsC, raw, file))) as unknown as Scheduler<unknown, unknown>
      break
    case 'hlr': {
      clock = orThrow(dayClock(flagClock))
      const h = check(hlr(raw === undefined ? HLR_DEFAULT_MODEL : orThrow(inFile(hlrModel(raw), file))))
      scheduler = h as unknown as Scheduler<unknown, unknown>
      // Each card carries the feature `card:<card_id>` = 1, so a model may weight single cards.
      init = (cardId, time) => h.initWith(time, { [`card:${cardId}`]: 1 })
      break
    }
  }
  return { scheduler, clock, name, ...(init !== undefined ? { init } : {}) }
}

/** Reads the log and replays it. */
const replayFile = async (inv: Invocation, io: CliIO): Promise<{ readonly steps: ReadonlyArray<ReplayStep>; readonly name: SchedulerName; readonly file: string }> => {
  const [file] = positionals(inv, ['reviews.csv']) as [string]
  const { scheduler, clock, name, init } = schedulerFor(inv)
  const loaded = orThrow(withFlagAdvice(await readReviewFile(file, inputOptions(inv))))
  noteSummary(io, file, loaded.summary)
  const steps = replayReviews(scheduler, loaded.reviews, { clock, ...(init !== undefined ? { init } : {}) })
  if (E.isLeft(steps)) {
    const i = steps.left.path[1]
    throw new LearnkitException({ ...steps.left, file, message: `review ${typeof i === 'number' ? i + 1 : '?'}: ${steps.left.message}` })
  }
  return { steps: steps.right, name, file }
}

const fmt = (x: number | null, digits = 4): string => (x === null ? '-' : x.toFixed(digits))
// Never "Invalid time value": a time outside the Date range (which the readers refuse) prints as its number.
const iso = (ms: number): string => (isEpochMs(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : String(ms))

const replayCommand: Command = {
  name: ['srs', 'replay'],
  summary: 'replay a review log through a scheduler: memory state and predicted recall per review',
  args: '<reviews.csv>',
  flags: commonFlags,
  details: [
    'The log may be in learnkit (card_id,review_time,rating), FSRS optimizer or Anki revlog layout.',
    '--json prints one object per review, in input order:',
    '  { card_id, review_time, rating, stability, difficulty, retrievability, due }',
    'retrievability is predicted before the review (null on a card\'s first); the rest describe the card after it.',
    'examples:',
    '  learnkit srs replay reviews.csv --timezone Europe/London --day-start 4 --json > replay.json',
    '  learnkit srs replay reviews.csv --scheduler anki-sm2 --params deck.json',
    '',
    INPUT_HELP,
    TIME_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const { steps, name, file } = await replayFile(inv, io)
    if (booleanFlag(inv, 'json')) {
      const rows = steps.map((s) =>
        JSON.stringify({
          card_id: s.cardId,
          review_time: s.time,
          rating: s.rating,
          stability: s.stability,
          difficulty: s.difficulty,
          retrievability: s.retrievability,
          due: s.due,
        }),
      )
      io.out(`[${rows.join(',')}]\n`)
      return 0
    }
    printReplaySummary(io, steps, name, file)
    return 0
  },
}

const printReplaySummary = (io: CliIO, steps: ReadonlyArray<ReplayStep>, name: string, file: string): void => {
  const cards = new Set(steps.map((s) => s.cardId)).size
  let sumR = 0
  let nR = 0
  for (const s of steps)
    if (s.retrievability !== null) {
      sumR += s.retrievability
      nR++
    }
  const lines = [
    `${file}: ${steps.length} reviews of ${cards} cards replayed with ${name}`,
    `mean predicted recall before a review: ${nR > 0 ? (sumR / nR).toFixed(4) : '-'} (${nR} reviews with a prediction)`,
    '',
    `${'card'.padEnd(16)}${'review time'.padEnd(22)}rating  ${'R before'.padEnd(10)}${'stability'.padEnd(11)}${'difficulty'.padEnd(12)}due`,
  ]
  for (const s of steps.slice(0, 10))
    lines.push(
      `${s.cardId.slice(0, 15).padEnd(16)}${iso(s.time).padEnd(22)}${String(s.rating).padEnd(8)}${fmt(s.retrievability).padEnd(10)}${fmt(s.stability, 2).padEnd(11)}${fmt(s.difficulty, 2).padEnd(12)}${iso(s.due)}`,
    )
  if (steps.length > 10) lines.push(`… ${steps.length - 10} more (use --json for every review)`)
  io.out(`${lines.join('\n')}\n`)
}

const evaluateCommand: Command = {
  name: ['srs', 'evaluate'],
  summary: "score a scheduler's recall predictions on a review log: log loss, RMSE(bins), AUC",
  args: '<reviews.csv>',
  flags: {
    ...commonFlags,
    'include-same-day': { type: 'boolean', description: 'also score reviews on the same learner day as the previous one' },
  },
  details: [
    'Scores the recall probability predicted before each review against recalled = rating > 1,',
    "as the FSRS benchmark does: a card's first review and, unless --include-same-day, reviews",
    'on the same learner day as its previous one are replayed but not scored.',
    '--json prints { reviews, logLoss, rmseBins, auc }.',
    'example:',
    '  learnkit srs evaluate revlog.csv --scheduler sm2 --timezone Europe/London --day-start 4',
    '',
    INPUT_HELP,
    TIME_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const { steps, name, file } = await replayFile(inv, io)
    const e = orThrow(inFile(evaluateReplay(steps, { sameDay: booleanFlag(inv, 'include-same-day') ? 'include' : 'exclude' }), file))
    if (booleanFlag(inv, 'json')) {
      printJson(io, { reviews: e.reviews, logLoss: e.logLoss, rmseBins: e.rmseBins, auc: e.auc })
      return 0
    }
    io.out(
      [
        `${file}: ${name} on ${e.reviews} scored reviews (of ${steps.length})`,
        `  log loss    ${e.logLoss.toFixed(5)}`,
        `  RMSE(bins)  ${e.rmseBins.toFixed(5)}`,
        `  AUC         ${e.auc.toFixed(5)}`,
        '',
      ].join('\n'),
    )
    return 0
  },
}

/** The `srs` subcommands. */
export const srsCommands: ReadonlyArray<Command> = [replayCommand, evaluateCommand]
