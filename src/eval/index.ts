/**
 * @module eval
 */
export {}
