import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { backends } from '../helpers/backends.js';
import { awsClientEnv, skipWithoutBoto3 } from '../helpers/python.js';
import { ROOT, startServer } from '../helpers/server.js';

const PYTEST_DIR = join(ROOT, 'test', 'e2e', 'py');
const PYTEST_TIMEOUT_MS = 300_000;

/** Runs a command without blocking the event loop (the server's output pipes must keep draining). */
function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => {
      output += `\n[killed after ${PYTEST_TIMEOUT_MS} ms]`;
      child.kill('SIGKILL');
    }, PYTEST_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const boto3Skip = skipWithoutBoto3();

for (const { backend, skip } of await backends()) {
  describe(`boto3 (pytest suite in test/e2e/py) on ${backend}`, { skip: boto3Skip || skip }, () => {
    test('every registry operation through an unchanged boto3 client', {
      timeout: PYTEST_TIMEOUT_MS + 60_000,
    }, async () => {
      const server = await startServer({ backend });
      let result: { code: number | null; output: string };
      try {
        result = await run(
          'python3',
          ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', PYTEST_DIR],
          awsClientEnv({ MODELRY_ENDPOINT: server.url, PYTHONDONTWRITEBYTECODE: '1' }),
        );
      } finally {
        const exit = await server.stop();
        assert.equal(exit, 0, `the server exited with ${exit}:\n${server.output().slice(-4000)}`);
      }
      assert.equal(result.code, 0, `pytest failed on ${backend}:\n${result.output}`);
      assert.match(result.output, /\d+ passed/, result.output);
      assert.doesNotMatch(result.output, /\d+ (failed|error)/, result.output);
    });
  });
}
