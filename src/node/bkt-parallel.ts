/**
 * Node-only: bkt-parallel (in progress).
 *
 * @module
 */
export {}
