/**
 * FSRS (in progress).
 *
 * @module
 */
export {}
