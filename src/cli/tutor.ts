/**
 * `learnkit simulate tutor`: simulated learners with known BKT parameters go
 * through the learner model, the next-activity policy and a mastery goal;
 * prints the forecast opportunities to mastery next to the simulated ones,
 * and the goal statuses.
 *
 * @module
 */
import { simulateTutor, TUTOR_SIM_DEFAULT_SKILLS } from '../sim/tutor.js'
import { booleanFlag, numberFlag, orThrow, positionals, printJson, stringFlag, UsageError, type Command } from './command.js'

const simulateTutorCommand: Command = {
  name: ['simulate', 'tutor'],
  summary: 'simulate a tutor (learner model, policy, goals); forecast vs simulated opportunities to mastery',
  args: '',
  flags: {
    learners: { type: 'string', value: 'N', description: 'number of simulated learners (required)' },
    seed: { type: 'string', value: 'N', description: 'random seed (default 1); equal seeds give identical reports' },
    threshold: { type: 'string', value: 'P', description: 'mastery threshold (default 0.95)' },
    'deadline-days': { type: 'string', value: 'D', description: "days to each learner's mastery-goal deadline (default 4)" },
    json: { type: 'boolean', description: 'print { skills, goals } as JSON' },
  },
  details: [
    'skills (true BKT parameters; each after the one above):',
    ...Object.entries(TUTOR_SIM_DEFAULT_SKILLS).map(
      ([s, k]) => `  ${s.padEnd(12)} pInit ${k.params.pInit}  pLearn ${k.params.pLearn}  pGuess ${k.params.pGuess}  pSlip ${k.params.pSlip}`,
    ),
    'forecast: E[opportunities until P(known) first reaches the threshold], the exact first passage under the model;',
    'simulated: the mean number of attempts at which the learner model recorded mastery.',
    'goal statuses are read at the end of the first practice day.',
    '',
    'example:',
    '  learnkit simulate tutor --learners 1000 --seed 1 --json',
  ].join('\n'),
  run: async (inv, io) => {
    positionals(inv, [])
    if (stringFlag(inv, 'learners') === undefined) throw new UsageError('--learners N is required')
    const learners = numberFlag(inv, 'learners', 0, { min: 1, max: 1_000_000, integer: true })
    const seed = numberFlag(inv, 'seed', 1, { integer: true })
    const threshold = numberFlag(inv, 'threshold', 0.95, { min: 0.5, max: 0.999 })
    const deadlineDays = numberFlag(inv, 'deadline-days', 4, { min: 0.01, max: 10_000 })
    const bar = io.progress('simulating learners', learners)
    const report = orThrow(
      simulateTutor({ learners, seed, threshold, deadlineDays, onProgress: (done) => bar.tick(done) }),
    )
    bar.finish()
    if (booleanFlag(inv, 'json')) {
      printJson(io, { skills: report.skills, goals: report.goals })
      return 0
    }
    const rows = Object.entries(report.skills).map(([s, r]) => {
      const gap = r.simulatedOpportunities > 0 ? (r.forecastOpportunities / r.simulatedOpportunities - 1) * 100 : 0
      return `  ${s.padEnd(14)} ${String(r.learners).padStart(8)} ${r.forecastOpportunities.toFixed(2).padStart(10)} ${r.simulatedOpportunities.toFixed(2).padStart(10)} ${`${gap >= 0 ? '+' : ''}${gap.toFixed(1)}%`.padStart(8)}`
    })
    const g = report.goals
    const o = report.goalOutcomes
    const outcome = (k: keyof typeof o): string =>
      o[k].learners > 0 ? ` (${((o[k].achievedByDeadline / o[k].learners) * 100).toFixed(0)}% reached the goal by the deadline)` : ''
    io.out(
      [
        'opportunities to mastery (forecast by the model vs simulated learners):',
        `  ${'skill'.padEnd(14)} ${'learners'.padStart(8)} ${'forecast'.padStart(10)} ${'simulated'.padStart(10)} ${'gap'.padStart(8)}`,
        ...rows,
        '',
        `goal statuses after day 1: achieved ${g.achieved}${outcome('achieved')}, on track ${g.onTrack}${outcome('onTrack')}, at risk ${g.atRisk}${outcome('atRisk')}, off track ${g.offTrack}${outcome('offTrack')}`,
        '',
      ].join('\n'),
    )
    return 0
  },
}

/** The `simulate tutor` command. */
export const tutorCommands: ReadonlyArray<Command> = [simulateTutorCommand]
