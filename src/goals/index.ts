/**
 * @module goals
 */
export {}
