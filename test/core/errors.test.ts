import { describe, expect, it } from 'vitest'
import { Interner, LearnkitException, formatError, learnkitError } from '../../src/core/index.js'

describe('formatError', () => {
  it('formats a path error', () => {
    const e = learnkitError('not_a_probability', 'expected a probability in [0, 1]', { path: ['skills', 'fractions', 'pGuess'], value: 1.3 })
    expect(formatError(e)).toBe('skills.fractions.pGuess: expected a probability in [0, 1], got 1.3')
  })

  it('formats a file error with line and named or numbered column', () => {
    const e = learnkitError('malformed_row', 'expected 0 or 1', { file: 'log.csv', line: 3, column: 'correct', value: 'yes' })
    expect(formatError(e)).toBe(`log.csv:3: column 'correct': expected 0 or 1, got "yes"`)
    expect(formatError(learnkitError('parse_error', 'unclosed quote', { file: 'a.csv', line: 9, column: 4 }))).toBe(
      'a.csv:9: column 4: unclosed quote',
    )
    expect(formatError(learnkitError('parse_error', 'bad', { line: 2 }))).toBe('line 2: bad')
    expect(formatError(learnkitError('io_error', 'cannot read file', { file: 'x.csv' }))).toBe('x.csv: cannot read file')
  })

  it('omits "got" without a value, shows undefined when a value key is present, and counts other problems', () => {
    expect(formatError(learnkitError('empty_input', 'no rows'))).toBe('no rows')
    expect(formatError(learnkitError('missing_field', 'missing', { path: ['a'], value: undefined }))).toBe('a: missing, got undefined')
    const other = learnkitError('invalid_type', 'expected number', { path: ['b'] })
    expect(formatError({ ...learnkitError('invalid_type', 'expected number', { path: ['a'] }), others: [other, other] })).toBe(
      'a: expected number (and 2 more)',
    )
  })

  it('shortens long values and shows objects as JSON', () => {
    const long = 'x'.repeat(100)
    expect(formatError(learnkitError('invalid_value', 'bad', { value: long }))).toBe(`bad, got "${'x'.repeat(57)}..."`)
    expect(formatError(learnkitError('invalid_value', 'bad', { value: { a: 1 } }))).toBe('bad, got {"a":1}')
    const cyclic: { self?: unknown } = {}
    cyclic.self = cyclic
    expect(formatError(learnkitError('invalid_value', 'bad', { value: cyclic }))).toMatch(/^bad, got (\{"self":){6}.*\.\.\.$/)
  })

  it('survives values nested 100,000 deep and limits the line length', () => {
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(formatError(learnkitError('invalid_value', 'bad', { value: deep }))).toBe('bad, got [[[[[[[[[...]]]]]]]]]')
    let obj: unknown = 1
    for (let i = 0; i < 100_000; i++) obj = { x: obj }
    expect(formatError(learnkitError('invalid_value', 'bad', { value: obj })).length).toBeLessThan(100)
    const huge = formatError(learnkitError('missing_column', `no column; columns found: '${'h'.repeat(10_000_000)}'`, { file: 'a.csv', line: 1 }))
    expect(huge.length).toBeLessThanOrEqual(1000)
    expect(huge.startsWith('a.csv:1: no column; columns found')).toBe(true)
    expect(huge).not.toMatch(/\n/)
    expect(formatError(learnkitError('invalid_value', 'two\nlines'))).toBe('two lines')
  })

  it('learnkitError is plain JSON with path defaulting to []', () => {
    const e = learnkitError('out_of_range', 'too big', { value: 5 })
    expect(e).toEqual({ code: 'out_of_range', message: 'too big', path: [], value: 5 })
    expect(JSON.parse(JSON.stringify(e))).toEqual(e)
  })
})

describe('LearnkitException', () => {
  it('carries the error and its formatted message', () => {
    const ex = new LearnkitException(learnkitError('io_error', 'cannot read file', { file: 'x.csv' }))
    expect(ex).toBeInstanceOf(Error)
    expect(ex.name).toBe('LearnkitException')
    expect(ex.message).toBe('x.csv: cannot read file')
    expect(ex.error.code).toBe('io_error')
  })
})

describe('Interner', () => {
  it('assigns dense indices in first-seen order', () => {
    const i = new Interner(['a'])
    expect(i.intern('b')).toBe(1)
    expect(i.intern('a')).toBe(0)
    expect(i.lookup('c')).toBe(-1)
    expect(i.size).toBe(2)
    expect(i.names).toEqual(['a', 'b'])
  })
})
