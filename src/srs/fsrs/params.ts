/**
 * FSRS parameters: the default FSRS-6 weights, the valid range of each
 * weight, migration of FSRS-4.5 (17) and FSRS-5 (19) weight vectors to
 * FSRS-6 (21), learning-step durations, and the checked, resolved options a
 * scheduler is built from.
 *
 * Reference: J. Ye et al., "A Stochastic Shortest Path Algorithm for
 * Optimizing Spaced Repetition Scheduling" (KDD 2022) and the FSRS wiki
 * ("The Algorithm"); numerics follow ts-fsrs 5.4.2.
 *
 * @module
 */
import * as E from '../../core/either.js'
import * as t from 'io-ts'
import { fromValidationErrors, learnkitError, type LearnkitError } from '../../core/errors.js'
import { unknownOption } from '../../core/options.js'
import { dayClock, DayClockC, type DayClock } from '../../core/time.js'
import { round8 } from './round.js'

// model

/**
 * The FSRS project's default FSRS-6 weights $w_0 \dots w_{20}$ (as shipped by
 * ts-fsrs 5.x and fsrs-rs): $w_0..w_3$ initial stabilities for again, hard,
 * good, easy; $w_4, w_5$ initial difficulty; $w_6, w_7$ difficulty update and
 * mean reversion; $w_8..w_{10}$ recall stability; $w_{11}..w_{14}$ forget
 * stability; $w_{15}, w_{16}$ hard penalty and easy bonus; $w_{17}..w_{19}$
 * short-term (same-day) stability; $w_{20}$ the decay of the forgetting curve.
 *
 * @example
 * ```ts
 * import { FSRS6_DEFAULT_WEIGHTS } from 'learnkit/srs'
 * FSRS6_DEFAULT_WEIGHTS.length // 21
 * FSRS6_DEFAULT_WEIGHTS[20]    // 0.1542, the decay
 * ```
 */
export const FSRS6_DEFAULT_WEIGHTS: ReadonlyArray<number> = /*#__PURE__*/ Object.freeze([
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
  1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
])

/** The decay $w_{20}$ that FSRS-4.5 and FSRS-5 weights imply when migrated (their curve used a fixed decay of 0.5). */
const FSRS5_DECAY = 0.5

/**
 * Lowest stability (days) FSRS allows: every new stability is clamped to
 * $[S_{\min}, S_{\max}] = [0.001, 36500]$.
 *
 * @example
 * ```ts
 * import { FSRS_S_MIN } from 'learnkit/srs'
 * FSRS_S_MIN // 0.001
 * ```
 */
export const FSRS_S_MIN = 0.001

/**
 * Highest stability (days) FSRS allows (100 years).
 *
 * @example
 * ```ts
 * import { FSRS_S_MAX } from 'learnkit/srs'
 * FSRS_S_MAX // 36500
 * ```
 */
export const FSRS_S_MAX = 36500

/**
 * The inclusive range `[lo, hi]` of each FSRS-6 weight. Weight vectors with a
 * value outside these ranges are rejected by {@link fsrsWeights}. Within them,
 * two configuration-dependent bounds are applied by clamping, as ts-fsrs does:
 * $w_{19} \ge 0.01$ when short-term scheduling is on, and with more than one
 * relearning step $w_{17}, w_{18} \le \sqrt{-(\ln w_{11} + \ln(2^{w_{13}} - 1) + 0.3\,w_{14}) / n}$
 * (rounded to 8 decimals, kept in [0.01, 2]) so that relearning cannot raise stability.
 *
 * @example
 * ```ts
 * import { FSRS_WEIGHT_RANGES } from 'learnkit/srs'
 * FSRS_WEIGHT_RANGES[4] // [1, 10]: w4, the initial difficulty for a first 'again'
 * ```
 */
export const FSRS_WEIGHT_RANGES: ReadonlyArray<readonly [number, number]> = /*#__PURE__*/ Object.freeze([
  [0.001, 100],
  [0.001, 100],
  [0.001, 100],
  [0.001, 100],
  [1, 10],
  [0.001, 4],
  [0.001, 4],
  [0.001, 0.75],
  [0, 4.5],
  [0, 0.8],
  [0.001, 3.5],
  [0.001, 5],
  [0.001, 0.25],
  [0.001, 0.9],
  [0, 4],
  [0, 1],
  [1, 6],
  [0, 2],
  [0, 2],
  [0, 0.8],
  [0.1, 0.8],
] as const)

/**
 * A learning or relearning step: a duration such as `'1m'`, `'10m'`, `'1h'`,
 * `'1d'` (a whole number followed by m, h or d, as in ts-fsrs), or a number
 * of minutes.
 *
 * @example
 * ```ts
 * import type { FsrsStep } from 'learnkit/srs'
 * const steps: ReadonlyArray<FsrsStep> = ['1m', '10m', 60]
 * ```
 */
export type FsrsStep = string | number

/**
 * Options of {@link fsrs}, all optional (defaults are ts-fsrs's):
 *
 * - `requestRetention` (0.9): the recall probability at which a card falls due, in (0, 1].
 * - `weights` (FSRS-6 defaults): 21 FSRS-6 weights, or 19 (FSRS-5) or 17 (FSRS-4.5) migrated.
 * - `maximumInterval` (36500): the longest interval in days, an integer ≥ 1.
 *   As in ts-fsrs, good ≥ hard + 1 and easy ≥ good + 1 are applied after the
 *   cap, so good and easy may exceed it by a day or two;
 *   `strictMaximumInterval: true` makes it a hard cap (false by default, for
 *   ts-fsrs parity).
 * - `learningSteps` (`['1m', '10m']`) and `relearningSteps` (`['10m']`); may be empty.
 * - `shortTerm` (true): use the short-term stability formula for same-day
 *   reviews and learning steps (ts-fsrs `enable_short_term`); off, every
 *   review schedules in whole days and steps are ignored.
 * - `fuzz` (false) and `fuzzSeed` (0): spread intervals of 3 days or more
 *   over a small range, drawn from learnkit's seeded PRNG.
 * - `clock` (UTC, day start 0 h): where learner days begin; elapsed days are
 *   counted in these days.
 *
 * @example
 * ```ts
 * import type { FsrsOptionsInput } from 'learnkit/srs'
 * const o: FsrsOptionsInput = { requestRetention: 0.85, learningSteps: ['1m', '10m'], clock: { timeZone: 'Europe/Berlin', dayStartHour: 4 } }
 * ```
 */
export interface FsrsOptionsInput {
  readonly requestRetention?: number
  readonly weights?: ReadonlyArray<number>
  readonly maximumInterval?: number
  readonly strictMaximumInterval?: boolean
  readonly learningSteps?: ReadonlyArray<FsrsStep>
  readonly relearningSteps?: ReadonlyArray<FsrsStep>
  readonly shortTerm?: boolean
  readonly fuzz?: boolean
  readonly fuzzSeed?: number | string
  readonly clock?: DayClock
}

/**
 * io-ts codec of {@link FsrsOptionsInput}, for options read from JSON (a
 * `--params` file). The decoded value still goes through {@link fsrs} for the
 * range checks.
 *
 * @example
 * ```ts
 * import { FsrsOptionsC } from 'learnkit/srs'
 * FsrsOptionsC.is({ requestRetention: 0.9, learningSteps: ['1m'] }) // true
 * ```
 */
export const FsrsOptionsC: t.Type<FsrsOptionsInput, FsrsOptionsInput, unknown> = /* @__PURE__ */ (() => t.exact(
  t.partial({
    requestRetention: t.number,
    weights: t.readonlyArray(t.number),
    maximumInterval: t.number,
    strictMaximumInterval: t.boolean,
    learningSteps: t.readonlyArray(t.union([t.string, t.number])),
    relearningSteps: t.readonlyArray(t.union([t.string, t.number])),
    shortTerm: t.boolean,
    fuzz: t.boolean,
    fuzzSeed: t.union([t.number, t.string]),
    clock: DayClockC,
  }),
  'FsrsOptions',
) as unknown as t.Type<FsrsOptionsInput, FsrsOptionsInput, unknown>)()

/**
 * Checked, resolved FSRS parameters (plain JSON): 21 weights after migration
 * and clamping, steps in minutes, every default filled in.
 *
 * @example
 * ```ts
 * import { fsrsParameters } from 'learnkit/srs'
 * const p = fsrsParameters({ learningSteps: ['1m', '1h'] })
 * if (p._tag === 'Right') p.right.learningSteps // [1, 60]
 * ```
 */
export interface FsrsParameters {
  readonly requestRetention: number
  readonly weights: ReadonlyArray<number>
  readonly maximumInterval: number
  /** Present (true) only when the maximum interval is a hard cap. */
  readonly strictMaximumInterval?: boolean
  readonly learningSteps: ReadonlyArray<number>
  readonly relearningSteps: ReadonlyArray<number>
  readonly shortTerm: boolean
  readonly fuzz: boolean
  readonly fuzzSeed: number | string
  readonly clock: DayClock
}

// constructors

const STEP_RE = /^(\d+)([mhd])$/

/**
 * Parses a learning step into minutes: `'10m'` → 10, `'1h'` → 60, `'1d'` →
 * 1440; a number is already minutes and must be finite and ≥ 0.
 *
 * @example
 * ```ts
 * import { fsrsStepMinutes } from 'learnkit/srs'
 * fsrsStepMinutes('1h')   // Right(60)
 * fsrsStepMinutes('10x')._tag // 'Left'
 * ```
 */
export const fsrsStepMinutes = (
  step: FsrsStep,
  path: ReadonlyArray<string | number> = [],
): E.Either<LearnkitError, number> => {
  const m = typeof step === 'string' ? STEP_RE.exec(step.trim()) : null
  const minutes = typeof step === 'number' ? step : m === null ? Number.NaN : Number(m[1]) * (m[2] === 'm' ? 1 : m[2] === 'h' ? 60 : 1440)
  return Number.isFinite(minutes) && minutes >= 0
    ? E.right(minutes)
    : E.left(learnkitError('invalid_value', "expected a number of minutes ≥ 0 or text such as '10m', '1h' or '1d'", { path, value: step }))
}

const stepsMinutes = (
  steps: ReadonlyArray<FsrsStep> | undefined,
  fallback: ReadonlyArray<number>,
  name: string,
): E.Either<LearnkitError, ReadonlyArray<number>> => {
  if (steps === undefined) return E.right(fallback)
  if (!Array.isArray(steps))
    return E.left(learnkitError('invalid_type', 'expected an array of steps', { path: [name], value: steps }))
  const out: number[] = []
  for (let i = 0; i < steps.length; i++) {
    const m = fsrsStepMinutes(steps[i] as FsrsStep, [name, i])
    if (E.isLeft(m)) return m
    out.push(m.right)
  }
  return E.right(out)
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi)


/** Clamps weights to the ranges for this configuration (ts-fsrs `clipParameters`). */
const clipWeights = (w: ReadonlyArray<number>, relearningSteps: number, shortTerm: boolean): number[] => {
  const clip = (i: number, ceiling?: number): number => {
    const [lo, hi] = FSRS_WEIGHT_RANGES[i] as readonly [number, number]
    return clamp(w[i] ?? 0, i === 19 && shortTerm ? 0.01 : lo, ceiling ?? hi)
  }
  let ceiling: number | undefined
  if (relearningSteps > 1 && w.length > 17) {
    const value = -(Math.log(clip(11)) + Math.log(Math.pow(2, clip(13)) - 1) + clip(14) * 0.3) / relearningSteps
    ceiling = clamp(round8(Math.sqrt(Math.max(value, 0))), 0.01, 2)
  }
  return w.map((_, i) => clip(i, i === 17 || i === 18 ? ceiling : undefined))
}

/**
 * Checks a weight vector and migrates it to 21 FSRS-6 weights, as ts-fsrs
 * 5.x does:
 *
 * - 21 weights (FSRS-6) are used as they are;
 * - 19 weights (FSRS-5) get $w_{19} = 0$ and $w_{20} = 0.5$;
 * - 17 weights (FSRS-4.5) get $w_4 \leftarrow w_4 + 2 w_5$,
 *   $w_5 \leftarrow \ln(3 w_5 + 1) / 3$, $w_6 \leftarrow w_6 + 0.5$ (each
 *   rounded to 8 decimals) and $w_{17} = w_{18} = w_{19} = 0$, $w_{20} = 0.5$;
 *
 * then every weight is clamped to the bounds of the configuration (see
 * {@link FSRS_WEIGHT_RANGES}). A vector of another length, a non-finite
 * value or a value outside {@link FSRS_WEIGHT_RANGES} is an error naming the
 * weight.
 *
 * @example
 * ```ts
 * import { fsrsWeights } from 'learnkit/srs'
 * const fsrs5 = [0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
 *   1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621]
 * const w = fsrsWeights(fsrs5)
 * if (w._tag === 'Right') w.right.length // 21
 * ```
 */
export const fsrsWeights = (
  weights: ReadonlyArray<number>,
  relearningSteps = 1,
  shortTerm = true,
): E.Either<LearnkitError, ReadonlyArray<number>> => {
  if (!Array.isArray(weights))
    return E.left(learnkitError('invalid_type', 'expected an array of weights', { path: ['weights'], value: weights }))
  const n = weights.length
  if (n !== 17 && n !== 19 && n !== 21)
    return E.left(
      learnkitError('invalid_value', 'expected 21 (FSRS-6), 19 (FSRS-5) or 17 (FSRS-4.5) weights', {
        path: ['weights'],
        value: n,
      }),
    )
  for (let i = 0; i < n; i++) {
    const x = weights[i]
    const [lo, hi] = FSRS_WEIGHT_RANGES[i] as readonly [number, number]
    if (!(typeof x === 'number' && x >= lo && x <= hi))
      return E.left(learnkitError(Number.isFinite(x) ? 'out_of_range' : 'not_finite', `expected w${i} as a number in [${lo}, ${hi}]`, { path: ['weights', i], value: x }))
  }
  const w = clipWeights(weights, relearningSteps, shortTerm)
  if (n === 17) {
    // FSRS-4.5 to FSRS-5 (ts-fsrs migrateParameters): the initial difficulty took another form.
    const [w4, w5, w6] = w.slice(4, 7) as [number, number, number]
    w.splice(4, 3, +(w5 * 2 + w4).toFixed(8), +(Math.log(w5 * 3 + 1) / 3).toFixed(8), +(w6 + 0.5).toFixed(8))
  }
  // FSRS-5 and FSRS-4.5 weights have no same-day terms and a fixed decay.
  const full = n === 21 ? w : [...w, ...(n === 17 ? [0, 0] : []), 0, FSRS5_DECAY]
  return E.right(Object.freeze(clipWeights(full, relearningSteps, shortTerm)))
}

/** Names other FSRS implementations use (ts-fsrs, fsrs-rs, the FSRS optimizer, Anki), lower-case without `_`. */
const FSRS_ALIASES: Readonly<Record<string, string>> = {
  w: 'weights',
  desiredretention: 'requestRetention',
  enablefuzz: 'fuzz',
  enableshortterm: 'shortTerm',
  maxivl: 'maximumInterval',
}

const isBoolean = (v: unknown): boolean => typeof v === 'boolean'
/** The checks of the scalar options (the steps, weights and clock have their own). */
const FSRS_VALUE_CHECKS: ReadonlyArray<readonly [keyof FsrsOptionsInput, (v: unknown) => boolean, string]> = [
  ['requestRetention', (v) => typeof v === 'number' && v > 0 && v <= 1, 'a request retention in (0, 1]'],
  ['maximumInterval', (v) => Number.isInteger(v) && (v as number) >= 1, 'a maximum interval of at least 1 whole day'],
  ['strictMaximumInterval', isBoolean, 'true or false'],
  ['shortTerm', isBoolean, 'true or false'],
  ['fuzz', isBoolean, 'true or false'],
  ['fuzzSeed', (v) => typeof v === 'string' || Number.isFinite(v), 'a finite number or a string'],
]

const FSRS_OPTION_KEYS: ReadonlyArray<keyof FsrsOptionsInput> = /* @__PURE__ */ FSRS_VALUE_CHECKS.map(([key]) => key).concat(
  'weights',
  'learningSteps',
  'relearningSteps',
  'clock',
)
const DEFAULT_LEARNING_STEPS: ReadonlyArray<number> = [1, 10]
const DEFAULT_RELEARNING_STEPS: ReadonlyArray<number> = [10]

/**
 * Checks options and fills in defaults (see {@link FsrsOptionsInput}); a
 * bare array is taken as the weights. Errors name the option:
 * `['requestRetention']`, `['weights', 7]`, `['learningSteps', 1]`,
 * `['clock', 'timeZone']`; an unknown key (`desired_retention`,
 * `request_retention`) is an `invalid_options` error that suggests the
 * right name.
 *
 * @example
 * ```ts
 * import { fsrsParameters } from 'learnkit/srs'
 * fsrsParameters({ requestRetention: 1.2 })._tag // 'Left'
 * fsrsParameters({ weights: [1, 2, 3] })._tag    // 'Left'
 * const typo = fsrsParameters({ desired_retention: 0.8 } as object)
 * if (typo._tag === 'Left') console.log(typo.left.message) // unknown FSRS option 'desired_retention'; did you mean 'requestRetention'?
 * ```
 */
export const fsrsParameters = (options: FsrsOptionsInput | ReadonlyArray<number> = {}): E.Either<LearnkitError, FsrsParameters> => {
  const input: FsrsOptionsInput = Array.isArray(options) ? { weights: options } : (options as FsrsOptionsInput)
  if (typeof input !== 'object' || input === null)
    return E.left(learnkitError('invalid_options', 'expected an object of FSRS options or an array of weights', { value: input }))
  const unknown = unknownOption(input, FSRS_OPTION_KEYS, 'FSRS', [], FSRS_ALIASES)
  if (unknown !== undefined) return E.left(unknown)
  for (const [key, ok, expected] of FSRS_VALUE_CHECKS) {
    const v = input[key]
    if (v !== undefined && !ok(v)) return E.left(learnkitError('invalid_value', `expected ${expected}`, { path: [key], value: v }))
  }
  const learning = stepsMinutes(input.learningSteps, DEFAULT_LEARNING_STEPS, 'learningSteps')
  if (E.isLeft(learning)) return learning
  const relearning = stepsMinutes(input.relearningSteps, DEFAULT_RELEARNING_STEPS, 'relearningSteps')
  if (E.isLeft(relearning)) return relearning
  const shortTerm = input.shortTerm ?? true
  const weights = fsrsWeights(input.weights ?? FSRS6_DEFAULT_WEIGHTS, relearning.right.length, shortTerm)
  if (E.isLeft(weights)) return weights
  const clock = dayClock(input.clock ?? {})
  if (E.isLeft(clock)) return E.left({ ...clock.left, path: ['clock', ...clock.left.path] })
  return E.right({
    requestRetention: input.requestRetention ?? 0.9,
    weights: weights.right,
    maximumInterval: input.maximumInterval ?? 36500,
    ...(input.strictMaximumInterval === true ? { strictMaximumInterval: true } : {}),
    learningSteps: learning.right,
    relearningSteps: relearning.right,
    shortTerm,
    fuzz: input.fuzz ?? false,
    fuzzSeed: input.fuzzSeed ?? 0,
    clock: clock.right,
  })
}

/** Keys of `learnkit fsrs optimize --out` files (and the FSRS optimizer's) that are reports, not options. */
const FSRS_FILE_EXTRAS: ReadonlyArray<string> = ['logLoss', 'rmseBins', 'reviews', 'seconds', 'loss', 'rmse', 'metrics']

/**
 * Reads FSRS options from parsed JSON (a `--params` file): learnkit's own
 * keys (see {@link FsrsOptionsInput}), or ts-fsrs's and the FSRS optimizer's
 * snake_case keys (`w`, `request_retention`, `maximum_interval`,
 * `learning_steps`, `relearning_steps`, `enable_short_term`, `enable_fuzz`),
 * so the output of `learnkit fsrs optimize --out params.json` and a ts-fsrs
 * parameter object both load. The optimizer's reports (`logLoss`, `rmseBins`,
 * `reviews`, `seconds`) are skipped; any other key is an `invalid_options`
 * error that suggests the right name. The result
 * still goes through {@link fsrs} for the range checks.
 *
 * @example
 * ```ts
 * import { fsrsOptionsFromJson, FSRS6_DEFAULT_WEIGHTS } from 'learnkit/srs'
 * const o = fsrsOptionsFromJson({ w: [...FSRS6_DEFAULT_WEIGHTS], request_retention: 0.85, logLoss: 0.3 })
 * if (o._tag === 'Right') o.right.requestRetention // 0.85
 * ```
 */
export const fsrsOptionsFromJson = (input: unknown): E.Either<LearnkitError, FsrsOptionsInput> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return E.left(learnkitError('invalid_options', 'expected an object of FSRS parameters', { value: input }))
  const o = input as Record<string, unknown>
  const aliases: ReadonlyArray<readonly [keyof FsrsOptionsInput, string]> = [
    ['weights', 'w'],
    ['requestRetention', 'request_retention'],
    ['maximumInterval', 'maximum_interval'],
    ['learningSteps', 'learning_steps'],
    ['relearningSteps', 'relearning_steps'],
    ['shortTerm', 'enable_short_term'],
    ['fuzz', 'enable_fuzz'],
  ]
  const extra = unknownOption(
    o,
    [...FSRS_OPTION_KEYS, ...aliases.map(([, a]) => a), ...FSRS_FILE_EXTRAS],
    'FSRS parameter',
    [],
    FSRS_ALIASES,
  )
  if (extra !== undefined) return E.left(extra)
  const picked: Record<string, unknown> = {}
  for (const key of ['requestRetention', 'weights', 'maximumInterval', 'strictMaximumInterval', 'learningSteps', 'relearningSteps', 'shortTerm', 'fuzz', 'fuzzSeed', 'clock'])
    if (o[key] !== undefined) picked[key] = o[key]
  for (const [key, alias] of aliases) if (picked[key] === undefined && o[alias] !== undefined) picked[key] = o[alias]
  const r = FsrsOptionsC.decode(picked)
  if (E.isRight(r)) return E.right(r.right)
  return E.left(fromValidationErrors(r.left))
}

// utils

/**
 * The forgetting curve of FSRS-6: the probability of recall after `t` days
 * for a memory of stability `s` days,
 * $$R(t, S) = \left(1 + F \cdot \frac{t}{S}\right)^{-w_{20}}, \qquad F = 0.9^{-1/w_{20}} - 1,$$
 * so that $R(S, S) = 0.9$. Like ts-fsrs, $F$ and the result are rounded to 8
 * decimals. `t` may be fractional here; the scheduler passes whole learner days.
 *
 * @example
 * ```ts
 * import { fsrsForgettingCurve, FSRS6_DEFAULT_WEIGHTS } from 'learnkit/srs'
 * fsrsForgettingCurve(FSRS6_DEFAULT_WEIGHTS[20] ?? 0.1542, 10, 10) // 0.9
 * ```
 */
export const fsrsForgettingCurve = (decay: number, t: number, s: number): number => {
  const d = -decay
  const factor = round8(Math.exp(Math.pow(d, -1) * Math.log(0.9)) - 1)
  return round8(Math.pow(1 + (factor * t) / s, d))
}

/**
 * The range of a fuzzed interval, as the FSRS project defines it: for an
 * interval of $I$ days (at least 2.5),
 * $$\Delta = 1 + 0.15\,[\min(I,7) - 2.5]^+ + 0.10\,[\min(I,20) - 7]^+ + 0.05\,[I - 20]^+,$$
 * $$I_{\min} = \max(2, \mathrm{round}(I - \Delta)), \quad I_{\max} = \min(\mathrm{round}(I + \Delta), I_{\max\,ivl}),$$
 * and, when $I$ exceeds the elapsed days $t$, $I_{\min} \ge t + 1$ (a card
 * reviewed late is not scheduled earlier than it already waited). The fuzzed
 * interval is drawn uniformly from the whole days in $[I_{\min}, I_{\max}]$.
 * Intervals below 2.5 days are not fuzzed.
 *
 * @example
 * ```ts
 * import { fsrsFuzzRange } from 'learnkit/srs'
 * fsrsFuzzRange(10, 0, 36500) // { min: 8, max: 12 }
 * ```
 */
export const fsrsFuzzRange = (
  interval: number,
  elapsedDays: number,
  maximumInterval: number,
): { readonly min: number; readonly max: number } => {
  const delta =
    1 +
    0.15 * Math.max(Math.min(interval, 7) - 2.5, 0) +
    0.1 * Math.max(Math.min(interval, 20) - 7, 0) +
    0.05 * Math.max(interval - 20, 0)
  const ivl = Math.min(interval, maximumInterval)
  let min = Math.max(2, Math.round(ivl - delta))
  const max = Math.min(Math.round(ivl + delta), maximumInterval)
  if (ivl > elapsedDays) min = Math.max(min, elapsedDays + 1)
  return { min: Math.min(min, max), max }
}
