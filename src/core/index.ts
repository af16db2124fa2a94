/**
 * Shared foundations: probabilities, errors, ids, the seeded PRNG, time and
 * day boundaries, codecs, and the knowledge-model shape.
 *
 * @module core
 */
export * from './codecs.js'
export * from './display.js'
export * from './either.js'
export * from './errors.js'
export * from './ids.js'
export * from './model.js'
export * from './options.js'
export * from './probability.js'
export * from './random.js'
export * from './time.js'
