/**
 * A small tutoring app loop: one simulated learner answers items chosen by
 * the next-activity policy; after every step the learner state is written to
 * JSON and read back (as an app would persist it in a database), goals are
 * checked, and each attempt is exported as an xAPI statement.
 *
 *   npx tsx examples/learner-app-loop.ts
 */
import * as E from 'fp-ts/lib/Either.js'
import { bktKnowledgeModel, BktStateC } from '../src/bkt/index.js'
import { formatError, Rng, type LearnkitError } from '../src/core/index.js'
import { attemptStatement, goalsProgress } from '../src/goals/index.js'
import {
  apply,
  learnerState,
  learnerStateCodec,
  lessonMastery,
  migrateLearnerState,
  nextActivity,
  skillGraph,
  skillMastery,
  type ItemInfo,
  type LearnerEvent,
} from '../src/learner/index.js'
import { fsrs, FsrsCardC } from '../src/srs/index.js'

const orDie = <A>(e: E.Either<LearnkitError, A>): A => {
  if (E.isLeft(e)) throw new Error(formatError(e.left))
  return e.right
}

// 1. Shared parameters (fitted once, stored once): BKT per skill, FSRS for flashcards.
const params = {
  counting: { pInit: 0.4, pLearn: 0.25, pGuess: 0.25, pSlip: 0.1 },
  addition: { pInit: 0.2, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 },
  carrying: { pInit: 0.1, pLearn: 0.12, pGuess: 0.15, pSlip: 0.1 },
}
const config = { model: bktKnowledgeModel({ skills: params }), scheduler: orDie(fsrs()) }
const graph = orDie(
  skillGraph({
    skills: { counting: [], addition: ['counting'], carrying: ['addition'] },
    lessons: { 'column-addition': { skills: ['addition', 'carrying'], aggregate: 'min' } },
  }),
)
const items: ItemInfo[] = [
  { id: 'count-1', skills: ['counting'] },
  { id: 'count-2', skills: ['counting'] },
  { id: 'add-1', skills: ['addition'] },
  { id: 'add-2', skills: ['addition'] },
  { id: 'carry-1', skills: ['carrying'] },
  { id: 'carry-2', skills: ['addition', 'carrying'] },
]
const codecs = { knowledge: BktStateC, card: FsrsCardC } // what stored states are decoded with
const codec = learnerStateCodec(codecs)
const load = migrateLearnerState(codecs)
const toXapi = attemptStatement({ actor: { objectType: 'Agent', account: { homePage: 'https://tutor.example.org', name: 'ada' } }, activityBase: 'https://tutor.example.org' })

// 2. The learner (simulated: hidden true knowledge, answers from it) and the stored JSON.
const truth: Record<string, boolean> = { counting: true, addition: false, carrying: false }
const rng = Rng.from(2025)
const start = Date.UTC(2025, 0, 6, 17)
let stored = JSON.stringify(
  codec.encode(
    orDie(
      apply(config)(learnerState('ada'), {
        kind: 'goalSet',
        time: start,
        goal: { kind: 'mastery', id: 'unit-1', skills: ['counting', 'addition', 'carrying'], deadline: start + 7 * 86_400_000 },
      }),
    ),
  ),
)
// A flashcard the learner met before (FSRS schedules its reviews; the policy puts due reviews first).
stored = JSON.stringify(codec.encode(orDie(apply(config)(orDie(load(JSON.parse(stored))), { kind: 'review', time: start - 86_400_000, card: 'number-bonds', rating: 3 }))))
const log: LearnerEvent[] = []

// 3. The loop: load → ask the policy → present → record the event → save.
for (let step = 0; step < 60; step++) {
  const now = start + Math.floor(step / 12) * 86_400_000 + (step % 12) * 90_000 // 12 items a day
  const state = orDie(load(JSON.parse(stored)))
  const decision = nextActivity({ seed: 'ada' })({ config, state, graph, items, now })
  if (decision.choice === null) {
    console.log(`step ${step}: ${decision.text}`)
    break
  }
  const a = decision.choice.activity
  if (a.kind === 'review') {
    const review: LearnerEvent = { kind: 'review', time: now, card: a.card, rating: rng.bernoulli(0.9) ? 3 : 1 }
    stored = JSON.stringify(codec.encode(orDie(apply(config)(state, review))))
    console.log(`step ${step}: ${decision.text}  → rated ${review.rating}`)
    continue
  }
  const item = items.find((i) => i.id === a.item) as ItemInfo
  const p = params[a.skill as keyof typeof params]
  const knows = item.skills.every((s) => truth[s] === true)
  const correct = rng.bernoulli(knows ? 1 - p.pSlip : p.pGuess) ? 1 : 0
  for (const s of item.skills) if (!truth[s] && rng.bernoulli(params[s as keyof typeof params].pLearn)) truth[s] = true
  const event: LearnerEvent = { kind: 'attempt', time: now, item: item.id, skills: item.skills, correct, durationMs: 30_000 + rng.int(60_000) }
  const next = orDie(apply(config)(state, event))
  log.push(event)
  stored = JSON.stringify(codec.encode(next))
  if (step < 3 || step % 10 === 0) console.log(`step ${step}: ${decision.text}  → ${correct === 1 ? 'right' : 'wrong'}`)
}

// 4. Where the learner stands.
const final = orDie(load(JSON.parse(stored)))
const mastery = (s: string) => skillMastery(config, final, s)
console.log('\nmastery:', Object.fromEntries(Object.keys(params).map((s) => [s, Number(mastery(s).toFixed(3))])))
console.log('lesson column-addition:', orDie(lessonMastery(graph, 'column-addition', mastery)))
const now = final.history.lastActive ?? start
for (const [id, g] of Object.entries(goalsProgress(config)(final, now)))
  console.log(`goal ${id}: ${(g.progress * 100).toFixed(0)}% ${g.status} (needs ≈${g.forecast.required.toFixed(1)} more opportunities at ${g.forecast.rate.toFixed(1)}/day)`)
console.log(`stored state: ${stored.length} bytes of JSON; ${log.length} attempts`)
const last = log[log.length - 1]
if (last?.kind === 'attempt') console.log('last attempt as xAPI:', JSON.stringify(toXapi(last)))
