/**
 * String dictionaries: learners, skills, items and cards are strings at the
 * edges and dense integer indices inside typed arrays.
 *
 * @module
 */

/**
 * A growing string-to-index dictionary. Mutable: a builder used while a table
 * is read; the finished table keeps only the `names` array.
 *
 * @example
 * ```ts
 * import { Interner } from 'learnkit/core'
 * const skills = new Interner()
 * skills.intern('fractions') // 0
 * skills.intern('decimals')  // 1
 * skills.intern('fractions') // 0
 * skills.names               // ['fractions', 'decimals']
 * ```
 */
export class Interner {
  /** Names in index order. */
  readonly names: string[] = []
  private readonly index = new Map<string, number>()

  /** Starts from existing names (their indices are kept). */
  constructor(names: Iterable<string> = []) {
    for (const n of names) this.intern(n)
  }

  /** The index of `name`, adding it if new. */
  intern(name: string): number {
    let i = this.index.get(name)
    if (i === undefined) {
      i = this.names.length
      this.names.push(name)
      this.index.set(name, i)
    }
    return i
  }

  /** The index of `name`, or -1 if absent. */
  lookup(name: string): number {
    return this.index.get(name) ?? -1
  }

  /** How many names there are. */
  get size(): number {
    return this.names.length
  }
}

/**
 * The entry stored under `key` in a record keyed by names (skills, items,
 * cards), only if the record itself has it: a skill named `constructor` or
 * `__proto__` is data, never an inherited member of `Object.prototype`.
 *
 * @example
 * ```ts
 * import { own } from 'learnkit/core'
 * own({ fractions: 0.3 }, 'fractions') // 0.3
 * own({ fractions: 0.3 }, 'constructor') // undefined (not Object's constructor)
 * own(undefined, 'fractions') // undefined
 * ```
 */
export const own = <A>(record: Readonly<Record<string, A>> | undefined, key: string | undefined): A | undefined =>
  record !== undefined && key !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined

/**
 * Stores `value` under `key` as an own, enumerable entry of a record keyed by
 * names. Unlike `record[key] = value`, a key `__proto__` becomes an entry
 * instead of replacing the record's prototype. Mutates `record`: for records
 * a function is building.
 *
 * @example
 * ```ts
 * import { setOwn } from 'learnkit/core'
 * const skills: Record<string, number> = {}
 * setOwn(skills, '__proto__', 0.5)
 * Object.keys(skills) // ['__proto__']
 * ```
 */
export const setOwn = <A>(record: Record<string, A>, key: string, value: A): void => {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
}
