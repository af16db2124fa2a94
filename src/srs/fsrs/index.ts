/**
 * FSRS-6: the scheduler (equal to ts-fsrs 5.4.2 with fuzz off), its card and
 * log types with codecs, and its parameters.
 *
 * @module
 */
export * from './card.js'
export * from './params.js'
export * from './scheduler.js'
export * from './optimizer.js'
export * from './training.js'
export * from './retention.js'
export * from './evaluate.js'
export * from './reschedule.js'
export * from './steps.js'
