import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_ENDPOINT } from '../../src/config/client-config.js';
import { CONFIG_DEFAULTS } from '../../src/config/config.js';
import { ERROR_CODES, type ErrorCode } from '../../src/domain/errors.js';
import { LIMITS } from '../../src/domain/limits.js';
import { AWS_ERRORS } from '../../src/http/awsjson/errors.js';
import { OPERATIONS } from '../../src/http/awsjson/operations/index.js';
import { REST_STATUS } from '../../src/http/rest/errors.js';

/** Keeps the documentation in step with the code it describes: error catalogue, settings, limits, operations. */

const ROOT = resolve(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The lines under `heading` (exact line) up to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  assert.notEqual(start, -1, `missing heading "${heading}"`);
  const level = heading.indexOf(' ');
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^#+ /.test(l) && l.indexOf(' ') <= level);
  return (end === -1 ? rest : rest.slice(0, end)).join('\n');
}

/** Body rows of every markdown table in `text`, as trimmed cells (header and separator rows dropped). */
function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  let state: 'outside' | 'header' | 'body' = 'outside';
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      state = 'outside';
    } else if (state === 'outside') {
      state = 'header';
    } else if (state === 'header') {
      state = 'body'; // this line is the | --- | separator
    } else {
      rows.push(
        line
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim()),
      );
    }
  }
  return rows;
}

function sameSet(actual: Iterable<string>, expected: Iterable<string>, what: string): void {
  const a = new Set(actual);
  const e = new Set(expected);
  const missing = [...e].filter((x) => !a.has(x));
  const extra = [...a].filter((x) => !e.has(x));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, what);
}

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

describe('docs/errors.md', () => {
  const doc = read('docs/errors.md');

  it('lists exactly the catalogue codes in its table, with both faces mapped as in the code', () => {
    const rows = tableRows(section(doc, '## Catalogue'));
    const documented = new Map<string, string[]>();
    for (const cells of rows) {
      const code = /^`(\w+)`$/.exec(cells[0] ?? '')?.[1];
      assert.ok(code, `catalogue row without a code: | ${cells.join(' | ')} |`);
      assert.ok(!documented.has(code), `${code} is listed twice`);
      documented.set(code, cells);
    }
    sameSet(documented.keys(), CODES, 'codes of the catalogue table vs ERROR_CODES');
    for (const code of CODES) {
      const [, sagemaker, native] = documented.get(code)!;
      const aws = AWS_ERRORS[code];
      assert.equal(sagemaker, `${aws.status} \`${aws.type}\``, `SageMaker mapping of ${code}`);
      assert.equal(native, String(REST_STATUS[code]), `native status of ${code}`);
    }
  });

  it('has one section per catalogue code and none for a code that does not exist', () => {
    const headings = section(doc, '## Codes')
      .split('\n')
      .filter((l) => l.startsWith('### '))
      .map((l) => l.slice(4).trim());
    assert.equal(new Set(headings).size, headings.length, 'a code has two sections');
    sameSet(headings, CODES, 'sections of docs/errors.md vs ERROR_CODES');
  });
});

/** Every MODELRY_* variable the config room reads. */
function configEnvVars(): string[] {
  const dir = join(ROOT, 'src', 'config');
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/MODELRY_[A-Z0-9_]+/g)) names.add(m[0]);
  }
  return [...names].sort();
}

/** `shutdownGraceMs` → `MODELRY_SHUTDOWN_GRACE_MS`. */
function envName(key: string): string {
  return `MODELRY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

describe('docs/configuration.md and the README', () => {
  const config = read('docs/configuration.md');
  const readme = read('README.md');
  const envVars = configEnvVars();

  it('finds the settings in src/config', () => {
    for (const name of ['MODELRY_PORT', 'MODELRY_DATABASE_URL', 'MODELRY_ENDPOINT']) {
      assert.ok(envVars.includes(name), `${name} not found in src/config: ${envVars.join(', ')}`);
    }
  });

  it('documents every environment variable src/config reads, and no other MODELRY_ setting', () => {
    for (const name of envVars) {
      assert.ok(config.includes(`\`${name}\``), `docs/configuration.md does not mention ${name}`);
      assert.ok(readme.includes(`\`${name}\``), `README.md does not mention ${name}`);
    }
    const mentioned = new Set(config.match(/MODELRY_[A-Z0-9_]+/g) ?? []);
    sameSet(mentioned, envVars, 'MODELRY_ variables of docs/configuration.md vs src/config');
  });

  it('gives each setting the default the code uses', () => {
    const defaults: [string, string][] = [
      ...Object.entries(CONFIG_DEFAULTS).map(([k, v]): [string, string] => [envName(k), String(v)]),
      ['MODELRY_ENDPOINT', DEFAULT_ENDPOINT],
    ];
    for (const [name, value] of defaults) {
      assert.ok(envVars.includes(name), `${name} (from CONFIG_DEFAULTS) is not read by src/config`);
      for (const [file, text] of [
        ['docs/configuration.md', config],
        ['README.md', readme],
      ] as const) {
        const row = tableRows(text).find((cells) => cells.includes(`\`${name}\``));
        assert.ok(row, `${file} has no table row for ${name}`);
        assert.ok(row.includes(`\`${value}\``), `${file}: default of ${name} should be \`${value}\``);
      }
    }
  });

  it('lists every limit with its value, and no limit that does not exist', () => {
    const rows = tableRows(section(config, '## Limits'));
    const documented = new Map<string, string>();
    for (const [name = '', value = ''] of rows) {
      const key = /^`(\w+)`$/.exec(name)?.[1];
      assert.ok(key, `limits row without a constant: ${name}`);
      documented.set(key, value);
    }
    sameSet(documented.keys(), Object.keys(LIMITS), 'limits of docs/configuration.md vs LIMITS');
    for (const [key, value] of Object.entries(LIMITS)) {
      assert.equal(documented.get(key)?.replace(/,/g, ''), String(value), `value of LIMITS.${key}`);
    }
  });
});

describe('docs/sagemaker-compatibility.md', () => {
  const doc = read('docs/sagemaker-compatibility.md');

  it('marks exactly the served operations as served, and the others as not served', () => {
    const rows = tableRows(section(doc, '## Operations'));
    const served: string[] = [];
    for (const [names = '', status = ''] of rows) {
      // "CreateArtifact, AddAssociation, ... (lineage)" names several operations in one row.
      for (const op of names
        .replace(/\s*\(.*\)$/, '')
        .split(',')
        .map((n) => n.trim())) {
        if (status === 'supported' || status === 'stored-only') served.push(op);
        else if (/^[A-Z]\w+$/.test(op)) {
          assert.ok(!(op in OPERATIONS), `${op} is served but documented as "${status}"`);
        }
      }
    }
    sameSet(served, Object.keys(OPERATIONS), 'served operations of the matrix vs the dispatch table');
  });

  it('has a member table for every served operation', () => {
    const tagOps = tableRows(section(doc, '## Tags')).map((r) => r[0]);
    for (const op of Object.keys(OPERATIONS)) {
      const heading = new RegExp(`^###[^\\n]*\\b${op}\\b`, 'm');
      assert.ok(heading.test(doc) || tagOps.includes(op), `no member table for ${op}`);
    }
  });
});

describe('links in the documentation', () => {
  it('point at files that exist', () => {
    const files = [
      'README.md',
      ...readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
      ...readdirSync(join(ROOT, 'docs', 'adr')).map((f) => `docs/adr/${f}`),
    ];
    for (const file of files) {
      // Code (a pattern such as `[a-z](-*[a-z])`) is not a link.
      const prose = read(file)
        .replace(/```[\s\S]*?```/g, '')
        .replace(/`[^`\n]*`/g, '');
      for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.split('#')[0]!;
        if (target === '' || /^[a-z]+:/.test(target)) continue;
        assert.ok(existsSync(join(ROOT, dirname(file), target)), `${file} links to missing ${m[1]}`);
      }
    }
  });
});
