// A tiny test-local BKT knowledge model (standard BKT, no forgetting), so the
// learner tests do not depend on another area's engine.
import * as t from 'io-ts'
import type { KnowledgeModel } from '../../src/core/index.js'

export interface TinyBktParams {
  readonly pInit: number
  readonly pLearn: number
  readonly pGuess: number
  readonly pSlip: number
}

export interface TinyBktState {
  readonly known: number
  readonly unknown: number
}

/** Codec of {@link TinyBktState} (models do not carry their codecs). */
export const TinyBktStateC = t.type({ known: t.number, unknown: t.number }) as unknown as t.Type<TinyBktState, unknown, unknown>

export const tinyBkt = (p: TinyBktParams): KnowledgeModel<TinyBktState> => {
  const mastery = (s: TinyBktState): number => s.known / (s.known + s.unknown)
  const update = (s: TinyBktState, obs: { readonly correct: number }): TinyBktState => {
    const c = obs.correct
    const lk = c * (1 - p.pSlip) + (1 - c) * p.pSlip
    const lu = c * p.pGuess + (1 - c) * (1 - p.pGuess)
    let k = s.known * lk
    let u = s.unknown * lu
    const z = k + u
    k /= z
    u /= z
    return { known: k + u * p.pLearn, unknown: u * (1 - p.pLearn) }
  }
  return {
    kind: 'tiny-bkt',
    init: () => ({ known: p.pInit, unknown: 1 - p.pInit }),
    update,
    predict: (s) => mastery(s) * (1 - p.pSlip) + (1 - mastery(s)) * p.pGuess,
    mastery,
    opportunitiesToMastery: (s, threshold) => {
      let n = 0
      let cur = s
      while (mastery(cur) < threshold) {
        if (n > 1000) return Number.POSITIVE_INFINITY
        cur = update(cur, { correct: mastery(cur) * (1 - p.pSlip) + (1 - mastery(cur)) * p.pGuess })
        n++
      }
      return n
    },
  }
}

export const BKT_PARAMS: TinyBktParams = { pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 }
