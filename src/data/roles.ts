/**
 * The roles a response column can play and pyBKT's (ASSISTments) default
 * column names; shared by the CSV reader and the columnar reader, internal
 * to the package.
 *
 * @module
 */
import type { ResponseColumns } from './responses.js'

/** A column role: a key of {@link ResponseColumns}. */
export type Role = keyof ResponseColumns

/** Every role, in the order the readers look for them. */
export const ROLES: ReadonlyArray<Role> = ['user', 'skill', 'correct', 'order', 'item', 'template', 'original', 'time', 'fold']

/** pyBKT's default column names (the ASSISTments layout). */
export const ASSISTMENTS_COLUMNS: Partial<Record<Role, string>> = {
  order: 'order_id',
  user: 'user_id',
  skill: 'skill_name',
  correct: 'correct',
  item: 'problem_id',
  template: 'template_id',
  original: 'original',
}
