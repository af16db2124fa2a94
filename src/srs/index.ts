/**
 * Spaced-repetition scheduling: one scheduler shape; FSRS-6, SM-2, Anki SM-2,
 * Leitner and half-life regression behind it.
 *
 * @module srs
 */
export * from './scheduler.js'
