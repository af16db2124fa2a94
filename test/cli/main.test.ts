import { describe, expect, it } from 'vitest'
import { loadCommands } from '../../src/cli/main.js'
import { runCli } from './capture.js'

// Every command module, loaded as `learnkit --help` loads them (a run loads only its own).
const commands = await loadCommands()

describe('learnkit (dispatcher)', () => {
  it('lists the commands with --help and exits 0', async () => {
    const r = await runCli(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('commands:')
    for (const c of commands) expect(r.stdout).toContain(`learnkit ${c.name.join(' ')}`)
  })

  it('loads every command when a run names its first word (lazy loading misses none)', async () => {
    for (const c of commands) {
      const own = await loadCommands(c.name[0])
      expect(own.map((x) => x.name.join(' ')), c.name.join(' ')).toContain(c.name.join(' '))
    }
  })

  it('prints the overview and exits 2 with no arguments', async () => {
    const r = await runCli([])
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('commands:')
  })

  it('rejects an unknown command in one line on stderr, with exit code 2', async () => {
    const r = await runCli(['frobnicate'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^learnkit: unknown command 'frobnicate'/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('gives every command a --help that names its flags', async () => {
    for (const c of commands) {
      const r = await runCli([...c.name, '--help'])
      expect(r.code, c.name.join(' ')).toBe(0)
      expect(r.stdout).toContain(`usage: learnkit ${c.name.join(' ')}`)
      for (const flag of Object.keys(c.flags)) expect(r.stdout).toContain(`--${flag}`)
    }
  })

  it('rejects an unknown flag with a usage error and no stack trace', async () => {
    for (const c of commands) {
      const r = await runCli([...c.name, '--no-such-flag'])
      expect(r.code, c.name.join(' ')).toBe(2)
      expect(r.stderr).toContain("Unknown option '--no-such-flag'")
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('prints its version', async () => {
    const r = await runCli(['--version'])
    expect(r.stdout).toMatch(/^learnkit \d+\.\d+\.\d+/)
  })
})

describe('version', () => {
  it('matches package.json', async () => {
    const { VERSION } = await import('../../src/cli/version.js')
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string }
    expect(VERSION).toBe(pkg.version)
  })
})
