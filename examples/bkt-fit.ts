/**
 * Simulate learners from known BKT parameters, fit BKT to the simulated log,
 * and check the fit on held-out learners.
 *
 *   npx tsx examples/bkt-fit.ts
 */
import * as E from 'fp-ts/lib/Either.js'
import { bktDocumentFromFit, crossValidateBkt, evaluateBkt, fitBkt, stringifyBktDocument } from '../src/bkt/index.js'
import { selectRows } from '../src/data/index.js'
import { simulateBkt } from '../src/sim/index.js'

const orDie = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

// 1. Two skills with known parameters; 2,000 learners answer 20 questions on each.
const truth = {
  fractions: { pInit: 0.3, pLearn: 0.15, pForget: 0, pGuess: 0.2, pSlip: 0.1 },
  decimals: { pInit: 0.5, pLearn: 0.08, pForget: 0, pGuess: 0.25, pSlip: 0.15 },
}
const { table } = orDie(simulateBkt({ learners: 2000, steps: 20, seed: 1, skills: truth }))
console.log(`simulated ${table.length} responses of ${table.learners.length} learners on ${table.skills.length} skills`)

// 2. Hold out a fifth of the learners; fit on the rest (EM, 5 seeded restarts per skill).
const heldOut = Uint8Array.from(table.learner, (l) => (l % 5 === 0 ? 1 : 0))
const train = selectRows(table, Uint8Array.from(heldOut, (h) => 1 - h))
const test = selectRows(table, heldOut)
const fit = orDie(fitBkt(train, { seed: 42, restarts: 5 }))

console.log('\nskill      param    truth   fitted')
for (const [skill, p] of Object.entries(truth)) {
  const got = fit.model.skills[skill]
  for (const k of ['pInit', 'pLearn', 'pGuess', 'pSlip'] as const)
    console.log(`${skill.padEnd(10)} ${k.padEnd(7)} ${p[k].toFixed(3).padStart(7)} ${(got?.[k] ?? Number.NaN).toFixed(3).padStart(8)}`)
  const f = fit.skills[skill]
  console.log(`${skill.padEnd(10)} log-likelihood ${f?.logLikelihood.toFixed(1)} after ${f?.iterations} EM iterations`)
}

// 3. Predict the held-out learners: P(correct) from the state before each answer.
const held = orDie(evaluateBkt(fit.model, test))
const oracle = orDie(evaluateBkt({ skills: truth }, test))
const show = (m: { auc: number; rmse: number; logLoss: number; accuracy: number }) =>
  `AUC ${m.auc.toFixed(4)}  RMSE ${m.rmse.toFixed(4)}  log loss ${m.logLoss.toFixed(4)}  accuracy ${m.accuracy.toFixed(4)}`
console.log(`\nheld-out, fitted parameters: ${show(held.metrics)}`)
console.log(`held-out, true parameters:   ${show(oracle.metrics)}`)

// 4. Five-fold cross-validation split by learner (seeded), as pyBKT's crossvalidate.
const cv = orDie(crossValidateBkt(table, { folds: 5, seed: 7, restarts: 2 }))
console.log(`5-fold CV (mean of folds):   ${show(cv.mean)}`)

// 5. The model document that `learnkit bkt fit --out model.json` writes.
const doc = stringifyBktDocument(bktDocumentFromFit(fit, {}, { seed: 42, restarts: 5 }))
console.log(`\nmodel document: ${doc.length} bytes, begins ${doc.slice(0, 60).replace(/\s+/g, ' ')}…`)
