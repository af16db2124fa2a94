import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  RngStateC,
  Rng,
  decode,
  derive,
  hashString,
  nextFloat,
  nextUint32,
  seed,
  split,
  type RngState,
} from '../../src/core/index.js'

const seeds = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string())
const opts = { seed: 42, numRuns: 100 }

const draw = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.uint32())

/** Pearson correlation of two equal-length samples. */
const correlation = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  const n = a.length
  const ma = a.reduce((s, x) => s + x, 0) / n
  const mb = b.reduce((s, x) => s + x, 0) / n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma
    const db = (b[i] as number) - mb
    sab += da * db
    saa += da * da
    sbb += db * db
  }
  return sab / Math.sqrt(saa * sbb)
}

/** Pearson chi-square statistic of uniform floats over `k` equal buckets. */
const chiSquare = (xs: ReadonlyArray<number>, k: number): number => {
  const counts = new Array<number>(k).fill(0)
  for (const x of xs) counts[Math.floor(x * k)] = (counts[Math.floor(x * k)] ?? 0) + 1
  const expected = xs.length / k
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0)
}
// χ² critical value for 19 degrees of freedom at p = 0.001
const CHI2_19_999 = 43.82

describe('seed', () => {
  test.prop([seeds], opts)('gives a valid state, and equal seeds give equal streams', (s) => {
    const st = seed(s)
    expect(RngStateC.is(st)).toBe(true)
    expect(draw(Rng.from(s), 20)).toEqual(draw(Rng.from(seed(s)), 20))
    expect(draw(Rng.from(s), 20)).toEqual(draw(Rng.from(s), 20))
  })

  it('distinguishes nearby seeds', () => {
    const firsts = new Set<number>()
    for (let s = 0; s < 1000; s++) firsts.add(Rng.from(s).uint32())
    for (const s of ['a', 'b', 'ab', 'ba', '']) firsts.add(Rng.from(s).uint32())
    firsts.add(Rng.from(0.5).uint32())
    firsts.add(Rng.from(-1).uint32())
    firsts.add(Rng.from(2 ** 32).uint32())
    expect(firsts.size).toBe(1008)
  })

  it('hashString is deterministic and spreads', () => {
    expect(hashString('card-1')).toBe(hashString('card-1'))
    expect(hashString('card-1')).not.toBe(hashString('card-2'))
    const h = hashString('x')
    expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true)
  })
})

describe('Rng cursor and pure functions', () => {
  test.prop([seeds, fc.integer({ min: 0, max: 50 })], opts)('state() → JSON → Rng.from resumes the same stream', (s, k) => {
    const rng = Rng.from(s)
    draw(rng, k)
    const saved = JSON.parse(JSON.stringify(rng.state())) as unknown
    const decoded = decode(RngStateC, saved)
    expect(E.isRight(decoded)).toBe(true)
    if (E.isLeft(decoded)) return
    const resumed = Rng.from(decoded.right)
    expect(draw(resumed, 30)).toEqual(draw(rng, 30))
  })

  test.prop([seeds, fc.integer({ min: 1, max: 40 })], opts)('nextFloat / nextUint32 agree with the cursor', (s, n) => {
    const cursor = Rng.from(s)
    let st: RngState = seed(s)
    for (let i = 0; i < n; i++) {
      const [u, next] = nextFloat(st)
      expect(u).toBe(cursor.float())
      st = next
    }
    const [x, after] = nextUint32(st)
    expect(x).toBe(cursor.uint32())
    expect(after).toEqual(cursor.state())
  })

  test.prop([seeds], opts)('the pure functions do not mutate the state they are given', (s) => {
    const st = seed(s)
    const copy = [...st]
    nextFloat(st)
    nextUint32(st)
    split(st)
    derive(st, 'k')
    expect([...st]).toEqual(copy)
  })

  test.prop([seeds], opts)('float is in [0, 1) and uint32 is an unsigned 32-bit integer', (s) => {
    const rng = Rng.from(s)
    for (let i = 0; i < 50; i++) {
      const u = rng.float()
      expect(u >= 0 && u < 1).toBe(true)
      const x = rng.uint32()
      expect(Number.isInteger(x) && x >= 0 && x <= 0xffffffff).toBe(true)
    }
  })

  test.prop([seeds, fc.integer({ min: 1, max: 2 ** 32 })], opts)('int(n) is an integer in [0, n)', (s, n) => {
    const rng = Rng.from(s)
    for (let i = 0; i < 20; i++) {
      const x = rng.int(n)
      expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true)
    }
  })

  it('int(n) covers small ranges uniformly and rejects bad n', () => {
    const rng = Rng.from(99)
    const counts = [0, 0, 0]
    for (let i = 0; i < 30_000; i++) { const j = rng.int(3); counts[j] = (counts[j] ?? 0) + 1 }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400)
    expect(Rng.from(1).int(1)).toBe(0)
    for (const bad of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) expect(() => rng.int(bad)).toThrow(RangeError)
  })

  it('shuffle permutes, normal has mean 0 and variance 1, bernoulli has rate p', () => {
    const rng = Rng.from('moments')
    const xs = rng.shuffle(Array.from({ length: 100 }, (_, i) => i))
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(xs).not.toEqual(Array.from({ length: 100 }, (_, i) => i))
    const n = 20_000
    let s1 = 0
    let s2 = 0
    let hits = 0
    for (let i = 0; i < n; i++) {
      const z = rng.normal()
      s1 += z
      s2 += z * z
      if (rng.bernoulli(0.3)) hits++
    }
    expect(Math.abs(s1 / n)).toBeLessThan(0.03)
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04)
    expect(Math.abs(hits / n - 0.3)).toBeLessThan(0.015)
  })

  it('floats are uniform (χ² over 20 buckets, fixed seed)', () => {
    const rng = Rng.from(2024)
    const xs = Array.from({ length: 20_000 }, () => rng.float())
    expect(chiSquare(xs, 20)).toBeLessThan(CHI2_19_999)
  })
})

describe('split streams', () => {
  it('parent and child are uncorrelated and each uniform (fixed seed)', () => {
    const n = 20_000
    const [parent, child] = split(seed(7))
    const a = Rng.from(parent)
    const b = Rng.from(child)
    const xs = Array.from({ length: n }, () => a.float())
    const ys = Array.from({ length: n }, () => b.float())
    // |r| under 4 standard errors (1/√n) of zero
    expect(Math.abs(correlation(xs, ys))).toBeLessThan(4 / Math.sqrt(n))
    expect(chiSquare(ys, 20)).toBeLessThan(CHI2_19_999)
    expect(chiSquare(xs, 20)).toBeLessThan(CHI2_19_999)
  })

  it('two children of one cursor are uncorrelated, and lagged draws too', () => {
    const n = 20_000
    const root = Rng.from(11)
    const c1 = root.split()
    const c2 = root.split()
    const xs = Array.from({ length: n }, () => c1.float())
    const ys = Array.from({ length: n }, () => c2.float())
    expect(Math.abs(correlation(xs, ys))).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(correlation(xs.slice(1), ys.slice(0, -1)))).toBeLessThan(4 / Math.sqrt(n))
  })

  test.prop([seeds], opts)('split is deterministic and the child differs from the parent', (s) => {
    const [p1, c1] = split(seed(s))
    const [p2, c2] = split(seed(s))
    expect(p1).toEqual(p2)
    expect(c1).toEqual(c2)
    expect(draw(Rng.from(c1), 5)).not.toEqual(draw(Rng.from(p1), 5))
    // the parent continues its own stream: split(s)[0] is s advanced by the draws split used
    const cursor = Rng.from(s)
    cursor.split()
    expect(cursor.state()).toEqual(p1)
  })
})

describe('derive', () => {
  test.prop([seeds, fc.string(), fc.string()], opts)('same key same stream, different keys different streams', (s, k1, k2) => {
    const st = seed(s)
    expect(derive(st, k1)).toEqual(derive(st, k1))
    if (k1 !== k2) expect(draw(Rng.from(derive(st, k1)), 4)).not.toEqual(draw(Rng.from(derive(st, k2)), 4))
  })

  test.prop([seeds, fc.integer(), fc.integer()], opts)('numeric keys too', (s, k1, k2) => {
    const st = seed(s)
    if (k1 !== k2) expect(derive(st, k1)).not.toEqual(derive(st, k2))
    expect(RngStateC.is(derive(st, k1))).toBe(true)
  })

  it('derived streams are uncorrelated with each other (fixed seed)', () => {
    const n = 20_000
    const st = seed(5)
    const a = Rng.from(derive(st, 'card-1'))
    const b = Rng.from(derive(st, 'card-2'))
    const xs = Array.from({ length: n }, () => a.float())
    const ys = Array.from({ length: n }, () => b.float())
    expect(Math.abs(correlation(xs, ys))).toBeLessThan(4 / Math.sqrt(n))
    expect(chiSquare(ys, 20)).toBeLessThan(CHI2_19_999)
  })

  it('different base states give different derived streams for one key', () => {
    expect(derive(seed(1), 'x')).not.toEqual(derive(seed(2), 'x'))
  })
})

describe('RngStateC', () => {
  it('accepts states and rejects bad ones with the failing index as path', () => {
    expect(E.isRight(decode(RngStateC, [1, 2, 3, 4]))).toBe(true)
    const neg = decode(RngStateC, [1, 2, -3, 4])
    expect(E.isLeft(neg) && neg.left.path).toEqual([2])
    expect(E.isLeft(neg) && neg.left.code).toBe('invalid_type')
    expect(E.isLeft(decode(RngStateC, [1, 2, 3]))).toBe(true)
    expect(E.isLeft(decode(RngStateC, [1.5, 2, 3, 4]))).toBe(true)
    expect(E.isLeft(decode(RngStateC, [2 ** 32, 2, 3, 4]))).toBe(true)
    expect(E.isLeft(decode(RngStateC, [0, 0, 0, 0]))).toBe(true)
    expect(E.isLeft(decode(RngStateC, 'seed'))).toBe(true)
  })
})
