/**
 * A seeded, splittable, serialisable pseudo-random number generator.
 *
 * The generator is xoshiro128** (Blackman & Vigna, 2018): 128 bits of state
 * held as four unsigned 32-bit integers in a plain array, so a state can be
 * stored as JSON and resumed bit for bit. The functional API is pure (state in,
 * value and new state out); {@link Rng} is a mutable cursor over the same
 * sequence for hot loops, and `rng.state()` hands the position back as data.
 *
 * Splitting ({@link split}, {@link derive}) seeds child streams through a
 * SplitMix32-style hash of parent outputs, so children are independent of
 * the parent and of each other for all practical purposes.
 *
 * @module
 */
import * as t from 'io-ts'
import { mix32 } from './hash.js'

// model

/**
 * The generator's state: four unsigned 32-bit integers, not all zero.
 *
 * @example
 * ```ts
 * import { seed } from 'learnkit/core'
 * JSON.stringify(seed(42)) // '[...four integers...]'
 * ```
 */
export type RngState = readonly [number, number, number, number]

const u32 = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'Uint32'))()

/**
 * io-ts codec of {@link RngState}.
 *
 * @example
 * ```ts
 * import { RngStateC, seed } from 'learnkit/core'
 * RngStateC.is(seed(1)) // true
 * ```
 */
export const RngStateC: t.Type<RngState, RngState, unknown> = /* @__PURE__ */ (() => t.refinement(
  t.tuple([u32, u32, u32, u32]),
  (s) => (s[0] | s[1] | s[2] | s[3]) !== 0,
  'RngState',
) as unknown as t.Type<RngState, RngState, unknown>)()

// constructors

const GOLDEN = 0x9e3779b9

/** Expands one 32-bit word into a full state with SplitMix32 steps. */
const expand = (a: number, b: number): [number, number, number, number] => {
  let x = (a ^ mix32(b + 0x632be5ab)) >>> 0
  const out: [number, number, number, number] = [0, 0, 0, 0]
  for (let i = 0; i < 4; i++) {
    x = (x + GOLDEN) >>> 0
    out[i] = mix32(x)
  }
  if ((out[0] | out[1] | out[2] | out[3]) === 0) out[0] = 1
  return out
}

/**
 * A generator state from a seed. Any finite number or string is a seed;
 * equal seeds give equal streams.
 *
 * @example
 * ```ts
 * import { seed, nextFloat } from 'learnkit/core'
 * const [a] = nextFloat(seed(7))
 * const [b] = nextFloat(seed(7))
 * a === b // true
 * ```
 */
export const seed = (s: number | string): RngState => {
  if (typeof s === 'string') return expand(hashString(s), 0x5bd1e995)
  const hi = Math.floor(s / 0x100000000) >>> 0
  const lo = s >>> 0
  const frac = Math.round((s - Math.floor(s)) * 0x100000000) >>> 0
  return expand((lo ^ mix32(frac)) >>> 0, hi)
}

/**
 * A 32-bit hash of a string (FNV-1a followed by a final mix).
 *
 * @example
 * ```ts
 * import { hashString } from 'learnkit/core'
 * hashString('card-1') === hashString('card-1') // true
 * ```
 */
export const hashString = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return mix32(h >>> 0)
}

// kernel

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0

/**
 * A mutable cursor over a generator stream, for loops that draw many numbers.
 * It never reads global state; `state()` returns the current position as
 * plain data, from which {@link Rng.from} (or the pure functions) resume.
 *
 * @example
 * ```ts
 * import { Rng } from 'learnkit/core'
 * const rng = Rng.from(42)
 * const u = rng.float()     // uniform in [0, 1)
 * const saved = rng.state() // resume later with Rng.from(saved)
 * ```
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  private constructor(s: RngState) {
    this.a = s[0]
    this.b = s[1]
    this.c = s[2]
    this.d = s[3]
  }

  /** A cursor starting at a state, or at the state of a seed. */
  static from(s: RngState | number | string): Rng {
    return new Rng(typeof s === 'object' ? s : seed(s))
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0
    const t = (this.b << 9) >>> 0
    this.c = (this.c ^ this.a) >>> 0
    this.d = (this.d ^ this.b) >>> 0
    this.b = (this.b ^ this.c) >>> 0
    this.a = (this.a ^ this.d) >>> 0
    this.c = (this.c ^ t) >>> 0
    this.d = rotl(this.d, 11)
    return result
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.uint32() >>> 5
    const lo = this.uint32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** A uniform integer in [0, n), without modulo bias. @throws RangeError if n is not a positive integer below 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`int(n) needs an integer n in [1, 2^32], got ${n}`)
    const limit = 0x100000000 - (0x100000000 % n)
    for (;;) {
      const x = this.uint32()
      if (x < limit) return x % n
    }
  }

  /** A standard normal variate (Box–Muller). */
  normal(): number {
    let u = 0
    while (u === 0) u = this.float()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float())
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.float() < p
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<A>(xs: A[]): A[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = xs[i] as A
      xs[i] = xs[j] as A
      xs[j] = tmp
    }
    return xs
  }

  /** A child stream, independent of this one; advances this cursor. */
  split(): Rng {
    return new Rng(expand(this.uint32() ^ mix32(this.uint32()), this.uint32() ^ 0x2545f491))
  }

  /** The current position, as data. */
  state(): RngState {
    return [this.a, this.b, this.c, this.d]
  }
}

// pure API

/**
 * The next uniform float in [0, 1) and the state after it.
 *
 * @example
 * ```ts
 * import { seed, nextFloat } from 'learnkit/core'
 * const [u, s1] = nextFloat(seed(1))
 * u >= 0 && u < 1 // true
 * ```
 */
export const nextFloat = (s: RngState): readonly [number, RngState] => {
  // Rng#float without the class (two xoshiro128** steps), so a bundle that only draws one float stays small.
  let a = s[0]
  let b = s[1]
  let c = s[2]
  let d = s[3]
  let hi = 0
  for (let i = 0; i < 2; i++) {
    const r = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0
    const t = (b << 9) >>> 0
    c = (c ^ a) >>> 0
    d = (d ^ b) >>> 0
    b = (b ^ c) >>> 0
    a = (a ^ d) >>> 0
    c = (c ^ t) >>> 0
    d = rotl(d, 11)
    if (i === 0) hi = r >>> 5
    else return [(hi * 67108864 + (r >>> 6)) / 9007199254740992, [a, b, c, d]]
  }
  return [0, s] // not reached
}

/**
 * The next unsigned 32-bit integer and the state after it.
 *
 * @example
 * ```ts
 * import { seed, nextUint32 } from 'learnkit/core'
 * const [x] = nextUint32(seed(1))
 * Number.isInteger(x) // true
 * ```
 */
export const nextUint32 = (s: RngState): readonly [number, RngState] => {
  const r = Rng.from(s)
  const x = r.uint32()
  return [x, r.state()]
}

/**
 * Splits a state into two independent streams: the first continues the
 * parent, the second is a fresh child.
 *
 * @example
 * ```ts
 * import { seed, split } from 'learnkit/core'
 * const [left, right] = split(seed(1))
 * ```
 */
export const split = (s: RngState): readonly [RngState, RngState] => {
  const r = Rng.from(s)
  const child = r.split()
  return [r.state(), child.state()]
}

/**
 * A stream derived deterministically from a state and a key (a learner id,
 * a card id, a fold number) without advancing anything: equal inputs give
 * equal streams, different keys give independent ones.
 *
 * @example
 * ```ts
 * import { seed, derive } from 'learnkit/core'
 * const perCard = derive(seed(42), 'card-17')
 * ```
 */
export const derive = (s: RngState, key: number | string): RngState => {
  const k = typeof key === 'string' ? hashString(key) : mix32((key >>> 0) ^ mix32(Math.floor(key / 0x100000000) >>> 0))
  return expand((s[0] ^ mix32(s[1] ^ k)) >>> 0, (s[2] ^ mix32(s[3] + k)) >>> 0)
}
