/**
 * `learnkit simulate bkt`: synthetic pyBKT-style response logs from known
 * BKT parameters.
 *
 * @module
 */
import { bktSimItems, bktSimulationCsv, bktSimulationCsvChunks, simulateBkt, type BktSimSkill } from '../sim/bkt.js'
import { booleanFlag, numberFlag, orThrow, positionals, printJson, stringFlag, UsageError, type Command } from './command.js'
import { OUTPUT_HELP, writeOutput } from './io.js'

const probabilityFlag = (inv: Parameters<Command['run']>[0], name: string, fallback: number): number =>
  numberFlag(inv, name, fallback, { min: 0, max: 1 })

const simulateBktCommand: Command = {
  name: ['simulate', 'bkt'],
  summary: 'simulate learners from known BKT parameters; writes a pyBKT-style CSV',
  args: '',
  flags: {
    learners: { type: 'string', value: 'N', description: 'number of learners (required)' },
    steps: { type: 'string', value: 'N', description: 'responses per learner on each skill (required)' },
    seed: { type: 'string', value: 'N', description: 'random seed (default 1); equal seeds give identical files' },
    'p-init': { type: 'string', value: 'P', description: 'P(L0), prior of knowing the skill (default 0.3)' },
    'p-learn': { type: 'string', value: 'P', description: 'P(T), learning after each response (default 0.15)' },
    'p-guess': { type: 'string', value: 'P', description: 'P(G), correct without the skill (default 0.2)' },
    'p-slip': { type: 'string', value: 'P', description: 'P(S), wrong with the skill (default 0.1)' },
    'p-forget': { type: 'string', value: 'P', description: 'P(F), forgetting after each response (default 0)' },
    skills: { type: 'string', value: 'K', description: "number of skills, named skill-1 … skill-K (default 1, named 'synthetic')" },
    items: {
      type: 'string',
      value: 'M',
      description: 'items per skill; adds a problem_id column (default: no items)',
    },
    'item-spread': {
      type: 'string',
      value: 'X',
      description: 'per-item guess and slip drawn uniformly within ±X of --p-guess/--p-slip (default 0)',
    },
    interleave: { type: 'boolean', description: 'interleave skills at random instead of one block per skill' },
    out: { type: 'string', value: 'FILE', description: 'write the CSV to FILE instead of stdout' },
    json: { type: 'boolean', description: 'print the true parameters and a summary as JSON (needs --out for the CSV)' },
  },
  details: [
    'examples:',
    '  learnkit simulate bkt --learners 2000 --steps 20 --seed 1 > synthetic.csv',
    '  learnkit simulate bkt --learners 500 --steps 30 --p-forget 0.05 --skills 3 --items 10 --item-spread 0.1 --out sim.csv --json',
    '',
    OUTPUT_HELP,
    'On stdout, "wrote N rows to stdout (complete)" on stderr marks a whole file; a failed write exits 1.',
  ].join('\n'),
  run: async (inv, io) => {
    positionals(inv, [])
    if (stringFlag(inv, 'learners') === undefined) throw new UsageError('--learners N is required')
    if (stringFlag(inv, 'steps') === undefined) throw new UsageError('--steps N is required')
    const learners = numberFlag(inv, 'learners', 0, { min: 1, max: 10_000_000, integer: true })
    const steps = numberFlag(inv, 'steps', 0, { min: 1, max: 1_000_000, integer: true })
    const seed = numberFlag(inv, 'seed', 1, { integer: true })
    const nSkills = numberFlag(inv, 'skills', 1, { min: 1, max: 100_000, integer: true })
    const nItems = numberFlag(inv, 'items', 0, { min: 0, max: 1_000_000, integer: true })
    const spread = numberFlag(inv, 'item-spread', 0, { min: 0, max: 1 })
    if (learners * steps * nSkills > 20_000_000)
      throw new UsageError(`--learners × --steps × --skills is ${learners * steps * nSkills}; at most 20,000,000 rows`)
    const base = {
      pInit: probabilityFlag(inv, 'p-init', 0.3),
      pLearn: probabilityFlag(inv, 'p-learn', 0.15),
      pForget: probabilityFlag(inv, 'p-forget', 0),
      pGuess: probabilityFlag(inv, 'p-guess', 0.2),
      pSlip: probabilityFlag(inv, 'p-slip', 0.1),
    }
    const skills: Record<string, BktSimSkill> = {}
    for (let k = 0; k < nSkills; k++) {
      const name = nSkills === 1 ? 'synthetic' : `skill-${k + 1}`
      skills[name] =
        nItems > 0 ? { ...base, items: bktSimItems(base, nItems, spread, `${seed}:${name}`, nSkills === 1 ? 'q' : `${name}-q`) } : base
    }
    const sim = orThrow(simulateBkt({ learners, steps, seed, skills, schedule: booleanFlag(inv, 'interleave') ? 'interleaved' : 'blocked' }))
    const out = stringFlag(inv, 'out')
    // A file appears only when complete: written beside the target, then renamed over it.
    if (out !== undefined) await writeOutput(out, bktSimulationCsvChunks(sim.table))
    if (booleanFlag(inv, 'json')) {
      let right = 0
      for (let i = 0; i < sim.table.length; i++) right += sim.table.correct[i] as number
      printJson(io, {
        seed,
        learners,
        steps,
        rows: sim.table.length,
        meanCorrect: sim.table.length > 0 ? right / sim.table.length : 0,
        skills,
        ...(out !== undefined ? { out } : { csv: bktSimulationCsv(sim.table) }),
      })
    } else if (out === undefined) {
      for (const chunk of bktSimulationCsvChunks(sim.table)) io.out(chunk)
      await io.flush?.()
      // The mark of a whole file on stdout: this line comes only after the last row was written
      // (a failed write ends the command with an error and exit 1 instead).
      io.err(`wrote ${sim.table.length} rows to stdout (complete)\n`)
    } else {
      io.err(`wrote ${sim.table.length} rows (${learners} learners × ${steps} steps × ${nSkills} skill${nSkills === 1 ? '' : 's'}) to ${out}\n`)
    }
    return 0
  },
}

/**
 * The `simulate bkt` command.
 *
 * ```sh
 * learnkit simulate bkt --learners 2000 --steps 20 --seed 1 > synthetic.csv
 * ```
 */
export const simulateBktCommands: ReadonlyArray<Command> = [simulateBktCommand]
