// Records the golden values of test/srs/fsrs-steps.test.ts: writes a seeded synthetic review log
// (fsrs-steps-log.csv, FSRS optimizer columns) and what @open-spaced-repetition/binding 0.5.0's
// computeOptimalSteps returns for it (fsrs-steps-binding.json).
//
//   npm install --prefix /tmp/fsrsbind @open-spaced-repetition/binding@0.5.0
//   FSRS_BINDING=/tmp/fsrsbind/node_modules/@open-spaced-repetition/binding node test/srs/golden/fsrs-steps-binding.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

// mulberry32: a small seeded generator, so the log is the same on every run
let state = 20261201
const rand = () => {
  state = (state + 0x6d2b79f5) | 0
  let t = Math.imul(state ^ (state >>> 15), 1 | state)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const logNormal = (median, spread) => median * Math.exp(spread * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()))
// short-term recall after `seconds` for a memory of stability `s` seconds (power curve, decay 0.3)
const recall = (seconds, s) => rand() < Math.pow(1 + (Math.pow(0.9, -1 / 0.3) - 1) * seconds / s, -0.3)
const duration = () => Math.round(2000 + rand() * 18000)

const rows = ['card_id,review_time,review_rating,review_state,review_duration']
const T0 = Date.UTC(2025, 0, 6, 9)
for (let c = 0; c < 900; c++) {
  const id = String(1000 + c * 37) // ids of 4 and 5 digits: text order is not number order
  let t = T0 + c * 1_800_000
  const u = rand()
  const first = u < 0.3 ? 1 : u < 0.45 ? 2 : u < 0.92 ? 3 : 4
  rows.push(`${id},${t},${first},0,${duration()}`)
  const s = [0, 150, 400, 2400, 20000][first]
  let prev = first
  // next look: again waits about a minute, hard five, good ten; one in 40 waits hours (outliers)
  let wait = first === 4 ? 86_400 * 3 : rand() < 0.025 ? logNormal(7200, 0.5) : logNormal([0, 70, 300, 600][first], 0.5)
  // a few answers come back within the answer time (a delay of 0, ties)
  if (rand() < 0.02) wait = 1
  t += Math.round(wait * 1000)
  let r = recall(wait, s) ? 3 : 1
  rows.push(`${id},${t},${r},${first === 4 ? 2 : 1},${duration()}`)
  if (prev === 1 && r === 3) {
    const w2 = logNormal(650, 0.4)
    t += Math.round(w2 * 1000)
    rows.push(`${id},${t},${recall(w2, 1800) ? 3 : 1},1,${duration()}`)
  }
  prev = r
  // review-state reviews days apart; a lapse is relearned a few minutes later
  for (let k = 0; k < 3; k++) {
    t += Math.round((1 + rand() * 6) * 86_400_000)
    const lapse = rand() < 0.2
    rows.push(`${id},${t},${lapse ? 1 : 3},2,${duration()}`)
    if (lapse) {
      const w3 = logNormal(140, 0.5)
      t += Math.round(w3 * 1000)
      rows.push(`${id},${t},${recall(w3, 220) ? 3 : 1},3,${duration()}`)
    }
  }
}
const csv = `${rows.join('\n')}\n`
writeFileSync(join(here, 'fsrs-steps-log.csv'), csv)

const bindingPath = process.env.FSRS_BINDING
if (bindingPath === undefined) throw new Error('set FSRS_BINDING to the @open-spaced-repetition/binding folder')
const b = await import(pathToFileURL(resolve(bindingPath, 'dist/index.mjs')).href)
const version = JSON.parse(readFileSync(resolve(bindingPath, 'package.json'), 'utf8')).version
const cases = []
for (const desiredRetention of [0.9, 0.8])
  for (const decay of [0.1542, 0.5]) {
    const r = b.computeOptimalSteps(new TextEncoder().encode(csv), desiredRetention, decay)
    cases.push({ desiredRetention, decay, result: JSON.parse(JSON.stringify(r, (_, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v))) })
  }
// The Anki log of the shared test data, when present: its recommendation at retention 0.9, decay 0.1542.
const anki = resolve(here, '../../../../shared/data/anki-revlog-jlpt-2025/revlog_fsrs.csv')
let ankiLog
try {
  const r = b.computeOptimalSteps(new Uint8Array(readFileSync(anki)), 0.9, 0.1542)
  ankiLog = { learningSteps: r.recommendedLearningSteps, relearningSteps: r.recommendedRelearningSteps, stability: Object.fromEntries(Object.entries(r).filter(([, v]) => v?.stability !== undefined).map(([k, v]) => [k, v.stability])) }
} catch {
  ankiLog = undefined
}
writeFileSync(join(here, 'fsrs-steps-binding.json'), `${JSON.stringify({ binding: version, cases, ...(ankiLog !== undefined ? { ankiLog } : {}) }, null, 1)}\n`)
console.log(`${rows.length - 1} reviews; ${cases.length} cases recorded`)
