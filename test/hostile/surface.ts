// The public surface as the TypeScript compiler sees it: every exported function and class of the
// public entries, its parameters as small type descriptions (enough to build well-typed values),
// and the `@throws` tags of its TSDoc. test/hostile/exports.test.ts walks it with hostile values.
import { resolve } from 'node:path'
import ts from 'typescript'

/** A parameter's type, reduced to what a value generator needs. */
export type Shape =
  | { readonly k: 'number' | 'string' | 'boolean' | 'bigint' | 'unknown' | 'any' | 'never' | 'regexp' }
  | { readonly k: 'literal'; readonly v: string | number | boolean | null | undefined }
  | { readonly k: 'array'; readonly of: Shape }
  | { readonly k: 'typed'; readonly ctor: string }
  | { readonly k: 'tuple'; readonly of: ReadonlyArray<Shape> }
  | { readonly k: 'object'; readonly props: ReadonlyArray<readonly [string, Shape, boolean]>; readonly index?: Shape }
  | { readonly k: 'union'; readonly of: ReadonlyArray<Shape> }
  | { readonly k: 'fn'; readonly ret: Shape }
  | { readonly k: 'map'; readonly key: Shape; readonly value: Shape }
  | { readonly k: 'set'; readonly of: Shape }
  | { readonly k: 'promise'; readonly of: Shape }

/** One call signature: its parameters and, when it returns a function, that function's. */
export interface Signature {
  readonly params: ReadonlyArray<{ readonly name: string; readonly shape: Shape; readonly optional: boolean; readonly rest: boolean }>
  /** The parameters of the function it returns (curried APIs), if it returns one. */
  readonly returns?: Signature
}

/** One exported function, class or static method. */
export interface ExportInfo {
  /** `area.name`, or `area.Class.method` for a static method. */
  readonly name: string
  readonly area: string
  readonly kind: 'function' | 'class' | 'static'
  readonly signatures: ReadonlyArray<Signature>
  /** The text of each `@throws` tag (empty: the export promises not to throw). */
  readonly throws: ReadonlyArray<string>
}

const TYPED = new Set([
  'Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
])

/** Reads the public surface of `entries` (area name → path of its index.ts, from the repo root). */
export const readSurface = (root: string, entries: Readonly<Record<string, string>>): ExportInfo[] => {
  const files = Object.values(entries).map((p) => resolve(root, p))
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  })
  // no ambient @types (node's are large and nothing walked needs them): the program loads faster
  const program = ts.createProgram(files, { ...(parsed?.options ?? {}), noEmit: true, types: [], skipLibCheck: true })
  const checker = program.getTypeChecker()

  // nodes left for the parameter being read: a big interface (an io-ts codec) is cut off as `never`
  let budget = 0
  const shapeOf = (type: ts.Type, depth: number): Shape => {
    if (depth > 6) return { k: 'unknown' }
    if (--budget < 0) return { k: 'never' }
    const f = type.flags
    // `any` (a type the program could not resolve): any value is generated, none counts as well-typed
    if (f & ts.TypeFlags.Any) return { k: 'any' }
    if (f & (ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) {
      const c = f & ts.TypeFlags.TypeParameter ? checker.getBaseConstraintOfType(type) : undefined
      return c && c !== type && !(c.flags & ts.TypeFlags.Unknown) ? shapeOf(c, depth + 1) : { k: 'unknown' }
    }
    if (f & ts.TypeFlags.Never) return { k: 'never' }
    if (f & ts.TypeFlags.NonPrimitive) return { k: 'object', props: [] }
    if (f & ts.TypeFlags.NumberLiteral) return { k: 'literal', v: (type as ts.NumberLiteralType).value }
    if (f & ts.TypeFlags.StringLiteral) return { k: 'literal', v: (type as ts.StringLiteralType).value }
    if (f & ts.TypeFlags.BooleanLiteral) return { k: 'literal', v: checker.typeToString(type) === 'true' }
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { k: 'literal', v: undefined }
    if (f & ts.TypeFlags.Null) return { k: 'literal', v: null }
    if (f & (ts.TypeFlags.Number | ts.TypeFlags.Enum)) return { k: 'number' }
    if (f & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) return { k: 'string' }
    if (f & ts.TypeFlags.Boolean) return { k: 'boolean' }
    if (f & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return { k: 'bigint' }
    if (type.isUnion()) return { k: 'union', of: type.types.map((t) => shapeOf(t, depth + 1)) }
    if (type.isIntersection()) {
      // Branded primitives (`number & { __brand }`) are their primitive; other intersections merge.
      const prim = type.types.find((t) => t.flags & (ts.TypeFlags.Number | ts.TypeFlags.String | ts.TypeFlags.Boolean))
      if (prim) return shapeOf(prim, depth + 1)
    }
    if (checker.isTupleType(type)) {
      return { k: 'tuple', of: checker.getTypeArguments(type as ts.TypeReference).map((t) => shapeOf(t, depth + 1)) }
    }
    if (checker.isArrayType(type)) return { k: 'array', of: shapeOf(checker.getTypeArguments(type as ts.TypeReference)[0]!, depth + 1) }
    const sym = type.getSymbol() ?? type.aliasSymbol
    const name = sym?.getName() ?? ''
    if (TYPED.has(name)) return { k: 'typed', ctor: name }
    if (name === 'RegExp') return { k: 'regexp' }
    if (name === 'ArrayLike' || name === 'Iterable' || name === 'AsyncIterable') {
      const arg = (type as ts.TypeReference).typeArguments?.[0] ?? type.aliasTypeArguments?.[0]
      return { k: 'array', of: arg ? shapeOf(arg, depth + 1) : { k: 'unknown' } }
    }
    if (name === 'ReadonlyMap' || name === 'Map') {
      const [a, b] = checker.getTypeArguments(type as ts.TypeReference)
      return { k: 'map', key: a ? shapeOf(a, depth + 1) : { k: 'unknown' }, value: b ? shapeOf(b, depth + 1) : { k: 'unknown' } }
    }
    if (name === 'Promise' || name === 'PromiseLike') {
      const [a] = checker.getTypeArguments(type as ts.TypeReference)
      return { k: 'promise', of: a ? shapeOf(a, depth + 1) : { k: 'unknown' } }
    }
    if (name === 'ReadonlySet' || name === 'Set') {
      const [a] = checker.getTypeArguments(type as ts.TypeReference)
      return { k: 'set', of: a ? shapeOf(a, depth + 1) : { k: 'unknown' } }
    }
    // interfaces that extend an array (io-ts's Context) are arrays of their element
    const numberIndex = checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & ts.TypeFlags.Number)
    if (numberIndex && type.getProperty('length')) return { k: 'array', of: shapeOf(numberIndex.type, depth + 1) }
    const calls = type.getCallSignatures()
    if (calls.length > 0) return { k: 'fn', ret: shapeOf(calls[0]!.getReturnType(), depth + 1) }
    if (f & ts.TypeFlags.Object || type.isIntersection()) {
      const props: Array<readonly [string, Shape, boolean]> = []
      for (const p of checker.getPropertiesOfType(type)) {
        if (props.length >= 40) break
        const pt = checker.getTypeOfSymbol(p)
        props.push([p.getName(), shapeOf(pt, depth + 1), (p.flags & ts.SymbolFlags.Optional) !== 0])
      }
      const idx = checker.getIndexInfosOfType(type)[0]
      return idx ? { k: 'object', props, index: shapeOf(idx.type, depth + 1) } : { k: 'object', props }
    }
    return { k: 'unknown' }
  }

  const signatureOf = (sig: ts.Signature, depth: number): Signature => {
    const params = sig.getParameters().map((p) => {
      const decl = p.valueDeclaration as ts.ParameterDeclaration | undefined
      const rest = decl !== undefined && ts.isParameter(decl) && decl.dotDotDotToken !== undefined
      const pt = checker.getTypeOfSymbol(p)
      budget = 300
      const optional = decl !== undefined && ts.isParameter(decl) && (decl.questionToken !== undefined || decl.initializer !== undefined)
      const shape = rest && checker.isArrayType(pt) ? shapeOf(checker.getTypeArguments(pt as ts.TypeReference)[0]!, 0) : shapeOf(pt, 0)
      return { name: p.getName(), shape, optional, rest }
    })
    const ret = sig.getReturnType()
    const inner = ret.getCallSignatures()
    return depth < 2 && inner.length > 0 ? { params, returns: signatureOf(inner[0]!, depth + 1) } : { params }
  }

  const throwsOf = (decls: ReadonlyArray<ts.Declaration>): string[] =>
    decls.flatMap((d) =>
      ts.getJSDocTags(d).filter((t) => t.tagName.text === 'throws').map((t) => `${ts.getTextOfJSDocComment(t.comment) ?? ''}`.trim() || 'throws'),
    )

  const out: ExportInfo[] = []
  for (const [area, path] of Object.entries(entries)) {
    const sf = program.getSourceFile(resolve(root, path))
    const modSym = sf && checker.getSymbolAtLocation(sf)
    if (!modSym) throw new Error(`cannot read ${path}`)
    for (const exp of checker.getExportsOfModule(modSym)) {
      const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp
      const decls = sym.getDeclarations() ?? []
      if (decls.length === 0) continue
      const name = `${area}.${exp.getName()}`
      if (sym.flags & ts.SymbolFlags.Class) {
        const ctorType = checker.getTypeOfSymbol(sym)
        const ctors = ctorType.getConstructSignatures()
        const ctorDecls = decls.flatMap((d) => (ts.isClassDeclaration(d) ? d.members.filter(ts.isConstructorDeclaration) : []))
        out.push({ name, area, kind: 'class', signatures: ctors.map((s) => signatureOf(s, 0)), throws: throwsOf([...decls, ...ctorDecls]) })
        for (const m of decls.flatMap((d) => (ts.isClassDeclaration(d) ? d.members : []))) {
          if (!ts.isMethodDeclaration(m) || !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue
          const ms = checker.getSignaturesOfType(checker.getTypeAtLocation(m), ts.SignatureKind.Call)
          out.push({ name: `${name}.${m.name.getText()}`, area, kind: 'static', signatures: ms.map((s) => signatureOf(s, 0)), throws: throwsOf([m]) })
        }
        continue
      }
      if (!(sym.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable))) continue
      const type = checker.getTypeOfSymbol(sym)
      const sigs = type.getCallSignatures()
      if (sigs.length === 0) continue
      out.push({ name, area, kind: 'function', signatures: sigs.map((s) => signatureOf(s, 0)), throws: throwsOf(decls) })
    }
  }
  return out
}
