// Every exported function, class and static method of every public entry, called with hostile
// values (fast-check, fixed seed): raw hostile values in any place (undefined, null, NaN, ±Infinity,
// -0, huge numbers, empty and huge strings, `__proto__` keys, wrong shapes, arrays with holes, deep
// nesting, functions where data goes), and well-typed values with hostile content, built from each
// parameter's declared type (read with the TypeScript compiler). A function that returns a function
// (curried APIs such as `learner.apply(config)`) has that function called too. A throw (or a
// rejected promise) fails the test unless the export's TSDoc has a `@throws` tag, which the house
// rules keep for programmer errors (docs/reliability.md lists them and why). So does a call that
// changes one of the shared hostile values it was given, unless that argument is documented as the
// export's output (WRITES). The walk runs under a few fixed seeds; HOSTILE_SEED=n and HOSTILE_RUNS=n
// walk one other seed, or more calls per export, when looking for more.
import { appendFileSync } from 'node:fs'
import { fc } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import * as bkt from '../../src/bkt/index.js'
import * as core from '../../src/core/index.js'
import * as data from '../../src/data/index.js'
import * as evaluation from '../../src/eval/index.js'
import * as goals from '../../src/goals/index.js'
import * as irt from '../../src/irt/index.js'
import * as learner from '../../src/learner/index.js'
import * as models from '../../src/models/index.js'
import * as node from '../../src/node/index.js'
import * as plot from '../../src/plot/index.js'
import * as sim from '../../src/sim/index.js'
import * as srs from '../../src/srs/index.js'
import { type ExportInfo, type Shape, type Signature, readSurface } from './surface.js'

const MODULES: Record<string, Record<string, unknown>> = { core, data, eval: evaluation, bkt, srs, models, learner, goals, sim, plot, irt, node }
const ENTRIES = Object.fromEntries(Object.keys(MODULES).map((a) => [a, `src/${a}/index.ts`]))

/** Exports not called, each with the reason. */
const SKIP: Readonly<Record<string, string>> = {
  'node.fitBktParallel': 'starts worker threads (its faults are tested in test/node/)',
  'node.startBktWorkers': 'starts worker threads (tested with fitBktParallel in test/bkt/parallel.test.ts)',
  'node.readResponseFile': 'reads the file its argument names (hostile files are tested by the CLI cases in test/hostile/)',
  'node.readResponseFileParallel': 'reads the file its argument names, standard input for "-" (tested against readResponseFile in test/node/read-parallel.test.ts)',
  'node.readIrtFile': 'reads the file its argument names',
  'node.readReviewFile': 'reads the file its argument names',
  'node.writeFileAtomic': 'writes the file its argument names (atomicity and faults are tested in test/node/)',
}

/** Exports that write into an argument by design, each with the argument. */
const WRITES: Readonly<Record<string, string>> = {
  'bkt.bktAddStats': 'adds into `to`',
  'bkt.bktEStepInto': 'accumulates into `init`, `trans` and `emit`',
  'bkt.bktEm': 'runs EM in place on `params`',
  'bkt.bktSkillPredictions': 'fills `into`',
  'core.setOwn': 'sets an own property of its first argument',
  'core.withDisplay': 'attaches a display method (a symbol-keyed property) to its first argument',
  'irt.categoryProbabilities': 'fills `out`',
  'irt.responseTerms': 'fills `out`',
  'models.csrLinear': 'fills `out`',
}

/**
 * Exports that still throw on well-typed hostile arguments, each with what is left to decide.
 * Their throws are counted, not failed; any other export that throws fails the test.
 */
const OPEN: Readonly<Record<string, string>> = {
}

// ---------------------------------------------------------------------------------------------
// hostile values

let deepArray: unknown = 1
for (let i = 0; i < 20_000; i++) deepArray = [deepArray]
let deepObject: unknown = 1
for (let i = 0; i < 20_000; i++) deepObject = { a: deepObject }
const holes = [1, , 3, , 0] // eslint-disable-line no-sparse-arrays
const HUGE_STRING = 'a'.repeat(1 << 20)
const protoKeys = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 1, "toString": 2, "hasOwnProperty": 3}') as unknown

const RAW: ReadonlyArray<unknown> = [
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  1e308,
  2 ** 53 + 2,
  '',
  '__proto__',
  HUGE_STRING,
  true,
  [],
  {},
  protoKeys,
  holes,
  deepArray,
  deepObject,
  new Array(100_000),
  [Number.NaN, -1, 'a', null, { time: 1e20 }],
  { time: 1e20, rating: 3, correct: 1, skill: '__proto__', cardId: 'constructor' },
  () => undefined,
  Symbol('s'),
  10n,
]
const raw = fc.constantFrom(...RAW)
const BIG = new Set<unknown>([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, 2 ** 53 + 2])

const NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1, -1, 0.5, 2, 3, 1e308, -1e308, 1e20, 2 ** 31, 5e-324, 1.5]
const STRINGS = ['', '__proto__', 'constructor', 'toString', 'x', ' ', '\u0000', '\uD800', 'NaN', '1e400', '2025-02-30', HUGE_STRING.slice(0, 5000)]

/**
 * Sizes and counts (a table's `length`, `n`, iteration limits) get small hostile values: a loop to
 * 1e308 is a hang, not a throw, and a test cannot tell it from a slow call.
 */
const COUNT = /^(length|n|count|size|samples|k|folds|steps|restarts|iterations|maxIter\w*|max\w*|min\w*|n[A-Z]\w*|\w*Count|\w*Points|\w*Days|days|bins|\w*Bins|items|learners|skills|seeds?|horizon|workers|chunk\w*|limit|lookahead|runs|trials|repeats|draws|from|to|start|end|offset|index|i|j|row|rows|lo|hi|first|last|depth|level|width|height|\w*Length|\w*Size)$/
const COUNTS = [Number.NaN, -1, 0, 1, 2, 3, 0.5, -0, 7]

/** Values of `shape` with hostile content: right shape, bad content. */
const typed = (shape: Shape, depth = 0, name = ''): fc.Arbitrary<unknown> => {
  if (depth > 5) return fc.constant(undefined)
  switch (shape.k) {
    case 'regexp':
      return fc.constantFrom(/x/, /^$/)
    case 'number':
      if (name === 'length') return fc.constantFrom(0, 1, 2, 3)
      if (COUNT.test(name)) return fc.constantFrom(...COUNTS)
      return fc.oneof(fc.constantFrom(...NUMBERS), fc.double(), fc.integer({ min: -3, max: 100 }))
    case 'string':
      return fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 8 }))
    case 'boolean':
      return fc.boolean()
    case 'bigint':
      return fc.bigInt()
    case 'unknown':
    case 'any':
      return raw
    case 'never':
      return fc.constant(undefined)
    case 'literal':
      return fc.constant(shape.v)
    case 'typed': {
      const C = (globalThis as unknown as Record<string, new (xs: number[]) => unknown>)[shape.ctor]!
      const float = shape.ctor.startsWith('Float')
      return fc.array(float ? fc.constantFrom(...NUMBERS) : fc.integer({ min: -2, max: 5 }), { maxLength: 6 }).map((xs) => new C(xs))
    }
    case 'array':
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(typed(shape.of, depth + 1), { maxLength: 5 }) },
        { weight: 1, arbitrary: fc.constant([]) },
      )
    case 'tuple':
      return fc.tuple(...shape.of.map((s) => typed(s, depth + 1)))
    case 'union':
      return shape.of.length === 0 ? raw : fc.oneof(...shape.of.map((s) => typed(s, depth + 1, name)))
    case 'fn':
      // a function that ignores its arguments (fc.func hashes them, which overflows on deep values)
      return fc.array(typed(shape.ret, depth + 1), { minLength: 1, maxLength: 3 }).map((vs) => {
        let i = 0
        return () => vs[i++ % vs.length]
      })
    case 'map':
      return fc.array(fc.tuple(typed(shape.key, depth + 1), typed(shape.value, depth + 1)), { maxLength: 3 }).map((es) => new Map(es))
    case 'promise':
      return typed(shape.of, depth + 1).map((v) => Promise.resolve(v))
    case 'set':
      return fc.array(typed(shape.of, depth + 1), { maxLength: 3 }).map((es) => new Set(es))
    case 'object': {
      const entries: Record<string, fc.Arbitrary<unknown>> = {}
      const required: string[] = []
      for (const [k, s, opt] of shape.props) {
        entries[k] = typed(s, depth + 1, k)
        if (!opt) required.push(k)
      }
      const base = fc.record(entries, { requiredKeys: required })
      if (!shape.index) return base
      const index = fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'toString', 'a', ''), typed(shape.index, depth + 1), { maxKeys: 3 })
      return fc.tuple(base, index).map(([b, i]) => {
        const o: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(i)) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
        return Object.assign(o, b)
      })
    }
  }
}

/** A parameter's value: well-typed but hostile mostly, sometimes any hostile value, sometimes missing. */
const argument = (p: Signature['params'][number]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: typed(p.shape, 0, p.name) },
    { weight: 2, arbitrary: COUNT.test(p.name) ? fc.constantFrom(...RAW.filter((v) => !BIG.has(v))) : raw },     { weight: p.optional ? 1 : 0, arbitrary: fc.constant(undefined) },
  )

const argumentsOf = (sig: Signature): fc.Arbitrary<unknown[]> => {
  const fixed = sig.params.filter((p) => !p.rest)
  const rest = sig.params.find((p) => p.rest)
  return fc.tuple(fc.tuple(...fixed.map(argument)), rest ? fc.array(argument(rest), { maxLength: 3 }) : fc.constant([])).map(([a, b]) => [...a, ...b])
}

/** Whether `v` has the declared type `shape` (a value TypeScript accepts without a cast). */
const conforms = (v: unknown, shape: Shape, depth = 0): boolean => {
  if (depth > 8) return true
  switch (shape.k) {
    case 'number':
      return typeof v === 'number'
    case 'string':
      return typeof v === 'string'
    case 'boolean':
      return typeof v === 'boolean'
    case 'bigint':
      return typeof v === 'bigint'
    case 'regexp':
      return v instanceof RegExp
    case 'unknown':
      return true
    case 'any':
      return false
    case 'never':
      return false
    case 'literal':
      return v === shape.v
    case 'typed':
      return ArrayBuffer.isView(v) && v.constructor.name === shape.ctor
    case 'array':
      if (!Array.isArray(v)) return false
      for (let i = 0; i < v.length; i++) if (!(i in v) || !conforms(v[i], shape.of, depth + 1)) return false
      return true
    case 'tuple':
      return Array.isArray(v) && v.length >= shape.of.length && shape.of.every((s, i) => conforms(v[i], s, depth + 1))
    case 'union':
      return shape.of.some((s) => conforms(v, s, depth + 1))
    case 'fn':
      return typeof v === 'function'
    case 'map':
      return v instanceof Map
    case 'set':
      return v instanceof Set
    case 'promise':
      return v instanceof Promise
    case 'object': {
      if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return false
      const o = v as Record<string, unknown>
      for (const [k, s, opt] of shape.props) {
        const has = Object.prototype.hasOwnProperty.call(o, k) || (typeof o[k] === 'function' && !Object.prototype.hasOwnProperty.call(Object.prototype, k))
        if (!has ? !opt : !((opt && o[k] === undefined) || conforms(o[k], s, depth + 1))) return false
      }
      if (shape.index) for (const k of Object.keys(o)) if (!shape.props.some(([p]) => p === k) && !conforms(o[k], shape.index, depth + 1)) return false
      return true
    }
  }
}

const conformsAll = (args: unknown[], sig: Signature): boolean =>
  sig.params.every((p, i) => (p.rest ? args.slice(i).every((a) => conforms(a, p.shape)) : (p.optional && args[i] === undefined) || conforms(args[i], p.shape)))

// ---------------------------------------------------------------------------------------------
// calling

const show = (v: unknown, depth = 0): string => {
  if (typeof v === 'string') return v.length > 20 ? `'${v.slice(0, 8)}…' (${v.length} chars)` : JSON.stringify(v)
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v)
  if (typeof v === 'bigint') return `${v}n`
  if (typeof v === 'function') return 'function'
  if (typeof v !== 'object' || v === null) return String(v)
  if (depth > 2) return '…'
  if (ArrayBuffer.isView(v)) {
    const xs = v as unknown as ArrayLike<number>
    return xs.length > 6 ? `${v.constructor.name}(${xs.length})` : `${v.constructor.name}.of(${Array.from(xs).join(', ')})`
  }
  if (Array.isArray(v)) return v.length > 6 ? `[${v.length} items]` : `[${Array.from(v, (x, i) => (i in v ? show(x, depth + 1) : '<hole>')).join(', ')}]`
  if (v instanceof Map) return `Map(${v.size})`
  if (v instanceof Set) return `Set(${v.size})`
  const ks = Object.keys(v)
  return `{${ks.slice(0, 8).map((k) => `${k}: ${show((v as Record<string, unknown>)[k], depth + 1)}`).join(', ')}${ks.length > 8 ? ', …' : ''}}`
}

interface Thrown {
  readonly error: unknown
  readonly call: string
  /** Whether every argument had its declared type (else the throw is a programmer error). */
  readonly typed: boolean
}

/**
 * The hostile values every call shares (the small arrays and objects among RAW), with their own
 * string-keyed properties: a call that adds, removes or redefines one changed its argument.
 */
const SHARED = RAW.filter((v): v is object => typeof v === 'object' && v !== null && v !== deepArray && v !== deepObject && !(Array.isArray(v) && v.length > 100))
const sharedKeys = SHARED.map((v) => new Map(Object.getOwnPropertyNames(v).map((k) => [k, Object.getOwnPropertyDescriptor(v, k)!])))
const sameDescriptor = (a: PropertyDescriptor | undefined, b: PropertyDescriptor): boolean =>
  a !== undefined && Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable
/** Whether a shared value changed; each is put back as it was either way (the next call gets it whole). */
const sharedChanged = (): boolean => {
  let changed = false
  SHARED.forEach((v, i) => {
    const keys = sharedKeys[i]!
    for (const k of Object.getOwnPropertyNames(v))
      if (!keys.has(k)) {
        changed = true
        delete (v as Record<string, unknown>)[k]
      }
    for (const [k, d] of keys)
      if (!sameDescriptor(Object.getOwnPropertyDescriptor(v, k), d)) {
        changed = true
        Object.defineProperty(v, k, d)
      }
  })
  return changed
}

/** Calls `f` (as a constructor for classes), then the function it returns if any. */
const call = async (info: ExportInfo, f: unknown, sig: Signature, args: unknown[], inner: unknown[] | undefined): Promise<Thrown | undefined> => {
  let label = `${info.name}(${args.map((a) => show(a)).join(', ')})`
  if (TRACE) appendFileSync(TRACE, `  ${label.slice(0, 2000)}\n`)
  let typedArgs = conformsAll(args, sig)
  try {
    let r: unknown = info.kind === 'class' ? new (f as new (...a: unknown[]) => unknown)(...args) : (f as (...a: unknown[]) => unknown)(...args)
    if (r instanceof Promise) r = await r
    if (typeof r === 'function' && sig.returns && inner) {
      label += `(${inner.map((a) => show(a)).join(', ')})`
      typedArgs &&= conformsAll(inner, sig.returns)
      if (TRACE) appendFileSync(TRACE, `    then (${inner.map((a) => show(a)).join(', ')})\n`)
      let r2 = (r as (...a: unknown[]) => unknown)(...inner)
      if (r2 instanceof Promise) r2 = await r2
    }
    return undefined
  } catch (error) {
    return { error, call: label, typed: typedArgs }
  }
}

const resolveExport = (info: ExportInfo): unknown => {
  const [area, name, method] = info.name.split('.') as [string, string, string | undefined]
  const v = MODULES[area]![name]
  return method === undefined ? v : (v as Record<string, unknown>)[method]
}

// ---------------------------------------------------------------------------------------------

/** Calls per export and seed (fixed seeds: the same values on every run). */
const RUNS = Number(process.env['HOSTILE_RUNS'] ?? 20)
const SEEDS: ReadonlyArray<number> = process.env['HOSTILE_SEED'] !== undefined ? [Number(process.env['HOSTILE_SEED'])] : [20261201, 1, 2]

/** A file to log each export to before it is walked (to find one that hangs): HOSTILE_TRACE=path. */
const TRACE = process.env['HOSTILE_TRACE']
/** Walks only the exports whose name matches: HOSTILE_ONLY=regex. */
const ONLY = process.env['HOSTILE_ONLY'] === undefined ? undefined : new RegExp(process.env['HOSTILE_ONLY'])
const surface = readSurface(process.cwd(), ENTRIES)

describe('every export, called with hostile values', () => {
  it('reads the public surface', () => {
    expect(surface.length).toBeGreaterThan(250)
    for (const s of [...Object.keys(SKIP), ...Object.keys(OPEN), ...Object.keys(WRITES)]) expect(surface.some((e) => e.name === s), s).toBe(true)
  })

  it('throws on well-typed arguments only where its TSDoc documents @throws', async () => {
    const failures: string[] = []
    const documented = new Set<string>()
    const wrongType = new Set<string>()
    const open = new Set<string>()
    let walked = 0
    for (const info of surface) {
      if (SKIP[info.name] !== undefined || (ONLY !== undefined && !ONLY.test(info.name))) continue
      const f = resolveExport(info)
      if (typeof f !== 'function') continue
      walked++
      if (TRACE) appendFileSync(TRACE, `${Math.round(performance.now())} ${info.name}\n`)
      const sig = info.signatures[0] ?? { params: [] }
      const innerArb = sig.returns ? argumentsOf(sig.returns) : fc.constant(undefined)
      let first: Thrown | undefined
      for (const seed of SEEDS) {
        await fc
          .assert(
            fc.asyncProperty(argumentsOf(sig), innerArb, async (args, inner) => {
              const t = await call(info, f, sig, args, inner as unknown[] | undefined)
              if (sharedChanged() && WRITES[info.name] === undefined) {
                first ??= { error: new Error('changed an argument it does not document as its output'), call: `${info.name}(${args.map((a) => show(a)).join(', ')})`, typed: true }
                return false
              }
              if (t === undefined) return true
              if (info.throws.length > 0) documented.add(info.name)
              else if (OPEN[info.name] !== undefined) open.add(info.name)
              else if (!t.typed && (t.error instanceof TypeError || t.error instanceof RangeError)) wrongType.add(info.name)
              else {
                first ??= t
                return false
              }
              return true
            }),
            { numRuns: RUNS, seed, endOnFailure: true },
          )
          .catch(() => undefined)
        if (first) break
      }
      if (first) {
        const e = first.error as { name?: string; message?: string; stack?: string }
        failures.push(`${first.call.slice(0, 400)}\n    threw ${e?.name ?? typeof e}: ${String(e?.message ?? e).slice(0, 160)}`)
        if (TRACE) appendFileSync(TRACE, `FAIL ${failures.at(-1)}\n${e?.stack ?? ''}\n`)
      }
    }
    console.log(
      `walked ${walked} exports: ${documented.size} threw as their @throws documents, ${wrongType.size} threw TypeError/RangeError only on arguments of the wrong type, ${open.size} of ${Object.keys(OPEN).length} open cases threw, ${failures.length} threw undocumented on well-typed arguments`,
    )
    expect(walked).toBeGreaterThan(ONLY === undefined ? 250 : 0)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(failures.join('\n')).toBe('')
  })
})
