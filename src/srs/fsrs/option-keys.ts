/**
 * The option names of the FSRS optimizer, evaluator, simulator and helpers,
 * and the fsrs-rs / FSRS optimizer / Anki names they answer to (internal:
 * not exported from `learnkit/srs`).
 *
 * @module
 */
import type { LearnkitError } from '../../core/errors.js'
import { unknownOption } from '../../core/options.js'

/** The keys of `FsrsOptimizeOptions`. */
export const FSRS_OPTIMIZE_KEYS: ReadonlyArray<string> = [
  'clock',
  'shortTerm',
  'relearningSteps',
  'epochs',
  'batchSize',
  'learningRate',
  'gamma',
  'seed',
  'maxSequenceLength',
  'trainingData',
  'onEpoch',
]

/** The keys `fsrsEvaluate` adds to the optimizer's. */
export const FSRS_EVALUATE_KEYS: ReadonlyArray<string> = ['splits', 'weights', 'splitOrder', 'onSplit']

/** fsrs-rs, the FSRS optimizer (Python) and Anki names → learnkit's (looked up lower-cased without `_` and `-`). */
export const FSRS_ALIASES: Readonly<Record<string, string>> = {
  enableshortterm: 'shortTerm',
  numepochs: 'epochs',
  nepoch: 'epochs',
  nepochs: 'epochs',
  epoch: 'epochs',
  batch: 'batchSize',
  lr: 'learningRate',
  maxseqlen: 'maxSequenceLength',
  timezone: 'clock',
  dayoffset: 'clock',
  nextdaystartsat: 'clock',
  nsplits: 'splits',
  parameters: 'weights',
  params: 'weights',
  w: 'weights',
  desiredretention: 'desiredRetention',
  requestretention: 'desiredRetention',
  skipmanual: 'skipManual',
  rule: 'rules',
  learnspan: 'days',
  deck: 'deckSize',
  maxivl: 'maximumInterval',
  maxinterval: 'maximumInterval',
  trainingrules: 'rules',
}

/**
 * The first unknown key of an FSRS options object, with a suggestion
 * (`undefined` when every key is known or `o` is no object); only the
 * aliases that name one of `known` are offered.
 */
export const fsrsOptionProblem = (o: unknown, known: ReadonlyArray<string>, what: string): LearnkitError | undefined => {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined
  const aliases: Record<string, string> = {}
  for (const [k, v] of Object.entries(FSRS_ALIASES)) if (known.includes(v)) aliases[k] = v
  return unknownOption(o, known, what, [], aliases)
}
