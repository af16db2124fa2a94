/**
 * Node-only helpers: reading files from disk and fitting on worker threads.
 * Everything else in learnkit runs in browsers and edge workers too.
 *
 * @module node
 */
export * from './files.js'
export * from './bkt-parallel.js'
export * from './irt-parallel.js'
