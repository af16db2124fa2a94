/**
 * `learnkit simulate bkt`.
 *
 * @module
 */
import type { Command } from './command.js'

/** The `simulate bkt` command. */
export const simulateBktCommands: ReadonlyArray<Command> = []
