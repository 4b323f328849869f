import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'winlog-compiled-cli-'));
const reportTypeScriptLoaders = join(work, 'reportTypeScriptLoaders.cjs');
const reportLoadedPackages = join(work, 'reportLoadedPackages.cjs');

function run(args: readonly string[]) {
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  // What `npm ci` does through the `prepare` script; rebuilt here so a stale dist/ cannot pass.
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stdout + build.stderr).toBe(0);
  writeFileSync(
    reportTypeScriptLoaders,
    `process.on('exit', () => process.stderr.write('loaders:' + Object.keys(require.cache).filter((p) => /node_modules[\\\\/](tsx|typescript|esbuild)[\\\\/]/.test(p)).length + '\\n'));`,
  );
  writeFileSync(
    reportLoadedPackages,
    `process.on('exit', () => process.stderr.write('packages:' + Object.keys(require.cache).filter((p) => p.includes('node_modules')).length + '\\n'));`,
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the published command line (bin/cli.js)', () => {
  it('runs compiled JavaScript: no TypeScript loader is loaded', () => {
    const result = run(['--require', reportTypeScriptLoaders, 'bin/cli.js', 'scan', 'samples']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('loaders:0');
  });

  it('gives the same incidents and summary as the sources on the bundled samples', () => {
    const compiled = run(['bin/cli.js', 'scan', 'samples']);
    const source = run([CLI_FROM_SOURCE, 'scan', 'samples']);
    expect(compiled.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    expect(compiled.stdout).toBe(source.stdout);
    const summary = (text: string) => text.replace(/; [\d.]+ s$/gm, '');
    expect(summary(compiled.stderr)).toBe(summary(source.stderr));
  });

  it('finds the bundled rules and samples from dist/', () => {
    const result = run(['bin/cli.js', 'local', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--no-samples\s+do not upload the bundled samples \(samples\)/);
  });

  it.each(['scan', 'check', 'local', 'audit', 'fleet', 'mute', 'unmute', 'mutes', 'replay'])(
    'answers %s --help without loading the command or any package',
    (command) => {
      const result = run(['--require', reportLoadedPackages, 'bin/cli.js', command, '--help']);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: winlog-correlator ${command} `));
      expect(result.stderr).toContain('packages:0');
    },
  );

  it('answers --help with the command list', () => {
    const result = run(['bin/cli.js', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: winlog-correlator <command>/);
  });
});
