/**
 * The skills of one response row, split out of its skill field; shared by
 * the CSV reader and the columnar reader, internal to the package.
 *
 * @module
 */

/**
 * Splits a skill field on `sep` into `parts` (distinct names, in order,
 * only those `keep` selects) and returns how many it wrote; -1 when the
 * field names no skill at all (empty between every separator). 0 means it
 * named skills, none of them selected.
 */
export const splitSkillField = (
  field: string,
  sep: string,
  keep: ((name: string) => boolean) | undefined,
  parts: string[],
): number => {
  if (field.indexOf(sep) === -1) {
    if (field.length === 0) return -1
    if (keep !== undefined && !keep(field)) return 0
    parts[0] = field
    return 1
  }
  let np = 0
  let nonEmpty = 0
  for (const s of field.split(sep)) {
    if (s.length === 0) continue
    nonEmpty++
    if (keep !== undefined && !keep(s)) continue
    let dup = false
    for (let q = 0; q < np; q++) if (parts[q] === s) dup = true
    if (!dup) parts[np++] = s
  }
  return nonEmpty === 0 ? -1 : np
}
