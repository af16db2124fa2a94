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
