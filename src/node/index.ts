/**
 * @module node
 */
export {}
