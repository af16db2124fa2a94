import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  bktModelFromDocument,
  bktVariantOfDocument,
  decodeBktDocument,
  parseBktDocument,
  standardBktOptions,
  stringifyBktDocument,
  type BktDocument,
} from '../../src/bkt/document.js'
import { bktDocumentFromFit } from '../../src/bkt/document.js'
import { fitBkt } from '../../src/bkt/em.js'
import { evaluateBkt } from '../../src/bkt/evaluate.js'
import { bktTableFromOutcomes } from '../../src/bkt/sequences.js'

const doc: BktDocument = {
  format: 'learnkit-bkt',
  version: 1,
  options: { ...standardBktOptions, multigs: true, itemColumn: 'problem_id' },
  skills: {
    fractions: {
      pInit: 0.3,
      pLearn: 0.15,
      pForget: 0,
      pGuess: 0.2,
      pSlip: 0.1,
      items: { q1: { pGuess: 0.25, pSlip: 0.05 } },
      logLikelihood: -123.4,
      iterations: 17,
      rows: 400,
    },
  },
  fallback: { pInit: 0.3, pLearn: 0.15, pForget: 0, pGuess: 0.2, pSlip: 0.1 },
  training: { rows: 400, seed: 42, restarts: 5 },
}

const leftOf = (r: ReturnType<typeof decodeBktDocument>) => {
  if (r._tag === 'Right') throw new Error('expected a Left')
  return r.left
}

describe('BKT model document', () => {
  it('round-trips through JSON text', () => {
    const back = parseBktDocument(stringifyBktDocument(doc))
    expect(back).toEqual({ _tag: 'Right', right: doc })
  })

  const prob = fc.double({ min: 0, max: 1, noNaN: true })
  const params = fc.record({ pInit: prob, pLearn: prob, pForget: prob, pGuess: prob, pSlip: prob })
  test.prop([fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), params, { maxKeys: 5 }), fc.boolean()], { seed: 42 })(
    'decode ∘ encode = id for any parameters',
    (skills, forgets) => {
      const d: BktDocument = { format: 'learnkit-bkt', version: 1, options: { ...standardBktOptions, forgets }, skills }
      expect(parseBktDocument(stringifyBktDocument(d))).toEqual({ _tag: 'Right', right: d })
    },
  )

  test.prop([fc.anything()], { seed: 7, numRuns: 300 })('never throws on arbitrary input, and rejects it unless it is a document', (x) => {
    const r = decodeBktDocument(x)
    expect(r._tag).toBe('Left')
    const withHeader = decodeBktDocument({ format: 'learnkit-bkt', version: 1, options: standardBktOptions, skills: x })
    if (withHeader._tag === 'Left') expect(withHeader.left.path[0]).toBe('skills')
  })

  it('rejects other versions with unsupported_version and other formats with invalid_value', () => {
    expect(leftOf(decodeBktDocument({ ...doc, version: 2 }))).toMatchObject({ code: 'unsupported_version', path: ['version'], value: 2 })
    expect(leftOf(decodeBktDocument({ ...doc, version: undefined }))).toMatchObject({ code: 'unsupported_version', path: ['version'] })
    expect(leftOf(decodeBktDocument({ ...doc, format: 'pybkt' }))).toMatchObject({ code: 'invalid_value', path: ['format'] })
    expect(leftOf(decodeBktDocument([1, 2]))).toMatchObject({ code: 'invalid_type' })
    expect(leftOf(decodeBktDocument(null))).toMatchObject({ code: 'invalid_type' })
  })

  it('names the path of a bad parameter', () => {
    const bad = JSON.parse(JSON.stringify(doc)) as { skills: { fractions: { pGuess: unknown; items: { q1: { pSlip: unknown } } } } }
    bad.skills.fractions.pGuess = 1.5
    expect(leftOf(decodeBktDocument(bad))).toMatchObject({ code: 'not_a_probability', path: ['skills', 'fractions', 'pGuess'], value: 1.5 })
    bad.skills.fractions.pGuess = 0.2
    bad.skills.fractions.items.q1.pSlip = 'x'
    expect(leftOf(decodeBktDocument(bad)).path).toEqual(['skills', 'fractions', 'items', 'q1', 'pSlip'])
    const missing = JSON.parse(JSON.stringify(doc)) as { skills: { fractions: Record<string, unknown> } }
    delete missing.skills.fractions['pSlip']
    expect(leftOf(decodeBktDocument(missing))).toMatchObject({ code: 'missing_field', path: ['skills', 'fractions', 'pSlip'] })
    const opts = JSON.parse(JSON.stringify(doc)) as { options: Record<string, unknown> }
    opts.options['forgets'] = 'yes'
    expect(leftOf(decodeBktDocument(opts)).path).toEqual(['options', 'forgets'])
  })

  it('rejects inconsistent variants', () => {
    expect(leftOf(decodeBktDocument({ ...doc, options: { ...standardBktOptions } }))).toMatchObject({
      code: 'invalid_value',
      path: ['skills', 'fractions', 'items'],
    })
    expect(leftOf(decodeBktDocument({ ...doc, options: { ...standardBktOptions, multilearn: true, multipair: true } }))).toMatchObject({
      code: 'invalid_options',
      path: ['options'],
    })
  })

  it('reports bad JSON as a parse_error naming the file', () => {
    const r = parseBktDocument('{"format":', 'model.json')
    expect(r._tag === 'Left' && r.left).toMatchObject({ code: 'parse_error', file: 'model.json' })
    const v = parseBktDocument('{"format":"learnkit-bkt","version":7}', 'model.json')
    expect(v._tag === 'Left' && v.left).toMatchObject({ code: 'unsupported_version', file: 'model.json' })
  })

  it('gives the model without fit statistics, and the variant', () => {
    const m = bktModelFromDocument(doc)
    expect(m.skills['fractions']).toEqual({ pInit: 0.3, pLearn: 0.15, pForget: 0, pGuess: 0.2, pSlip: 0.1, items: { q1: { pGuess: 0.25, pSlip: 0.05 } } })
    expect(m.fallback).toEqual(doc.fallback)
    expect(bktVariantOfDocument(doc)).toEqual({ forgets: false, multigs: true, multilearn: false, multiprior: false, multipair: false })
  })
})

describe('a skill named __proto__ (review)', () => {
  it('survives bktDocumentFromFit, stringify, parse and bktModelFromDocument; evaluate counts it when unseen', () => {
    const t = bktTableFromOutcomes([[1, 0, 1], [0, 1, 1]], '__proto__')
    const fit = fitBkt(t, { seed: 1, restarts: 1 })
    if (fit._tag === 'Left') throw new Error(fit.left.message)
    const doc = bktDocumentFromFit(fit.right, {})
    const back = parseBktDocument(stringifyBktDocument(doc))
    if (back._tag === 'Left') throw new Error(back.left.message)
    expect(Object.keys(back.right.skills)).toEqual(['__proto__'])
    const model = bktModelFromDocument(back.right)
    expect(Object.keys(model.skills)).toEqual(['__proto__'])
    const ev = evaluateBkt({ skills: { other: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }, t, { unseenSkills: 'fallback' })
    if (ev._tag === 'Left') throw new Error(ev.left.message)
    expect(ev.right.unseenSkills).toEqual({ ['__proto__']: 6 })
    expect(Object.keys(ev.right.perSkill)).toEqual(['__proto__'])
  })
})

describe('a fit with a log-likelihood of −∞ (review)', () => {
  it('gives a document that reads back (the statistic is left out rather than written as null)', () => {
    const t = bktTableFromOutcomes([[1, 0], [1, 1]])
    const fit = fitBkt(t, { seed: 1, restarts: 1, fixed: { pGuess: 0, pSlip: 0 } })
    if (fit._tag === 'Left') throw new Error(fit.left.message)
    expect(fit.right.logLikelihood).toBe(Number.NEGATIVE_INFINITY)
    const back = parseBktDocument(stringifyBktDocument(bktDocumentFromFit(fit.right, {})))
    expect(back._tag).toBe('Right')
    if (back._tag === 'Right') expect(back.right.skills['s']?.logLikelihood).toBeUndefined()
  })
})
