// Charts as Vega-Lite specifications: learning curve, forgetting curve, calibration plot, ROC curve
// and a mastery trajectory, from data simulated here. Each spec is plain JSON: paste one into
// https://vega.github.io/editor or render it with vega-embed.
//
//   npx tsx examples/eval-plots.ts            (prints a summary)
//   npx tsx examples/eval-plots.ts --json     (prints the specs as one JSON object)
import { Rng } from '../src/core/index.js'
import { calibrationTable, rocCurve } from '../src/eval/index.js'
import {
  calibrationSpec,
  forgettingCurvePoints,
  forgettingCurveSpec,
  learningCurvePoints,
  learningCurveSpec,
  masterySpec,
  rocSpec,
  type MasteryPoint,
} from '../src/plot/index.js'

const rng = Rng.from('plots')

// Learners practising one skill with BKT-like dynamics: P(known) grows with each opportunity.
const pInit = 0.2
const pLearn = 0.15
const pGuess = 0.2
const pSlip = 0.1
const learner: number[] = []
const skill: number[] = []
const correct: number[] = []
const predicted: number[] = []
const trajectory: MasteryPoint[] = []
for (let l = 0; l < 200; l++) {
  let known = rng.bernoulli(pInit)
  let belief = pInit // the model's P(known), updated by Bayes' rule
  for (let k = 1; k <= 12; k++) {
    const right = known ? !rng.bernoulli(pSlip) : rng.bernoulli(pGuess)
    const pCorrect = belief * (1 - pSlip) + (1 - belief) * pGuess
    learner.push(l)
    skill.push(0)
    correct.push(right ? 1 : 0)
    predicted.push(pCorrect)
    const posterior = right ? (belief * (1 - pSlip)) / pCorrect : (belief * pSlip) / (1 - pCorrect)
    belief = posterior + (1 - posterior) * pLearn
    if (l === 0) trajectory.push({ step: k, mastery: belief, skill: 'fractions', correct: right ? 1 : 0 })
    known = known || rng.bernoulli(pLearn)
  }
}

// Reviews at random delays, recalled with R(t) = 0.9^(t / 5).
const elapsed: number[] = []
const recalled: number[] = []
for (let i = 0; i < 2000; i++) {
  const t = rng.int(30) + 1
  elapsed.push(t)
  recalled.push(rng.bernoulli(0.9 ** (t / 5)) ? 1 : 0)
}

const specs = {
  learningCurve: learningCurveSpec(learningCurvePoints(learner, skill, correct, predicted), { title: 'Simulated BKT learners' }),
  forgettingCurve: forgettingCurveSpec(forgettingCurvePoints(elapsed, recalled), {
    curve: (t) => 0.9 ** (t / 5),
    curveLabel: 'R(t) = 0.9^(t/5)',
  }),
  calibration: calibrationSpec(calibrationTable(correct, predicted, 10), { title: 'BKT calibration' }),
  mastery: masterySpec(trajectory, { threshold: 0.95, title: 'Learner 0' }),
  roc: rocSpec(rocCurve(correct, predicted), { label: 'BKT', title: 'ROC' }),
}

if (process.argv.includes('--json')) console.log(JSON.stringify(specs, null, 2))
else {
  for (const [name, spec] of Object.entries(specs)) console.log(`${name}: ${JSON.stringify(spec).length} bytes of Vega-Lite (${spec.$schema})`)
  const lc = learningCurvePoints(learner, skill, correct, predicted)
  console.log('error rate by opportunity (observed / predicted):')
  for (const p of lc) console.log(`  ${String(p.opportunity).padStart(2)}: ${p.observedError.toFixed(3)} / ${p.predictedError?.toFixed(3)}`)
}
