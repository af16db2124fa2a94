/**
 * The real terminal behind {@link CliIO}: stdout, stderr and a progress bar
 * drawn only when stderr is a terminal; and what every command shares about
 * files: the reading flags, the note on rows not used, atomic output.
 *
 * @module
 */
import * as E from '../core/either.js'
import { LearnkitException, learnkitError, type LearnkitError } from '../core/errors.js'
import type { LoadSummary } from '../data/responses.js'
import { writeFileAtomic } from '../node/files.js'
import { stringFlag, UsageError, type CliIO, type Flag, type Invocation, type Progress } from './command.js'

const noProgress: Progress = { tick: () => undefined, finish: () => undefined }

/** The process's standard streams. */
export const processIO = (): CliIO => {
  const tty = process.stderr.isTTY === true
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    flush: () =>
      new Promise<void>((resolve, reject) => {
        process.stdout.write('', (e) => {
          if (e === null || e === undefined) resolve()
          else reject(new LearnkitException(learnkitError('io_error', `cannot write to standard output: ${(e as NodeJS.ErrnoException).code ?? e.message}; the output is incomplete`)))
        })
      }),
    progress: (label, total) => {
      if (!tty || total <= 0) return noProgress
      let last = -1
      const width = 30
      const draw = (done: number): void => {
        const frac = Math.min(1, done / total)
        const pct = Math.floor(frac * 100)
        if (pct === last) return
        last = pct
        const filled = Math.round(frac * width)
        process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% (${done}/${total})`)
      }
      draw(0)
      return { tick: draw, finish: () => void process.stderr.write('\r\x1b[K') }
    },
  }
}

/** The reading options every command that reads a CSV takes. */
export const inputFlags: Readonly<Record<string, Flag>> = {
  delimiter: {
    type: 'string',
    value: 'CHAR',
    description: "field separator: ',', ';', 'tab' (or a tab character), '|' (default: ',' or a tab, from the header)",
  },
  encoding: { type: 'string', value: 'NAME', description: 'text encoding of the input: utf-8 (default) or latin1' },
}

/** How output files are written, for --help. */
export const OUTPUT_HELP = [
  'output: --out files are written atomically (a temporary file renamed when',
  'complete), so a failed or killed run leaves the previous file.',
].join('\n')

/** How times are read, for --help. */
export const TIME_HELP = [
  'times: epoch milliseconds or ISO 8601 (2025-01-24T19:38:16Z); without an offset,',
  'UTC on every machine. Impossible dates and times beyond year 5000 (microseconds?)',
  'are errors.',
].join('\n')

/** How the input is read, for --help. */
export const INPUT_HELP = 'input: a file, - for standard input, or a .gz file (decompressed while read).'

/** The `--delimiter` and `--encoding` of a command line. @throws UsageError for other values. */
export const inputOptions = (inv: Invocation): { readonly delimiter?: string; readonly encoding?: string } => {
  const d = stringFlag(inv, 'delimiter')
  const enc = stringFlag(inv, 'encoding')
  let delimiter: string | undefined
  if (d !== undefined) {
    const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' }
    delimiter = Object.prototype.hasOwnProperty.call(named, d.toLowerCase()) ? named[d.toLowerCase()] : d
    if (delimiter === undefined || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
      throw new UsageError(`--delimiter: expected one character such as ',', ';', '|' or 'tab', got '${d}'`)
  }
  let encoding: string | undefined
  if (enc !== undefined) {
    const e = enc.trim().toLowerCase()
    if (e === 'utf-8' || e === 'utf8') encoding = 'utf-8'
    else if (e === 'latin1' || e === 'latin-1' || e === 'iso-8859-1' || e === 'windows-1252' || e === 'cp1252') encoding = 'latin1'
    else throw new UsageError(`--encoding: expected utf-8 or latin1, got '${enc}'`)
  }
  return { ...(delimiter !== undefined ? { delimiter } : {}), ...(encoding !== undefined ? { encoding } : {}) }
}

/** A read error, with the CSV reader's advice about encodings given as this CLI's flag. */
export const withFlagAdvice = <A>(r: E.Either<LearnkitError, A>): E.Either<LearnkitError, A> =>
  E.isRight(r) || !r.left.message.includes('pass the encoding option')
    ? r
    : E.left({ ...r.left, message: r.left.message.replace("pass the encoding option, e.g. 'latin1'", 'pass --encoding latin1').replace('pass the encoding option', 'pass --encoding') })

/**
 * Says on stderr which rows the reader left out and why, and any note about
 * the data (times that look like seconds): data is never dropped silently.
 */
export const noteSummary = (io: CliIO, file: string, summary: LoadSummary, quiet: ReadonlyArray<string> = ['blank_line']): void => {
  const left = Object.entries(summary.skipped).filter(([reason, n]) => !quiet.includes(reason) && n > 0)
  if (left.length > 0)
    io.err(
      `note: ${file}: ${left.reduce((a, [, n]) => a + n, 0)} of ${summary.rowsRead} rows not used (${left.map(([r, n]) => `${r.replace(/_/g, ' ')}: ${n}`).join(', ')})\n`,
    )
  for (const n of summary.notes ?? []) io.err(`note: ${file}: ${n}\n`)
}

/**
 * Writes an output file atomically (see `writeFileAtomic` in learnkit/node).
 * @throws LearnkitException naming the file when it cannot be written.
 */
export const writeOutput = async (path: string, data: string | Iterable<string>): Promise<void> => {
  const r = await writeFileAtomic(path, data)
  if (E.isLeft(r)) throw new LearnkitException(r.left)
}
