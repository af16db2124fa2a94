/**
 * The real terminal behind {@link CliIO}: stdout, stderr and a progress bar
 * drawn only when stderr is a terminal.
 *
 * @module
 */
import type { CliIO, Progress } from './command.js'

const noProgress: Progress = { tick: () => undefined, finish: () => undefined }

/** The process's standard streams. */
export const processIO = (): CliIO => {
  const tty = process.stderr.isTTY === true
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
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
