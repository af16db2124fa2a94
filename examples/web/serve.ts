/**
 * Builds the web example (examples/web/app.ts bundled by esbuild, and the
 * bundler-free build of learnkit for standalone.html) and serves it from a
 * tiny static server on the loopback interface.
 *
 *   npm run web               # http://127.0.0.1:5173/
 *   PORT=8080 npm run web
 *
 * `startWebServer({ port: 0 })` (an ephemeral port) is what the browser test uses.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
// @ts-expect-error: a plain .mjs build script without declarations
import { buildBrowser } from '../../scripts/browser-build.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const out = resolve(here, '../../.tmp/web')

/** Bundles the app and the bundler-free learnkit build into .tmp/web/. */
export const buildWeb = async (): Promise<void> => {
  await build({
    entryPoints: [join(here, 'app.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(out, 'app.js'),
    logLevel: 'warning',
  })
  await (buildBrowser as (outfile: string) => Promise<string>)(join(out, 'learnkit.js'))
}

const FILES: Readonly<Record<string, readonly [string, string]>> = {
  '/': [join(here, 'index.html'), 'text/html; charset=utf-8'],
  '/index.html': [join(here, 'index.html'), 'text/html; charset=utf-8'],
  '/standalone.html': [join(here, 'standalone.html'), 'text/html; charset=utf-8'],
  '/app.js': [join(out, 'app.js'), 'text/javascript; charset=utf-8'],
  '/learnkit.js': [join(out, 'learnkit.js'), 'text/javascript; charset=utf-8'],
}

/** Serves the built example on `host` (loopback by default) and `port` (0: any free port). */
export const startWebServer = async (
  options: { readonly port?: number; readonly host?: string } = {},
): Promise<{ readonly url: string; readonly close: () => Promise<void> }> => {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const file = Object.prototype.hasOwnProperty.call(FILES, path) ? FILES[path] : undefined
    if (file === undefined || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    try {
      res.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' }).end(readFileSync(file[0]))
    } catch {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('not built: run npm run web')
    }
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, host, ok)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb()
  const { url } = await startWebServer({ port: Number(process.env.PORT ?? 5173) })
  console.log(`learnkit web example: ${url} (and ${url}standalone.html, the bundler-free build); Ctrl-C stops it`)
}
