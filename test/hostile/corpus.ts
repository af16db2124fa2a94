// The hostile-input corpus: inputs a careless or malicious file can hold, each with what learnkit
// must do with it. Run against every CLI command and the public decoders by test/hostile/*.test.ts.

/** A response (pyBKT-style) CSV case: `rows` is the number of rows used when it is valid. */
export interface CsvCase {
  readonly name: string
  readonly bytes: Uint8Array
  /** undefined: must be refused (exit 1, one line naming file and line); a number: rows used. */
  readonly rows?: number
  /** The line the error must name, when refused. */
  readonly line?: number
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const cat = (...parts: Array<string | number[]>): Uint8Array => {
  const chunks = parts.map((p) => (typeof p === 'string' ? enc(p) : Uint8Array.from(p)))
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let k = 0
  for (const c of chunks) {
    out.set(c, k)
    k += c.length
  }
  return out
}

const R_HEAD = 'order_id,user_id,skill_name,correct\n'
const r_rows = (n: number): string => Array.from({ length: n }, (_, i) => `${i + 1},u${i % 3},s${i % 2},${i % 3 === 0 ? 0 : 1}\n`).join('')

/** Response CSVs. */
export const responseCases: ReadonlyArray<CsvCase> = [
  { name: 'plain', bytes: enc(R_HEAD + r_rows(12)), rows: 12 },
  { name: 'BOM', bytes: cat([0xef, 0xbb, 0xbf], R_HEAD + r_rows(12)), rows: 12 },
  { name: 'CRLF', bytes: enc((R_HEAD + r_rows(12)).replace(/\n/g, '\r\n')), rows: 12 },
  { name: 'lone CR', bytes: enc((R_HEAD + r_rows(12)).replace(/\n/g, '\r')), rows: 12 },
  { name: 'quoted fields with commas and quotes', bytes: enc(`${R_HEAD}1,"u,1","s ""x""",1\n2,"u,1","s ""x""",0\n`), rows: 2 },
  { name: 'no final newline', bytes: enc((R_HEAD + r_rows(4)).trimEnd()), rows: 4 },
  { name: 'empty file', bytes: enc('') },
  { name: 'header only', bytes: enc(R_HEAD) },
  { name: 'NUL in a field', bytes: enc(`${R_HEAD}1,u\u00001,s,1\n2,u1,s,0\n`), rows: 2 },
  { name: 'invalid UTF-8 on line 4', bytes: cat(R_HEAD + r_rows(2), '3,u', [0xe9], ',s,1\n'), line: 4 },
  { name: 'UTF-16 LE with BOM', bytes: cat([0xff, 0xfe], ...Array.from('order_id,user_id\n').map((c) => [c.charCodeAt(0), 0])), line: 1 },
  { name: 'unclosed quote', bytes: enc(`${R_HEAD}1,u1,s,1\n2,"u1,s,1\n`), line: 3 },
  { name: 'quote inside unquoted field', bytes: enc(`${R_HEAD}1,u"1,s,1\n`), line: 2 },
  { name: 'too many fields', bytes: enc(`${R_HEAD}1,u1,s,1\n2,u1,s,1,9\n`), line: 3 },
  { name: 'too few fields', bytes: enc(`${R_HEAD}1,u1,s\n`), line: 2 },
  { name: 'duplicate header', bytes: enc(`order_id,user_id,skill_name,correct,correct\n1,u,s,1,0\n`), line: 1 },
  { name: 'missing column', bytes: enc(`order_id,user_id,skill_name\n1,u,s\n`), line: 1 },
  { name: 'correct = 2', bytes: enc(`${R_HEAD}1,u,s,1\n2,u,s,2\n`), line: 3 },
  { name: 'correct = 0x1', bytes: enc(`${R_HEAD}1,u,s,0x1\n`), line: 2 },
  { name: 'correct = Infinity', bytes: enc(`${R_HEAD}1,u,s,Infinity\n`), line: 2 },
  { name: 'correct = NaN', bytes: enc(`${R_HEAD}1,u,s,NaN\n`), line: 2 },
  { name: 'order = 0b1', bytes: enc(`${R_HEAD}0b1,u,s,1\n`), line: 2 },
  { name: 'order = 1e400', bytes: enc(`${R_HEAD}1e400,u,s,1\n`), line: 2 },
  { name: 'giant field (2 MB)', bytes: enc(`${R_HEAD}1,${'u'.repeat(2_000_000)},s,1\n2,u,s,0\n`), rows: 2 },
  { name: 'giant header (2 MB)', bytes: enc(`${'h'.repeat(2_000_000)},user_id\n1,u\n`), line: 1 },
  { name: 'prototype names as ids', bytes: enc(`${R_HEAD}1,__proto__,constructor,1\n2,__proto__,constructor,0\n3,toString,hasOwnProperty,1\n`), rows: 3 },
]

const V_HEAD = 'card_id,review_time,rating\n'
const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 24, 19, 38, 16)
const v_rows = (n: number): string => Array.from({ length: n }, (_, i) => `c${i % 3},${T0 + Math.floor(i / 3) * 3 * DAY},${i % 4 === 0 ? 1 : 3}\n`).join('')

/** Review logs. */
export const reviewCases: ReadonlyArray<CsvCase> = [
  { name: 'plain', bytes: enc(V_HEAD + v_rows(12)), rows: 12 },
  { name: 'BOM + CRLF', bytes: cat([0xef, 0xbb, 0xbf], (V_HEAD + v_rows(12)).replace(/\n/g, '\r\n')), rows: 12 },
  { name: 'ISO times with a space', bytes: enc(`${V_HEAD}c,2025-01-24 19:38:16,3\nc,2025-01-27 08:00:00,3\n`), rows: 2 },
  { name: 'impossible date', bytes: enc(`${V_HEAD}c,2025-01-24,3\nc,2025-02-30,3\n`), line: 3 },
  { name: 'hour 24', bytes: enc(`${V_HEAD}c,2025-01-24T24:00:00Z,3\n`), line: 2 },
  { name: 'time 1e20', bytes: enc(`${V_HEAD}c,100000000000000000000,3\n`), line: 2 },
  { name: 'microsecond times', bytes: enc(`${V_HEAD}c,1737747496478000,3\n`), line: 2 },
  { name: 'time in hex', bytes: enc(`${V_HEAD}c,0x10,3\n`), line: 2 },
  { name: 'rating 1e0', bytes: enc(`${V_HEAD}c,${T0},1e0\n`), line: 2 },
  { name: 'rating 5', bytes: enc(`${V_HEAD}c,${T0},3\nc,${T0 + DAY},5\n`), line: 3 },
  { name: 'Infinity duration', bytes: enc(`card_id,review_time,rating,review_duration\nc,${T0},3,Infinity\n`), line: 2 },
  { name: 'duplicate header', bytes: enc(`card_id,review_time,rating,rating\nc,${T0},3,3\n`), line: 1 },
  { name: 'not a review log', bytes: enc('a,b\n1,2\n'), line: 1 },
  { name: 'invalid UTF-8', bytes: cat(V_HEAD + v_rows(3), 'c', [0xff], `,${T0},3\n`), line: 5 },
  { name: 'empty card id', bytes: enc(`${V_HEAD},${T0},3\n`), line: 2 },
  { name: 'prototype names as card ids', bytes: enc(`${V_HEAD}__proto__,${T0},3\nconstructor,${T0},3\n__proto__,${T0 + 3 * DAY},3\n`), rows: 3 },
]

const deep = (n: number, open: string, close: string, inner = '1'): string => open.repeat(n) + inner + close.repeat(n)

/** JSON documents given to --params and --model: all must be refused with one line naming the file. */
export const jsonCases: ReadonlyArray<{ readonly name: string; readonly text: string }> = [
  { name: 'not JSON', text: '{"w": [1, 2' },
  { name: 'empty', text: '' },
  { name: 'null', text: 'null' },
  { name: 'array nested 100,000 deep', text: `{"w": ${deep(100_000, '[', ']')}}` },
  { name: 'object nested 100,000 deep', text: `{"weights": {"a": ${deep(100_000, '{"x":', '}')}}}` },
  { name: '__proto__ keys', text: '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}, "w": "x"}' },
  { name: 'huge array', text: `{"w": [${Array.from({ length: 200_000 }, () => '1').join(',')}], "format": 3}` },
  { name: 'wrong types', text: '{"w": "fast", "weights": [1], "format": "learnkit-bkt", "skills": 3}' },
]
