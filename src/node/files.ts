/**
 * Node-only: files (in progress).
 *
 * @module
 */
export {}
