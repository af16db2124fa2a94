// Faults a user meets outside the library: host time zones, killed and failed writes, full disks,
// unreadable files, standard input. These run the real CLI in child processes (a few only).
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import * as E from '../../src/core/either.js'
import { readResponseFile, readReviewFile, writeFileAtomic } from '../../src/node/index.js'

const root = resolve(__dirname, '../..')
const cli = join(root, 'src/cli/main.ts')
let dir = ''

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in a child process (through bash when a shell prefix such as `ulimit` is given). */
const runChild = (args: ReadonlyArray<string>, opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer; shellPrefix?: string; uid?: number } = {}): Run => {
  const env = { ...process.env, ...opts.env }
  const r =
    opts.shellPrefix !== undefined
      ? spawnSync('bash', ['-c', `${opts.shellPrefix}; exec "$0" --import tsx "$@"`, process.execPath, cli, ...args], { cwd: root, env, encoding: 'utf8', input: opts.input })
      : spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
          cwd: root,
          env,
          encoding: 'utf8',
          input: opts.input,
          ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
        })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const oneLine = (stderr: string): void => {
  const lines = stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at |Error:|RangeError/)
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lk-faults-'))
  const day = 86_400_000
  const t0 = Date.UTC(2025, 0, 24, 19, 38, 16)
  const rows = ['card_id,review_time,rating']
  for (let c = 0; c < 6; c++)
    for (let k = 0; k < 5; k++) {
      // times with a space and no offset, falling either side of midnight in most zones
      const t = new Date(t0 + (c * 7 + k * k * 3) * day + c * 3_600_000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')
      rows.push(`c${c},${t},${k === 2 && c % 2 === 0 ? 1 : 3}`)
    }
  writeFileSync(join(dir, 'reviews.csv'), `${rows.join('\n')}\n`)
})

describe('host-independent times', () => {
  it('srs evaluate and replay give identical output under four TZ values', () => {
    const outs = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'].map((TZ) => {
      const e = runChild(['srs', 'evaluate', join(dir, 'reviews.csv'), '--json'], { env: { TZ } })
      const r = runChild(['srs', 'replay', join(dir, 'reviews.csv'), '--json', '--timezone', 'Europe/London', '--day-start', '4'], { env: { TZ } })
      expect(e.code, e.stderr).toBe(0)
      expect(r.code, r.stderr).toBe(0)
      return `${e.stdout}\n${r.stdout}`
    })
    expect(new Set(outs).size).toBe(1)
    expect(JSON.parse(outs[0]?.split('\n')[0] ?? '').reviews).toBeGreaterThan(0)
  })
})

describe('atomic outputs', () => {
  it('a write killed with SIGKILL leaves the old file or the whole new one, never a part', async () => {
    const out = join(dir, 'killed.csv')
    const old = 'order_id,user_id,skill_name,correct\n1,old,s,1\n'
    writeFileSync(out, old)
    const whole = spawnSync(process.execPath, ['--import', 'tsx', cli, 'simulate', 'bkt', '--learners', '20000', '--steps', '50', '--seed', '5'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    })
    expect(whole.status).toBe(0)
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'simulate', 'bkt', '--learners', '20000', '--steps', '50', '--seed', '5', '--out', out], { cwd: root })
    // Kill as soon as the output starts to exist as a temporary file (or when the command ends).
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        if (readdirSync(dir).some((f) => f.startsWith('.killed.csv.')) || child.exitCode !== null) {
          clearInterval(poll)
          child.kill('SIGKILL')
          done()
        }
      }, 2)
    })
    await new Promise((r) => child.once('close', r))
    const now = readFileSync(out, 'utf8')
    expect(now === old || now === whole.stdout).toBe(true)
  })

  it('a file-size limit (ulimit -f) fails with one line and exit 1, keeping the old file', () => {
    const out = join(dir, 'limited.csv')
    writeFileSync(out, 'previous\n')
    const r = runChild(['simulate', 'bkt', '--learners', '5000', '--steps', '50', '--out', out], { shellPrefix: 'ulimit -f 20' })
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/limited\.csv: cannot write: file too large/)
    expect(readFileSync(out, 'utf8')).toBe('previous\n')
    expect(readdirSync(dir).filter((f) => f.startsWith('.limited'))).toEqual([])
  })

  it('a full disk on stdout (/dev/full) exits 1 without the completion note', () => {
    const r = spawnSync('bash', ['-c', `"$0" --import tsx "$1" simulate bkt --learners 2000 --steps 50 > /dev/full`, process.execPath, cli], { cwd: root, encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/cannot write to standard output: ENOSPC/)
    expect(r.stderr).not.toMatch(/complete\)/)
    oneLine(r.stderr)
  })

  it('a full disk (--out /dev/full) fails cleanly, and a device is never replaced', async () => {
    const r = await writeFileAtomic('/dev/full', 'x')
    expect(E.isLeft(r) && r.left.message).toMatch(/no space left/)
    const { statSync } = await import('node:fs')
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true)
    const cliFull = runChild(['fsrs', 'optimize', join(dir, 'reviews.csv'), '--out', '/dev/full'])
    expect(cliFull.code).toBe(1)
    oneLine(cliFull.stderr)
    expect(cliFull.stderr).toMatch(/\/dev\/full: cannot write: no space left/)
    const missing = await writeFileAtomic(join(dir, 'no/such/folder/x.json'), 'x')
    expect(E.isLeft(missing) && missing.left.message).toMatch(/cannot write/)
  })
})

/**
 * As root, the unreadable-file case runs the CLI as `nobody` (root reads any file); that needs
 * the checkout readable by `nobody`, which a clone inside a private (0700) temporary folder is
 * not. Then the case is skipped, and says why.
 */
const NOBODY = 65534
const nobodyCannotRun =
  process.getuid?.() === 0 &&
  spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(cli)}, require('node:fs').constants.R_OK)`], { cwd: '/', uid: NOBODY, gid: NOBODY }).status !== 0
if (nobodyCannotRun) console.warn(`faults.test.ts: the unreadable-file case is skipped: user nobody cannot read ${root} (a parent folder is private)`)

describe('inputs', () => {
  it.skipIf(nobodyCannotRun)('an unreadable file is one line naming it, exit 1', () => {
    const f = join(dir, 'secret.csv')
    writeFileSync(f, 'card_id,review_time,rating\nc,1,3\n')
    chmodSync(f, 0o000)
    chmodSync(dir, 0o755)
    const asRoot = process.getuid?.() === 0
    const r = runChild(['srs', 'evaluate', f], asRoot ? { uid: NOBODY, env: { HOME: dir } } : {})
    chmodSync(f, 0o644)
    expect(r.code).toBe(1)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/secret\.csv: cannot read the input: EACCES/)
  })

  it('reads standard input with -, gzip files, ; and tab delimiters and latin1', async () => {
    const csv = 'user_id,skill_name,correct\na,s,1\na,s,0\nb,s,1\n'
    const viaStdin = runChild(['bkt', 'fit', '-', '--json', '--restarts', '1'], { input: csv })
    expect(viaStdin.code, viaStdin.stderr).toBe(0)
    expect(JSON.parse(viaStdin.stdout).rows).toBe(3)
    writeFileSync(join(dir, 'r.csv.gz'), gzipSync(csv))
    const gz = await readResponseFile(join(dir, 'r.csv.gz'))
    expect(E.isRight(gz) && gz.right.table.length).toBe(3)
    writeFileSync(join(dir, 'bad.csv.gz'), 'not gzip at all')
    const bad = await readResponseFile(join(dir, 'bad.csv.gz'))
    expect(E.isLeft(bad) && bad.left.message).toMatch(/gzip/)
    writeFileSync(join(dir, 'semi.csv'), Buffer.from('card_id;review_time;rating\nZo\xeb;1;3\n', 'latin1'))
    const semi = await readReviewFile(join(dir, 'semi.csv'), { delimiter: ';', encoding: 'latin1' })
    expect(E.isRight(semi) && semi.right.reviews[0]?.cardId).toBe('Zoë')
    expect(existsSync(join(dir, 'semi.csv'))).toBe(true)
  })
})
