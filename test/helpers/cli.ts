import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { BIN } from './server.js';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A minimal environment: what the CLI sees comes from the test, not from the developer's shell. */
export const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };

/** Runs the built CLI as a user would: `node bin/modelry.js ARGS`, with the given environment. */
export function modelry(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...BASE_ENV, ...env }, timeout: 30_000 },
      (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/** A failed run: the exit code, nothing on stdout, exactly one `modelry: ...` line on stderr. */
export function assertFails(run: Run, code: number, pattern: RegExp): void {
  assert.equal(run.code, code, `exit ${run.code}; stderr: ${run.stderr}; stdout: ${run.stdout}`);
  assert.equal(run.stdout, '');
  assert.ok(run.stderr.endsWith('\n'), `stderr does not end with a newline: ${JSON.stringify(run.stderr)}`);
  const lines = run.stderr.slice(0, -1).split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0]!, /^modelry: /);
  assert.match(lines[0]!, pattern);
}

export function assertOk(run: Run): string {
  assert.equal(run.code, 0, `exit ${run.code}; stderr: ${run.stderr}`);
  assert.equal(run.stderr, '');
  return run.stdout;
}
