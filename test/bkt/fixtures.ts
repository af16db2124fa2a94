// A BKT simulator written independently of src/sim, so engine tests do not
// depend on the code they could be checked against.
import type { ResponseTable } from '../../src/data/table.js'
import { Rng } from '../../src/core/random.js'
import type { BktSkillParams } from '../../src/bkt/params.js'
import { bktTableFromOutcomes } from '../../src/bkt/sequences.js'

/** Simulates BKT learners (pyBKT semantics: transition before every response but the first). */
export const simulate = (p: BktSkillParams, learners: number, steps: number, seed: number): ResponseTable => {
  const rng = Rng.from(seed)
  const seqs: number[][] = []
  for (let l = 0; l < learners; l++) {
    let known = rng.float() < p.pInit
    const seq: number[] = []
    for (let t = 0; t < steps; t++) {
      if (t > 0) known = known ? rng.float() >= (p.pForget ?? 0) : rng.float() < p.pLearn
      seq.push(rng.float() < (known ? 1 - p.pSlip : p.pGuess) ? 1 : 0)
    }
    seqs.push(seq)
  }
  return bktTableFromOutcomes(seqs)
}
