/**
 * @module sim
 */
export {}
