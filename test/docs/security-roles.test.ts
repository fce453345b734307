import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ACTIONS, type ActionInfo } from '../../src/access/actions.js';
import { parsePolicy } from '../../src/access/policy.js';
import { BUILT_IN_ROLES } from '../../src/access/roles.js';
import { ROLE_NAMES } from '../../src/sdk/client.js';

/**
 * docs/security.md shows the built-in roles and the action catalogue as the code has them; this keeps
 * them from drifting. On a mismatch, the expected text is in the assertion message: paste it in.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'security.md'), 'utf8');

interface Line {
  readonly text: string;
  /** Inside a ``` fence (fence lines included): a `#` there is a comment, not a heading. */
  readonly code: boolean;
}

function lines(markdown: string): Line[] {
  let code = false;
  return markdown.split('\n').map((text) => {
    const fence = text.startsWith('```');
    const line = { text, code: code || fence };
    if (fence) code = !code;
    return line;
  });
}

/** The lines under `heading` up to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): Line[] {
  const all = lines(markdown);
  const start = all.findIndex((l) => !l.code && l.text === heading);
  assert.notEqual(start, -1, `docs/security.md has no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const rest = all.slice(start + 1);
  const end = rest.findIndex((l) => !l.code && /^#+ /.test(l.text) && l.text.indexOf(' ') <= level);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The contents of each ```json block among `part`. */
function jsonBlocks(part: readonly Line[]): string[] {
  const blocks: string[] = [];
  let current: string[] | undefined;
  for (const { text } of part) {
    if (text === '```json') current = [];
    else if (text === '```' && current) {
      blocks.push(current.join('\n'));
      current = undefined;
    } else current?.push(text);
  }
  return blocks;
}

const code = (s: string) => `\`${s}\``;

/** The catalogue row as the doc writes it: action, access level, resources, condition keys, description. */
function actionRow(a: ActionInfo): string {
  const cells = [
    code(a.name),
    a.access,
    a.resources.map(code).join('<br>'),
    a.conditionKeys.map(code).join('<br>'),
    a.description,
  ];
  return `| ${cells.join(' | ')} |`;
}

describe('docs/security.md', () => {
  it('shows each built-in role as exactly the policy document the server evaluates', () => {
    const part = section(doc, '## Built-in roles');
    const headings = part.filter((l) => !l.code && l.text.startsWith('### ')).map((l) => l.text);
    assert.deepEqual(
      headings,
      Object.keys(BUILT_IN_ROLES).map((r) => `### ${code(r)}`),
    );
    for (const [role, policy] of Object.entries(BUILT_IN_ROLES)) {
      const blocks = jsonBlocks(section(doc, `### ${code(role)}`));
      assert.equal(blocks.length, 1, `role ${role}: expected one json block`);
      const expected = JSON.stringify(policy, null, 2);
      assert.equal(blocks[0], expected, `role ${role} differs from src/access/roles.ts; it is:\n${expected}`);
    }
    const summary = part
      .filter((l) => !l.code && /^\| `[\w-]+` \|/.test(l.text))
      .map((l) => l.text.split('`')[1]);
    assert.deepEqual(summary, Object.keys(BUILT_IN_ROLES), 'the table of what each role can do');
  });

  it('lists the action catalogue as src/access/actions.ts has it', () => {
    const rows = section(doc, '### Actions')
      .filter((l) => !l.code && l.text.startsWith('| `'))
      .map((l) => l.text);
    const expected = ACTIONS.map(actionRow);
    assert.deepEqual(rows, expected, `the catalogue table should read:\n${expected.join('\n')}`);
  });

  it('gives only example policies the server accepts', () => {
    const part = section(doc, '## Writing your own policies');
    const examples = jsonBlocks(part);
    // The first example is written to a file by a shell here-document.
    const text = part.map((l) => l.text).join('\n');
    const heredoc = /<<'JSON'\n([\s\S]*?)\nJSON\n/.exec(text)?.[1];
    assert.ok(heredoc, 'the here-document example');
    for (const example of [heredoc, ...examples]) {
      assert.doesNotThrow(() => parsePolicy(JSON.parse(example), 'identity'), example);
    }
    assert.ok(examples.length >= 1);
  });
});

describe('docs/security.md, custom roles', () => {
  it('gives only example roles the server accepts', () => {
    const part = section(doc, '## Custom roles');
    const heredoc = /<<'JSON'\n([\s\S]*?)\nJSON\n/.exec(part.map((l) => l.text).join('\n'))?.[1];
    assert.ok(heredoc, 'the release-manager example');
    const examples = [heredoc, ...jsonBlocks(part)];
    assert.equal(examples.length, 2);
    for (const example of examples) {
      assert.doesNotThrow(() => parsePolicy(JSON.parse(example), 'identity'), example);
    }
  });
});

describe('the SDK and the server agree on the role names', () => {
  it('ROLE_NAMES of src/sdk is the list of built-in roles', () => {
    assert.deepEqual([...ROLE_NAMES], Object.keys(BUILT_IN_ROLES));
  });
});
