/**
 * @module models
 */
export {}
