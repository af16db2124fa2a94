import { describe, expect, it } from 'vitest'
import { bktSimItems, bktSimulationCsv, bktSimulationCsvChunks, simulateBkt, type BktSimOptions } from '../../src/sim/bkt.js'
import { right } from '../either.js'

const std: BktSimOptions = {
  learners: 2000,
  steps: 10,
  seed: 7,
  skills: { s: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 } },
}

describe('simulateBkt', () => {
  it('is reproducible bit for bit per seed and differs across seeds', () => {
    const a = right(simulateBkt(std))
    const b = right(simulateBkt(std))
    expect(bktSimulationCsv(a.table)).toBe(bktSimulationCsv(b.table))
    const c = right(simulateBkt({ ...std, seed: 8 }))
    expect(bktSimulationCsv(c.table)).not.toBe(bktSimulationCsv(a.table))
  })

  it("gives each learner its own stream: a learner's rows do not depend on how many learners there are", () => {
    const few = right(simulateBkt({ ...std, learners: 3 }))
    const many = right(simulateBkt(std))
    for (let i = 0; i < few.table.length; i++) {
      expect(many.table.correct[i]).toBe(few.table.correct[i])
      expect(many.known[i]).toBe(few.known[i])
    }
  })

  it('matches the analytic P(correct) at each step (forgetting included)', () => {
    const p = { pInit: 0.3, pLearn: 0.15, pForget: 0.05, pGuess: 0.2, pSlip: 0.1 }
    const sim = right(simulateBkt({ learners: 20000, steps: 8, seed: 1, skills: { s: p } }))
    const sums = new Float64Array(8)
    for (let i = 0; i < sim.table.length; i++) sums[i % 8] = (sums[i % 8] as number) + (sim.table.correct[i] as number)
    let k = p.pInit
    for (let t = 0; t < 8; t++) {
      const expected = k * (1 - p.pSlip) + (1 - k) * p.pGuess
      // standard error of a mean of 20000 Bernoullis is at most 0.0036
      expect(Math.abs((sums[t] as number) / 20000 - expected)).toBeLessThan(0.015)
      k = k * (1 - p.pForget) + (1 - k) * p.pLearn
    }
  })

  it('uses per-item guess/slip, per-item learn and per-item priors', () => {
    const sim = right(
      simulateBkt({
        learners: 4000,
        steps: 4,
        seed: 2,
        skills: {
          s: {
            pInit: 0.5,
            pLearn: 0.1,
            pGuess: 0.2,
            pSlip: 0.1,
            items: { easy: { pGuess: 0.6, pSlip: 0.01, pInit: 0.9 }, hard: { pGuess: 0.01, pSlip: 0.4, pInit: 0.1, pLearn: 0.5 } },
          },
        },
      }),
    )
    const t = sim.table
    expect(t.items).toEqual(['easy', 'hard'])
    for (let i = 0; i < t.length; i++) {
      const easy = t.item[i] === 0
      const want = sim.known[i] === 1 ? (easy ? 0.99 : 0.6) : easy ? 0.6 : 0.01
      expect(sim.pCorrect[i]).toBeCloseTo(want, 12)
    }
    // first-item priors: P(known at step 0 | first item easy) ≈ 0.9, hard ≈ 0.1
    let ke = 0, ne = 0, kh = 0, nh = 0
    for (let i = 0; i < t.length; i += 4) {
      if (t.item[i] === 0) { ne++; ke += sim.known[i] as number } else { nh++; kh += sim.known[i] as number }
    }
    expect(ke / ne).toBeGreaterThan(0.87)
    expect(kh / nh).toBeLessThan(0.13)
  })

  it('applies pair overrides to the transition after the second item of the pair', () => {
    const sim = right(
      simulateBkt({
        learners: 300,
        steps: 6,
        seed: 4,
        skills: { s: { pInit: 0, pLearn: 0, pGuess: 0.2, pSlip: 0.1, items: { a: {}, b: {} }, pairs: { a: { b: { pLearn: 1 } } } } },
      }),
    )
    const t = sim.table
    let sawPair = 0
    for (let i = 0; i < t.length; i++) {
      const step = i % 6
      if (step === 0) expect(sim.known[i]).toBe(0)
      else if (step >= 2 && t.item[i - 2] === 0 && t.item[i - 1] === 1) {
        sawPair++
        expect(sim.known[i]).toBe(1)
      } else expect(sim.known[i]).toBe(sim.known[i - 1])
    }
    expect(sawPair).toBeGreaterThan(100)
  })

  it('interleaves skills when asked, with every learner getting all steps of each skill', () => {
    const sim = right(
      simulateBkt({
        learners: 5,
        steps: 6,
        seed: 3,
        schedule: 'interleaved',
        skills: { a: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }, b: { pInit: 0.6, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } },
      }),
    )
    const t = sim.table
    expect(t.length).toBe(60)
    const counts = new Map<string, number>()
    let switches = 0
    for (let i = 0; i < t.length; i++) {
      const key = `${t.learner[i]}:${t.skill[i]}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
      if (i > 0 && t.learner[i] === t.learner[i - 1] && t.skill[i] !== t.skill[i - 1]) switches++
      if (i > 0) expect(t.order[i]).toBeGreaterThan(t.order[i - 1] as number)
    }
    expect([...counts.values()].every((c) => c === 6)).toBe(true)
    expect(switches).toBeGreaterThan(5)
  })

  it('rejects invalid options with a path, without throwing', () => {
    const bad = simulateBkt({ ...std, skills: { s: { pInit: 1.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } })
    expect(bad._tag === 'Left' && bad.left).toMatchObject({ code: 'not_a_probability', path: ['skills', 's', 'pInit'], value: 1.3 })
    const nan = simulateBkt({ ...std, skills: { s: { pInit: 0.3, pLearn: Number.NaN, pGuess: 0.2, pSlip: 0.1 } } })
    expect(nan._tag === 'Left' && nan.left.path).toEqual(['skills', 's', 'pLearn'])
    const item = simulateBkt({ ...std, skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1, items: { q: { pSlip: -1 } } } } })
    expect(item._tag === 'Left' && item.left.path).toEqual(['skills', 's', 'items', 'q', 'pSlip'])
    expect(simulateBkt({ ...std, learners: 0 })._tag).toBe('Left')
    expect(simulateBkt({ ...std, steps: 2.5 })._tag).toBe('Left')
    expect(simulateBkt({ ...std, skills: {} })._tag).toBe('Left')
  })
})

describe('bktSimulationCsv', () => {
  it('writes pyBKT columns, with problem_id only when there are items, and quotes odd names', () => {
    const sim = right(simulateBkt({ learners: 2, steps: 2, seed: 1, skills: { 'a,b': { pInit: 0.5, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }))
    const lines = bktSimulationCsv(sim.table).trimEnd().split('\n')
    expect(lines[0]).toBe('order_id,user_id,skill_name,correct')
    expect(lines).toHaveLength(5)
    expect(lines[1]).toMatch(/^1,1,"a,b",[01]$/)
    expect(lines[4]).toMatch(/^4,2,"a,b",[01]$/)
    const items = bktSimItems({ pGuess: 0.2, pSlip: 0.1 }, 3, 0.05, 1)
    const withItems = right(simulateBkt({ learners: 1, steps: 3, seed: 1, skills: { s: { pInit: 0.5, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1, items } } }))
    const l2 = bktSimulationCsv(withItems.table).trimEnd().split('\n')
    expect(l2[0]).toBe('order_id,user_id,skill_name,correct,problem_id')
    expect(l2[1]).toMatch(/^1,1,s,[01],q[123]$/)
  })

  it('yields the same text in chunks of at most the given number of rows', () => {
    const sim = right(simulateBkt({ learners: 7, steps: 5, seed: 1, skills: { s: { pInit: 0.5, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }))
    const chunks = [...bktSimulationCsvChunks(sim.table, 10)]
    expect(chunks).toHaveLength(4)
    expect(chunks.join('')).toBe(bktSimulationCsv(sim.table))
    expect(chunks[1]?.trimEnd().split('\n')).toHaveLength(10)
  })

  it('bktSimItems stays within the spread and is deterministic', () => {
    const a = bktSimItems({ pGuess: 0.2, pSlip: 0.1 }, 50, 0.05, 9)
    expect(a).toEqual(bktSimItems({ pGuess: 0.2, pSlip: 0.1 }, 50, 0.05, 9))
    for (const it of Object.values(a)) {
      expect(Math.abs((it.pGuess as number) - 0.2)).toBeLessThanOrEqual(0.05)
      expect(Math.abs((it.pSlip as number) - 0.1)).toBeLessThanOrEqual(0.05)
    }
  })
})

describe('simulateBkt with the fitting engine (the two agree on every variant)', () => {
  const fit = async (skills: BktSimOptions['skills'], variant: Record<string, boolean>, learners = 2000, steps = 20) => {
    const { fitBkt } = await import('../../src/bkt/em.js')
    const sim = right(simulateBkt({ learners, steps, seed: 12, skills }))
    const r = fitBkt(sim.table, { ...variant, seed: 1, restarts: 3 })
    if (r._tag === 'Left') throw new Error(r.left.message)
    return r.right.model.skills['s']
  }
  const base = { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }

  it('forgetting', async () => {
    const p = await fit({ s: { ...base, pForget: 0.08 } }, { forgets: true })
    expect(Math.abs((p?.pForget ?? 0) - 0.08)).toBeLessThan(0.02)
    expect(Math.abs((p?.pLearn ?? 0) - 0.15)).toBeLessThan(0.03)
  })

  it('per-item guess and slip (multigs)', async () => {
    const items = { e: { pGuess: 0.4, pSlip: 0.05 }, h: { pGuess: 0.05, pSlip: 0.25 } }
    const p = await fit({ s: { ...base, items } }, { multigs: true })
    for (const [k, v] of Object.entries(items)) {
      expect(Math.abs((p?.items?.[k]?.pGuess ?? -1) - v.pGuess), `${k} guess`).toBeLessThan(0.04)
      expect(Math.abs((p?.items?.[k]?.pSlip ?? -1) - v.pSlip), `${k} slip`).toBeLessThan(0.04)
    }
  })

  it('per-item learning after the item (multilearn)', async () => {
    const items = { slow: { pLearn: 0.03 }, fast: { pLearn: 0.35 } }
    const p = await fit({ s: { ...base, items } }, { multilearn: true })
    expect(Math.abs((p?.items?.['slow']?.pLearn ?? -1) - 0.03)).toBeLessThan(0.04)
    expect(Math.abs((p?.items?.['fast']?.pLearn ?? -1) - 0.35)).toBeLessThan(0.04)
  })

  it('learning per pair of consecutive items (multipair)', async () => {
    const s = { ...base, pLearn: 0.05, items: { a: {}, b: {} }, pairs: { a: { b: { pLearn: 0.5 } } } }
    const p = await fit({ s }, { multipair: true }, 3000, 15)
    expect(Math.abs((p?.pairs?.['a']?.['b']?.pLearn ?? -1) - 0.5)).toBeLessThan(0.05)
    for (const [x, y] of [['a', 'a'], ['b', 'a'], ['b', 'b']] as const)
      expect(Math.abs((p?.pairs?.[x]?.[y]?.pLearn ?? -1) - 0.05), `${x}→${y}`).toBeLessThan(0.04)
  })

  it('priors by first item (multiprior)', async () => {
    const items = { intro: { pInit: 0.1 }, review: { pInit: 0.8 } }
    const p = await fit({ s: { ...base, items } }, { multiprior: true }, 4000, 12)
    expect(Math.abs((p?.items?.['intro']?.pInit ?? -1) - 0.1)).toBeLessThan(0.05)
    expect(Math.abs((p?.items?.['review']?.pInit ?? -1) - 0.8)).toBeLessThan(0.05)
  })
})
