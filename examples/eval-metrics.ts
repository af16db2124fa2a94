// Evaluating a model's predictions: metrics, calibration, RMSE(bins) and cross-validation folds,
// on data simulated here with the seeded PRNG (no real data needed).
//
//   npx tsx examples/eval-metrics.ts
import { Rng } from '../src/core/index.js'
import {
  calibrationTable,
  expectedCalibrationError,
  foldMasks,
  kFoldsByLearner,
  metrics,
  rmseBins,
  rmseBinsFeatures,
} from '../src/eval/index.js'

const rng = Rng.from(2025)

// 1. Responses: 300 learners × 20 answers. Each learner has an ability; the "model" predicts
//    P(correct) from a noisy estimate of it, so its predictions are good but not perfect.
const nLearners = 300
const perLearner = 20
const n = nLearners * perLearner
const learner = new Int32Array(n)
const correct = new Float64Array(n)
const predicted = new Float64Array(n)
for (let l = 0; l < nLearners; l++) {
  const ability = rng.normal()
  const estimate = ability + 0.5 * rng.normal()
  for (let j = 0; j < perLearner; j++) {
    const r = l * perLearner + j
    const growth = 0.08 * j // learning along the way
    learner[r] = l
    correct[r] = rng.bernoulli(1 / (1 + Math.exp(-(ability + growth)))) ? 1 : 0
    predicted[r] = 1 / (1 + Math.exp(-(estimate + growth)))
  }
}
console.log('metrics on all rows:', metrics(correct, predicted))

// 2. Calibration: ten equal-width bins of the predictions.
const table = calibrationTable(correct, predicted, 10)
for (const b of table) {
  if (b.count === 0) continue
  console.log(
    `  [${b.lower.toFixed(1)}, ${b.upper.toFixed(1)})  n=${String(b.count).padStart(4)}  mean prediction ${b.meanPrediction?.toFixed(3)}  observed ${b.observedRate?.toFixed(3)}`,
  )
}
console.log('expected calibration error:', expectedCalibrationError(table).toFixed(4))

// 3. Five folds by learner (a learner's rows never straddle train and test), seeded.
const fold = kFoldsByLearner(learner, nLearners, 5, 42)
for (let f = 0; f < 5; f++) {
  const { test } = foldMasks(fold, f)
  const y: number[] = []
  const p: number[] = []
  for (let r = 0; r < n; r++) {
    if (test[r] === 1) {
      y.push(correct[r] as number)
      p.push(predicted[r] as number)
    }
  }
  const m = metrics(y, p)
  console.log(`  fold ${f}: ${y.length} rows, AUC ${m.auc.toFixed(3)}, RMSE ${m.rmse.toFixed(3)}, log loss ${m.logLoss.toFixed(3)}`)
}

// 4. RMSE(bins) on a simulated review log: 200 cards, each reviewed 8 times at growing intervals;
//    recall follows the FSRS power forgetting curve R(t) = (1 + t / (9 S))^-1 with a stability S
//    that grows after each pass; the "model" predicts with a slightly wrong stability.
const card: number[] = []
const elapsed: number[] = []
const rating: number[] = []
const recalled: number[] = []
const predictedR: number[] = []
for (let c = 0; c < 200; c++) {
  let stability = 1 + rng.float() * 2
  for (let k = 0; k < 8; k++) {
    const t = k === 0 ? 0 : Math.max(1, Math.round(stability * (0.5 + rng.float())))
    const r = k === 0 ? 1 : (1 + t / (9 * stability)) ** -1
    const pass = rng.bernoulli(r)
    card.push(c)
    elapsed.push(t)
    rating.push(pass ? 3 : 1)
    recalled.push(pass ? 1 : 0)
    predictedR.push(k === 0 ? 1 : (1 + t / (9 * stability * 1.2)) ** -1)
    stability = pass ? stability * 2.5 : Math.max(0.5, stability * 0.4)
  }
}
const { reviews, lapses } = rmseBinsFeatures(card, elapsed, rating)
// the benchmark scores only reviews after at least a day (Δt > 0)
const keep = elapsed.map((t, i) => (t > 0 ? i : -1)).filter((i) => i >= 0)
const pick = <A extends ArrayLike<number>>(xs: A): number[] => keep.map((i) => xs[i] as number)
console.log(
  'reviews scored:',
  keep.length,
  'RMSE(bins):',
  rmseBins(pick(recalled), pick(predictedR), {
    elapsedDays: pick(elapsed),
    reviews: pick(reviews),
    lapses: pick(lapses),
  }).toFixed(4),
  'log loss:',
  metrics(pick(recalled), pick(predictedR)).logLoss.toFixed(4),
)
