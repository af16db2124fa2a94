/// <reference lib="dom" />
/**
 * A small tutoring web app for one learner, built on learnkit with no
 * framework: a skill graph and an item bank, the next activity and why,
 * BKT mastery bars that move as items are answered, FSRS flashcards with
 * their due times, a goal with its progress and status, undo, and the
 * learner kept in localStorage so a reload restores it exactly.
 *
 * Bundled by esbuild (`npm run web` builds and serves it). Times are the
 * real clock, or, with `?start=2025-01-06T09:00:00Z` in the URL, a clock
 * that starts there and advances two minutes per event (for demos and the
 * browser test).
 */
import { bktKnowledgeModel, BktStateC } from '../../src/bkt/index.js'
import { formatError, unwrap, type LearnkitError } from '../../src/core/index.js'
import { goalsProgress } from '../../src/goals/index.js'
import {
  apply,
  learnerState,
  migrateLearnerState,
  learnerStateCodec,
  nextActivity,
  skillGraph,
  skillMastery,
  undo,
  type LearnerEvent,
} from '../../src/learner/index.js'
import { fsrs, FsrsCardC, isRating, Rating } from '../../src/srs/index.js'

// --- the course: skills, items, flashcards, parameters (an app would load these) ---

const graph = unwrap(skillGraph({ skills: { counting: [], addition: ['counting'], carrying: ['addition'] } }))

interface Item {
  readonly id: string
  readonly skills: ReadonlyArray<string>
  readonly prompt: string
  readonly choices: ReadonlyArray<string>
  readonly answer: string
}
const ITEMS: ReadonlyArray<Item> = [
  { id: 'count-dots', skills: ['counting'], prompt: 'How many dots? ● ● ●', choices: ['2', '3', '4'], answer: '3' },
  { id: 'count-next', skills: ['counting'], prompt: 'What comes after 7?', choices: ['6', '8', '9'], answer: '8' },
  { id: 'add-2-3', skills: ['addition'], prompt: '2 + 3 = ?', choices: ['4', '5', '6'], answer: '5' },
  { id: 'add-4-4', skills: ['addition'], prompt: '4 + 4 = ?', choices: ['7', '8', '9'], answer: '8' },
  { id: 'add-6-1', skills: ['addition'], prompt: '6 + 1 = ?', choices: ['7', '5', '8'], answer: '7' },
  { id: 'carry-18-5', skills: ['carrying'], prompt: '18 + 5 = ?', choices: ['13', '23', '22'], answer: '23' },
  { id: 'carry-27-15', skills: ['addition', 'carrying'], prompt: '27 + 15 = ?', choices: ['32', '42', '312'], answer: '42' },
]
const CARDS: Readonly<Record<string, { readonly front: string; readonly back: string }>> = {
  'fact-7x8': { front: '7 × 8', back: '56' },
  'fact-9x6': { front: '9 × 6', back: '54' },
  'fact-12x12': { front: '12 × 12', back: '144' },
}

const config = {
  model: bktKnowledgeModel({
    skills: {
      counting: { pInit: 0.4, pLearn: 0.25, pGuess: 0.25, pSlip: 0.1 },
      addition: { pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 },
      carrying: { pInit: 0.1, pLearn: 0.2, pGuess: 0.15, pSlip: 0.1 },
    },
  }),
  scheduler: unwrap(fsrs({ requestRetention: 0.9 })),
  threshold: 0.95,
}
/** The codecs stored states are decoded with (models and schedulers do not carry them). */
const codecs = { knowledge: BktStateC, card: FsrsCardC }
const codec = learnerStateCodec(codecs)
const LEARNER = 'ada'
const STORE = `learnkit-web/${LEARNER}`
const DAY = 86_400_000

// --- the clock ---

const startParam = new URLSearchParams(location.search).get('start')
const start = startParam !== null ? Date.parse(startParam) : null

// --- the learner: an event log and the state it leads to, persisted together ---

interface Stored {
  readonly events: ReadonlyArray<LearnerEvent>
  readonly state: unknown
}
let events: LearnerEvent[] = []
let state = learnerState(LEARNER, config)

const now = (): number => (start !== null ? start + events.length * 2 * 60_000 : Date.now())

const save = (): void => {
  const stored: Stored = { events, state: codec.encode(state) }
  localStorage.setItem(STORE, JSON.stringify(stored))
}

const show = (e: LearnkitError): void => {
  el('feedback').textContent = formatError(e)
}

const record = (event: LearnerEvent): void => {
  const next = apply(config)(state, event)
  if (next._tag === 'Left') return show(next.left)
  events.push(event)
  state = next.right
  save()
  render()
}

const load = (): void => {
  const raw = localStorage.getItem(STORE)
  if (raw !== null) {
    const stored = JSON.parse(raw) as Stored
    const decoded = migrateLearnerState(codecs)(stored.state)
    if (decoded._tag === 'Right') {
      events = [...stored.events]
      state = decoded.right
      return
    }
    show(decoded.left)
  }
  // A new learner: one goal, all three skills mastered within two weeks.
  events = []
  state = learnerState(LEARNER, config)
  const t = now()
  record({ kind: 'goalSet', time: t, goal: { kind: 'mastery', id: 'unit-1', skills: ['counting', 'addition', 'carrying'], deadline: t + 14 * DAY } })
}

// --- rendering ---

const el = (id: string): HTMLElement => {
  const e = document.getElementById(id)
  if (e === null) throw new Error(`missing #${id}`)
  return e
}
const h = (tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  e.append(...children)
  return e
}
const pct = (x: number): string => `${Math.round(x * 100)}%`

const render = (): void => {
  const t = now()
  el('learner').textContent = LEARNER
  el('count').textContent = `${state.history.attempts} answers, ${state.history.reviews} reviews`
  ;(el('undo') as HTMLButtonElement).disabled = events.length <= 1

  // Mastery bars.
  el('skills').replaceChildren(
    ...Object.keys(graph.prerequisites).map((skill) => {
      const m = skillMastery(config, state, skill)
      const mastered = state.skills[skill]?.mastered != null
      return h(
        'div',
        { class: 'skill', 'data-skill': skill },
        h('div', { class: 'label' }, h('span', {}, skill), h('span', { class: 'value' }, `${pct(m)}${mastered ? ' ✓' : ''}`)),
        h('div', { class: mastered ? 'bar mastered' : 'bar' }, h('div', { style: `width:${(m * 100).toFixed(1)}%` })),
      )
    }),
  )

  // Flashcards: state and due time of each, with the four rating buttons.
  el('cards').replaceChildren(
    ...Object.entries(CARDS).map(([id, c]) => {
      const rec = state.cards[id]
      const due = rec !== undefined ? new Date(config.scheduler.due(rec.memory)).toISOString().slice(0, 16).replace('T', ' ') : 'new'
      return h(
        'tr',
        { 'data-card': id },
        h('td', {}, `${c.front} = ${c.back}`),
        h('td', { class: 'card-state' }, rec?.memory.state ?? 'new'),
        h('td', { class: 'card-due' }, due),
        h('td', {}, ...(['Again', 'Hard', 'Good', 'Easy'] as const).map((r) => h('button', { type: 'button', 'data-review': id, 'data-rating': String(Rating[r]) }, r))),
      )
    }),
  )

  // The goal.
  const goals = goalsProgress(config)(state, t)
  el('goal').replaceChildren(
    ...Object.values(goals).map((g) =>
      h(
        'div',
        { 'data-goal': g.goal.id },
        h('div', {}, `${g.goal.id}: master ${'skills' in g.goal ? g.goal.skills.join(', ') : ''}`),
        h('div', { class: 'bar' }, h('div', { style: `width:${(g.progress * 100).toFixed(1)}%` })),
        h('div', {}, 'progress ', h('b', { class: 'goal-progress' }, pct(g.progress)), ' · status ', h('span', { class: 'status' }, g.status)),
      ),
    ),
  )

  // The next activity and why.
  const decision = nextActivity({ seed: LEARNER })({ config, state, graph, items: ITEMS, now: t })
  const next = el('next')
  el('reasons').replaceChildren(...decision.reasons.map((r) => h('li', { 'data-reason': r.code }, r.text)))
  const a = decision.choice?.activity
  if (a === undefined) next.replaceChildren(h('p', {}, decision.text))
  else if (a.kind === 'review') {
    const c = CARDS[a.card]
    next.replaceChildren(h('p', { class: 'question', 'data-activity': 'review' }, `Review: ${c?.front ?? a.card} = ?`), h('p', {}, '(rate it in the flashcards table)'))
  } else {
    const item = ITEMS.find((i) => i.id === a.item)
    if (item === undefined) return
    next.replaceChildren(
      h('p', { class: 'question', 'data-activity': a.kind, 'data-item': item.id }, item.prompt),
      ...item.choices.map((c) => h('button', { type: 'button', 'data-item': item.id, 'data-choice': c }, c)),
    )
  }

  // The graph and the item bank.
  el('graph').replaceChildren(
    h(
      'ul',
      {},
      ...Object.entries(graph.prerequisites).map(([s, pre]) =>
        h('li', {}, h('b', {}, s), pre.length > 0 ? ` (needs ${pre.join(', ')})` : '', `: ${ITEMS.filter((i) => i.skills.includes(s)).map((i) => i.id).join(', ')}`),
      ),
    ),
  )
}

// --- input ---

document.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('button')
  if (b === null) return
  const t = now()
  if (b.dataset.choice !== undefined && b.dataset.item !== undefined) {
    const item = ITEMS.find((i) => i.id === b.dataset.item)
    if (item === undefined) return
    const correct = b.dataset.choice === item.answer ? 1 : 0
    el('feedback').textContent = correct === 1 ? 'Right!' : `Not quite: ${item.answer}`
    record({ kind: 'attempt', time: t, item: item.id, skills: item.skills, correct, durationMs: 15_000 })
  } else if (b.dataset.review !== undefined) {
    const rating = Number(b.dataset.rating)
    if (isRating(rating)) record({ kind: 'review', time: t, card: b.dataset.review, rating })
  } else if (b.id === 'undo') {
    const r = undo(config)(learnerState(LEARNER, config), events)
    if (r._tag === 'Left') return show(r.left)
    events = [...r.right.events]
    state = r.right.state
    save()
    el('feedback').textContent = 'Undone.'
    render()
  } else if (b.id === 'reset') {
    localStorage.removeItem(STORE)
    load()
    render()
  }
})

load()
render()
;(window as unknown as { learnkitReady: boolean }).learnkitReady = true
