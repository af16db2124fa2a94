/**
 * `learnkit srs` subcommands.
 *
 * @module
 */
import type { Command } from './command.js'

/** The `srs` subcommands. */
export const srsCommands: ReadonlyArray<Command> = []
