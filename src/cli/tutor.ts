/**
 * `learnkit simulate tutor`.
 *
 * @module
 */
import type { Command } from './command.js'

/** The `simulate tutor` command. */
export const tutorCommands: ReadonlyArray<Command> = []
