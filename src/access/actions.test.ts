// biome-ignore-all lint/suspicious/noTemplateCurlyInString: resource forms use AWS's ${Name} notation
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ACTIONS, findAction, nativeResourceArn, SELF_ROUTES, userArn } from './actions.js';
import { parsePolicy } from './policy.js';

const HTTP = resolve(import.meta.dirname, '..', 'http');

/** The operation names of the SageMaker dispatch table (read as text: access/ may not import http/). */
function servedOperations(): string[] {
  const text = readFileSync(join(HTTP, 'awsjson', 'operations', 'index.ts'), 'utf8');
  const table = text.slice(text.indexOf('OPERATIONS'));
  return [...table.matchAll(/^\s+([A-Z]\w+): \w+\.\w+,$/gm)].map((m) => m[1]!);
}

/** `METHOD /api/v1/path` of every native route declared with a literal path. */
function literalNativeRoutes(): string[] {
  const dir = join(HTTP, 'rest');
  const routes: string[] = [];
  for (const file of readdirSync(dir).filter((f) => /-routes?\.ts$/.test(f))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/app\.(get|post|put|patch|delete)\s*(?:<[^(]*?>)?\(\s*'([^']+)'/g))
      routes.push(`${m[1]!.toUpperCase()} /api/v1${m[2]}`);
  }
  return routes;
}

describe('action catalogue', () => {
  it('has a sagemaker: action for every operation the SageMaker face serves, and no other', () => {
    const served = servedOperations();
    assert.ok(served.length >= 16, `read ${served.length} operations`);
    const catalogued = ACTIONS.filter((a) => a.name.startsWith('sagemaker:')).map((a) => a.name.slice(10));
    assert.deepEqual([...catalogued].sort(), [...served].sort());
  });

  it('has an action for every native route', () => {
    const routes = literalNativeRoutes();
    assert.ok(routes.length >= 20, `read ${routes.length} routes`);
    const covered = new Map(ACTIONS.flatMap((a) => a.routes.map((r) => [r, a.name] as const)));
    for (const route of routes) {
      if (SELF_ROUTES.includes(route)) continue;
      assert.ok(covered.has(route), `no action lists ${route}`);
    }
  });

  it('lists each route under one action only', () => {
    const routes = ACTIONS.flatMap((a) => a.routes);
    assert.equal(new Set(routes).size, routes.length);
  });

  it('names each action once, in a form policies accept', () => {
    const names = ACTIONS.map((a) => a.name.toLowerCase());
    assert.equal(new Set(names).size, names.length);
    for (const a of ACTIONS) {
      assert.match(a.name, /^(sagemaker|modelry):[A-Z][A-Za-z]+$/);
      parsePolicy(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: a.name, Resource: '*' }] },
        'identity',
      );
    }
  });

  it('gives resource forms that are "*" or ARNs a policy may name', () => {
    for (const a of ACTIONS) {
      assert.ok(a.resources.length > 0, a.name);
      for (const form of a.resources) {
        if (form === '*') continue;
        const sample = form.replace(/\$\{\w+\}/g, 'x').replace(':x:', ':111111111111:');
        parsePolicy(
          { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: a.name, Resource: sample }] },
          'identity',
        );
        assert.match(form, /^arn:\$\{Partition\}:(sagemaker|modelry|iam):/, `${a.name}: ${form}`);
      }
      assert.ok(a.description.endsWith('.'), `${a.name} describes itself in a sentence`);
    }
  });

  it('finds actions by name ignoring case, as IAM reads them', () => {
    assert.equal(findAction('SageMaker:updatemodelpackage')?.name, 'sagemaker:UpdateModelPackage');
    assert.equal(findAction('sagemaker:Search'), undefined);
  });

  it('routes SageMaker approvals and native approvals to the same action', () => {
    assert.deepEqual(findAction('sagemaker:UpdateModelPackage')?.routes, [
      'SageMaker.UpdateModelPackage',
      'PATCH /api/v1/groups/:group/versions/:version',
      'POST /api/v1/groups/:group/versions/:version/approval',
    ]);
  });

  it('builds the ARNs of native resources and users', () => {
    const scope = { partition: 'aws', region: 'eu-west-1', account: '111111111111' };
    assert.equal(
      nativeResourceArn(scope, 'event-rule', 'to-slack'),
      'arn:aws:modelry:eu-west-1:111111111111:event-rule/to-slack',
    );
    assert.equal(
      nativeResourceArn(scope, 'event-target', 'slack'),
      'arn:aws:modelry:eu-west-1:111111111111:event-target/slack',
    );
    assert.equal(userArn('aws', '111111111111', 'alice'), 'arn:aws:iam::111111111111:user/alice');
  });
});
