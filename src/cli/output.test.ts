import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOutput, details, table } from './output.js';

function capture(json: boolean): { out: ReturnType<typeof createOutput>; text: () => string } {
  let written = '';
  const out = createOutput(json, (t) => {
    written += t;
  });
  return { out, text: () => written };
}

describe('createOutput', () => {
  test('prints the table by default and JSON with --json', () => {
    const human = capture(false);
    human.out.print({ a: 1 }, () => 'A TABLE');
    assert.equal(human.text(), 'A TABLE\n');
    assert.equal(human.out.json, false);

    const machine = capture(true);
    machine.out.print({ a: 1, b: ['x'] }, () => 'A TABLE');
    assert.deepEqual(JSON.parse(machine.text()), { a: 1, b: ['x'] });
    assert.equal(machine.text(), '{\n  "a": 1,\n  "b": [\n    "x"\n  ]\n}\n');
  });

  test('falls back to JSON when there is no table', () => {
    const human = capture(false);
    human.out.print([1, 2]);
    assert.deepEqual(JSON.parse(human.text()), [1, 2]);
  });

  test('does not build the table in JSON mode', () => {
    const machine = capture(true);
    machine.out.print({}, () => assert.fail('table built in JSON mode'));
    assert.equal(machine.text(), '{}\n');
  });
});

describe('table', () => {
  test('aligns columns under the header, two spaces apart, without trailing spaces', () => {
    const text = table(
      ['VERSION', 'APPROVAL', 'BY'],
      [
        [1, 'Approved', 'alice'],
        [12, 'PendingManualApproval', 'bob'],
      ],
    );
    assert.equal(
      text,
      [
        'VERSION  APPROVAL               BY',
        '1        Approved               alice',
        '12       PendingManualApproval  bob',
      ].join('\n'),
    );
  });

  test('shows undefined and null as empty cells and trims the last column', () => {
    const text = table(
      ['A', 'B', 'C'],
      [
        [undefined, null, ''],
        ['x', 0, false],
      ],
    );
    assert.deepEqual(text.split('\n'), ['A  B  C', '', 'x  0  false']);
  });

  test('a table without rows is its header', () => {
    assert.equal(table(['NAME', 'CREATED'], []), 'NAME  CREATED');
  });

  test('a cell wider than its header widens the column', () => {
    const [header, row] = table(['N', 'M'], [['long-name', 'x']]).split('\n');
    assert.equal(header, 'N          M');
    assert.equal(row, 'long-name  x');
  });
});

describe('details', () => {
  test('pads keys, leaves out empty values and prints objects as JSON', () => {
    const text = details([
      ['name', 'g1'],
      ['description', undefined],
      ['version', 0],
      ['empty', ''],
      ['nothing', null],
      ['metrics', { auc: 0.9 }],
      ['approved', false],
    ]);
    assert.deepEqual(text.split('\n'), [
      'name      g1',
      'version   0',
      'metrics   {"auc":0.9}',
      'approved  false',
    ]);
  });

  test('nothing to show is an empty string', () => {
    assert.equal(details([['a', undefined]]), '');
  });
});
