/**
 * Spaced-repetition scheduling: one scheduler shape; FSRS-6, SM-2, Anki SM-2,
 * Leitner and half-life regression behind it; replay and evaluation on review logs.
 *
 * @module srs
 */
export * from './scheduler.js'
export * from './fsrs/index.js'
export * from './sm2.js'
export * from './anki-sm2.js'
export * from './leitner.js'
export * from './hlr.js'
export * from './replay.js'
