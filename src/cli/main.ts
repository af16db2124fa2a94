/**
 * The `learnkit` command: dispatches to the subcommands each area registers.
 *
 * @module
 */
import { describeFailure, EXIT, helpText, parseInvocation, type CliIO, type Command } from './command.js'
import { processIO } from './io.js'
import { VERSION } from './version.js'

/**
 * The command modules, in the order `learnkit --help` lists them, each with
 * the first words of its commands. A run loads only the modules its first
 * word names (`fsrs optimize` never parses the BKT, IRT or demo code); the
 * overview loads them all.
 */
const modules: ReadonlyArray<{ readonly words: ReadonlyArray<string>; readonly load: () => Promise<ReadonlyArray<Command>> }> = [
  { words: ['demo'], load: async () => (await import('./demo.js')).demoCommands },
  { words: ['bkt'], load: async () => (await import('./bkt.js')).bktCommands },
  { words: ['srs'], load: async () => (await import('./srs.js')).srsCommands },
  { words: ['fsrs'], load: async () => (await import('./fsrs.js')).fsrsCommands },
  { words: ['simulate'], load: async () => (await import('./simulate-bkt.js')).simulateBktCommands },
  { words: ['simulate'], load: async () => (await import('./tutor.js')).tutorCommands },
  { words: ['irt', 'cat'], load: async () => (await import('./irt.js')).irtCommands },
  { words: ['compare'], load: async () => (await import('./compare.js')).compareCommands },
]

/** The subcommands whose first word is `word` (every one without it), in the order `learnkit --help` lists them. */
export const loadCommands = async (word?: string): Promise<ReadonlyArray<Command>> => {
  const picked = modules.filter((m) => word === undefined || m.words.includes(word))
  return (await Promise.all(picked.map((m) => m.load()))).flat()
}

const overview = (commands: ReadonlyArray<Command>): string => {
  const rows = commands.map((c) => [`  learnkit ${c.name.join(' ')}${c.args ? ` ${c.args}` : ''}`, c.summary])
  const width = Math.max(...rows.map((r) => (r[0] ?? '').length)) + 2
  return [
    'learnkit: adaptive learning from the command line (BKT, spaced repetition, IRT and adaptive tests, learner models)',
    '',
    'commands:',
    ...rows.map(([a, b]) => `${(a ?? '').padEnd(width)}${b ?? ''}`),
    '',
    "Every command takes --help and --json. Run 'learnkit <command> --help' for its options.",
    '',
  ].join('\n')
}

/** Runs the CLI on an argument vector; resolves to the exit code. */
export const main = async (argv: ReadonlyArray<string>, io: CliIO): Promise<number> => {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overview(await loadCommands()))
    return argv.length === 0 ? EXIT.usage : EXIT.ok
  }
  if (argv[0] === '--version') {
    io.out(`learnkit ${VERSION}\n`)
    return EXIT.ok
  }
  // The longest command name that prefixes argv wins.
  const commands = await loadCommands(argv[0])
  const matches = commands
    .filter((c) => c.name.every((w, i) => argv[i] === w))
    .sort((a, b) => b.name.length - a.name.length)
  const cmd = matches[0]
  if (cmd === undefined) {
    const group = commands.filter((c) => c.name[0] === argv[0])
    const hint =
      group.length > 0
        ? `; '${argv[0]}' has: ${group.map((c) => c.name.slice(1).join(' ')).join(', ')}`
        : "; run 'learnkit --help' for the list"
    io.err(`learnkit: unknown command '${argv.slice(0, 2).join(' ')}'${hint}\n`)
    return EXIT.usage
  }
  try {
    const inv = parseInvocation(cmd, argv.slice(cmd.name.length))
    if (inv.help) {
      io.out(helpText(cmd))
      return EXIT.ok
    }
    return await cmd.run(inv, io)
  } catch (e) {
    const { message, code } = describeFailure(e)
    io.err(`learnkit ${cmd.name.join(' ')}: ${message}\n`)
    if (code === EXIT.usage) io.err(`run 'learnkit ${cmd.name.join(' ')} --help' for usage\n`)
    return code
  }
}

const isEntryPoint = (): boolean => {
  const arg = process.argv[1]
  if (arg === undefined) return false
  return /(?:^|[\\/])(?:main\.(?:ts|js|mjs|cjs)|learnkit)$/.test(arg)
}

if (isEntryPoint()) {
  // Output that cannot be written (a full disk, a closed pipe) ends the command with exit 1 and
  // one line on stderr, so a partial stdout is never taken for a whole one.
  let outFailed: NodeJS.ErrnoException | undefined
  let finished = false
  const report = (e: NodeJS.ErrnoException): void => {
    if (e.code !== 'EPIPE') process.stderr.write(`learnkit: cannot write to standard output: ${e.code ?? e.message}; the output is incomplete\n`)
  }
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (outFailed === undefined && finished) report(e)
    outFailed ??= e
    process.exitCode = EXIT.data
  })
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      finished = true
      if (outFailed !== undefined && code === EXIT.ok) report(outFailed)
      process.exitCode = outFailed !== undefined ? EXIT.data : code
    },
    (e: unknown) => {
      process.stderr.write(`learnkit: ${describeFailure(e).message}\n`)
      process.exitCode = EXIT.data
    },
  )
}
