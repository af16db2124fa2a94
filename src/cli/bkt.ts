/**
 * `learnkit bkt` subcommands.
 *
 * @module
 */
import type { Command } from './command.js'

/** The `bkt` subcommands. */
export const bktCommands: ReadonlyArray<Command> = []
