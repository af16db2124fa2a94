/**
 * A product's loop: load a fitted model document once, then after every
 * answer update one learner's small JSON state and decide what to do next.
 *
 *   npx tsx examples/bkt-online.ts
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  bktDocumentFromFit,
  bktInit,
  bktMastery,
  bktModelFromDocument,
  bktOpportunitiesToMastery,
  bktPredict,
  bktUpdate,
  fitBkt,
  parseBktDocument,
  stringifyBktDocument,
  type BktState,
} from '../src/bkt/index.js'
import { simulateBkt } from '../src/sim/index.js'

const orDie = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

// Offline, once: fit on a (here simulated) log and store the model document.
const { table } = orDie(
  simulateBkt({ learners: 1000, steps: 15, seed: 3, skills: { fractions: { pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 } } }),
)
const stored: string = stringifyBktDocument(bktDocumentFromFit(orDie(fitBkt(table, { seed: 1 })), {}))

// Online: decode the document (never trust stored JSON blindly) and keep the parameters.
const model = bktModelFromDocument(orDie(parseBktDocument(stored)))
const params = model.skills['fractions']
if (params === undefined) throw new Error('no fractions in the model')

// One learner's state is plain JSON: store it next to the learner.
let state: BktState = bktInit(params, 'fractions')
const MASTERY = 0.95
console.log('answer  P(correct) before  P(known) after  more practice to 95 %')
for (const correct of [0, 1, 0, 1, 1, 1, 1]) {
  const before = bktPredict(params, state)
  state = bktUpdate(params, state, correct)
  const k = bktMastery(state)
  const more = bktOpportunitiesToMastery(params, state, MASTERY)
  console.log(`${correct === 1 ? 'right ' : 'wrong '}  ${before.toFixed(3).padStart(17)}  ${k.toFixed(3).padStart(14)}  ${String(more).padStart(21)}`)
  if (k >= MASTERY) {
    console.log('mastered: move on to the next skill')
    break
  }
}
console.log(`stored state: ${JSON.stringify(state)}`)
