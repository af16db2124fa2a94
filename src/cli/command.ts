/**
 * What a CLI subcommand is, and the small set of services it gets (output,
 * progress, errors). Each area registers its commands in its own module.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { formatError, LearnkitException, type LearnkitError } from '../core/errors.js'

/** A flag a command accepts. */
export interface Flag {
  readonly type: 'string' | 'boolean'
  readonly description: string
  /** Shown in help, e.g. `N` or `FILE`. */
  readonly value?: string
  readonly short?: string
  readonly multiple?: boolean
  /**
   * A switch that may carry a value (`--multigs`, `--multigs=COLUMN` or
   * `--multigs COLUMN`); read with {@link optionalValueFlag}.
   */
  readonly optionalValue?: boolean
}

/** The parsed command line of one command. */
export interface Invocation {
  readonly positionals: ReadonlyArray<string>
  readonly flags: Readonly<Record<string, string | boolean | ReadonlyArray<string> | undefined>>
}

/** What a command may do to the world. */
export interface CliIO {
  /** Writes to standard output (results). */
  readonly out: (text: string) => void
  /** Writes to standard error (messages). */
  readonly err: (text: string) => void
  /** A progress bar on stderr, drawn only when stderr is a terminal. */
  readonly progress: (label: string, total: number) => Progress
  /** Resolves once everything written with `out` has reached its destination; rejects if it could not. */
  readonly flush?: () => Promise<void>
}

/** A progress bar handle. */
export interface Progress {
  readonly tick: (done: number) => void
  readonly finish: () => void
}

/** A subcommand such as `learnkit bkt fit`. */
export interface Command {
  /** Words after `learnkit`, e.g. `['bkt', 'fit']`. */
  readonly name: ReadonlyArray<string>
  readonly summary: string
  /** Positional arguments as shown in help, e.g. `<csv>`. */
  readonly args: string
  readonly flags: Readonly<Record<string, Flag>>
  /** Extra lines for `--help`. */
  readonly details?: string
  /** Runs the command; resolves to the exit code. Throws {@link UsageError} or {@link LearnkitException} for bad input. */
  readonly run: (inv: Invocation, io: CliIO) => Promise<number>
}

/** A mistake on the command line (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Exit codes: 0 success, 1 bad input data, 2 bad usage. */
export const EXIT = { ok: 0, data: 1, usage: 2 } as const

/** Throws the error of a Left as a {@link LearnkitException}; returns the Right. */
export const orThrow = <A>(e: { readonly _tag: 'Left'; readonly left: LearnkitError } | { readonly _tag: 'Right'; readonly right: A }): A => {
  if (e._tag === 'Left') throw new LearnkitException(e.left)
  return e.right
}

/** Parses argv for a command, with `--help` and `--json` always accepted. */
export const parseInvocation = (cmd: Command, argv: ReadonlyArray<string>): Invocation & { readonly help: boolean } => {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  }
  for (const [name, f] of Object.entries(cmd.flags)) {
    options[name] = {
      type: f.optionalValue === true ? 'string' : f.type,
      ...(f.short !== undefined ? { short: f.short } : {}),
      ...(f.multiple === true ? { multiple: true } : {}),
    }
  }
  try {
    const args = withOptionalValues(cmd, argv)
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true })
    const { help, ...flags } = values as Record<string, string | boolean | string[] | undefined>
    return { positionals, flags, help: help === true }
  } catch (e) {
    // Node's messages can span lines; the CLI prints one.
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, '.').split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' '))
  }
}

/**
 * Rewrites the switches that may carry a value: a bare `--name` becomes
 * `--name=` (no value), and `--name WORD` takes WORD as its value only when
 * the command line has more positional words than the command takes (so
 * `fit --multigs data.csv` reads data.csv as the file, `fit --multigs
 * template_id data.csv` as the column).
 */
const withOptionalValues = (cmd: Command, argv: ReadonlyArray<string>): string[] => {
  const optional = new Set(Object.entries(cmd.flags).filter(([, f]) => f.optionalValue === true).map(([n]) => n))
  if (optional.size === 0) return [...argv]
  const expected = (cmd.args.match(/</g) ?? []).length
  const candidates: number[] = []
  let positional = 0
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a === '--') {
      positional += argv.length - i - 1
      break
    }
    if (a.startsWith('--') && !a.includes('=')) {
      const name = a.slice(2)
      if (optional.has(name)) {
        const next = argv[i + 1]
        if (next !== undefined && !next.startsWith('-')) {
          candidates.push(i + 1)
          positional++
          i++
        }
        continue
      }
      if (cmd.flags[name]?.type === 'string') i++
      continue
    }
    if (a.startsWith('-') && a !== '-') continue
    positional++
  }
  const absorb = new Set(candidates.slice(0, Math.max(0, positional - expected)))
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : ''
    if (optional.has(name)) {
      if (absorb.has(i + 1)) {
        out.push(`${a}=${argv[i + 1] as string}`)
        i++
      } else out.push(`${a}=`)
    } else out.push(a)
    if (a === '--') {
      out.push(...argv.slice(i + 1))
      break
    }
  }
  return out
}

/** The `--help` text of a command. */
export const helpText = (cmd: Command): string => {
  const lines = [`usage: learnkit ${cmd.name.join(' ')}${cmd.args ? ` ${cmd.args}` : ''} [options]`, '', cmd.summary, '']
  const rows = Object.entries(cmd.flags).map(([name, f]) => [
    `  --${name}${f.value !== undefined ? (f.optionalValue === true ? ` [${f.value}]` : ` ${f.value}`) : ''}`,
    f.description,
  ])
  rows.push(['  --help', 'show this help'])
  const width = Math.max(...rows.map((r) => (r[0] ?? '').length)) + 2
  lines.push(
    'options:',
    ...rows.map(([a, b]) =>
      wordLines(b ?? '', HELP_WIDTH - width)
        .map((chunk, i) => `${i === 0 ? (a ?? '').padEnd(width) : ' '.repeat(width)}${chunk}`)
        .join('\n'),
    ),
  )
  if (cmd.details !== undefined) lines.push('', cmd.details)
  return `${lines.join('\n')}\n`
}

/** Option lines of the help fit this many columns (descriptions wrap under themselves). */
const HELP_WIDTH = 80

/** Text broken at spaces into lines of at most `width` characters (a longer single word stays whole). */
const wordLines = (text: string, width: number): string[] => {
  if (text.length <= width) return [text]
  const out: string[] = []
  let cur = ''
  for (const word of text.split(' ')) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      out.push(cur)
      cur = word
    } else cur = cur === '' ? word : `${cur} ${word}`
  }
  if (cur !== '') out.push(cur)
  return out
}

/** A string flag's value, or undefined. @throws UsageError if the flag was given as a list. */
export const stringFlag = (inv: Invocation, name: string): string | undefined => {
  const v = inv.flags[name]
  if (v === undefined || typeof v === 'boolean') return undefined
  if (typeof v === 'string') return v
  return v[v.length - 1]
}

/** A numeric flag's value (or the default). @throws UsageError if it is not a number within bounds. */
export const numberFlag = (
  inv: Invocation,
  name: string,
  fallback: number,
  { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = {},
): number => {
  const s = stringFlag(inv, name)
  if (s === undefined) return fallback
  // Decimal only: Number() would also take '0x10', '0b1', ' ' and 'Infinity'.
  const n = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(s) ? Number(s) : Number.NaN
  if (s.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const what = integer ? 'an integer' : 'a number'
    const range = Number.isFinite(min) || Number.isFinite(max) ? ` in [${min}, ${max}]` : ''
    throw new UsageError(`--${name}: expected ${what}${range}, got '${s}'`)
  }
  return n
}

/** A boolean flag's value. */
export const booleanFlag = (inv: Invocation, name: string): boolean => inv.flags[name] === true

/**
 * A switch that may carry a value ({@link Flag}'s `optionalValue`):
 * `undefined` when absent, `true` when given bare, else its value.
 */
export const optionalValueFlag = (inv: Invocation, name: string): string | true | undefined => {
  const v = stringFlag(inv, name)
  if (v === undefined) return undefined
  return v === '' ? true : v
}

/** A comma-separated list flag (`--skills a,b`), or undefined. */
export const listFlag = (inv: Invocation, name: string): ReadonlyArray<string> | undefined => {
  const s = stringFlag(inv, name)
  return s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter((x) => x !== '')
}

/** Exactly `n` positional arguments. @throws UsageError otherwise. */
export const positionals = (inv: Invocation, names: ReadonlyArray<string>): ReadonlyArray<string> => {
  if (inv.positionals.length !== names.length)
    throw new UsageError(
      `expected ${names.length === 0 ? 'no arguments' : names.map((n) => `<${n}>`).join(' ')}, got ${inv.positionals.length === 0 ? 'none' : inv.positionals.map((p) => `'${p}'`).join(' ')}`,
    )
  return inv.positionals
}

/** Prints a value as JSON on stdout (one line per document). */
export const printJson = (io: CliIO, value: unknown): void => io.out(`${JSON.stringify(value)}\n`)

/** The message for an error thrown by a command. */
export const describeFailure = (e: unknown): { readonly message: string; readonly code: number } => {
  if (e instanceof UsageError) return { message: e.message, code: EXIT.usage }
  if (e instanceof LearnkitException) return { message: formatError(e.error), code: EXIT.data }
  return { message: e instanceof Error ? e.message : String(e), code: EXIT.data }
}
