/**
 * `learnkit demo` subcommands.
 *
 * @module
 */
import type { Command } from './command.js'

/** The `demo` subcommands. */
export const demoCommands: ReadonlyArray<Command> = []
