/**
 * BKT: document (in progress).
 *
 * @module
 */
export {}
