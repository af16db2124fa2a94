// A CliIO that records what a command prints, for CLI tests.
import type { CliIO } from '../../src/cli/command.js'
import { main } from '../../src/cli/main.js'

export interface Captured {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `learnkit <argv>` in-process and captures its output and exit code. */
export const runCli = async (argv: ReadonlyArray<string>): Promise<Captured> => {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    out: (s) => {
      stdout += s
    },
    err: (s) => {
      stderr += s
    },
    progress: () => ({ tick: () => undefined, finish: () => undefined }),
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}
