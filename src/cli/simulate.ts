/**
 * `learnkit simulate` subcommands.
 *
 * @module
 */
import type { Command } from './command.js'

/** The `simulate` subcommands. */
export const simulateCommands: ReadonlyArray<Command> = []
