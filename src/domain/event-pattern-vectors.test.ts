import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEventPattern } from './event-pattern.js';

/** The reference event of shared/reference/eventbridge-patterns.md; each vector varies it. */
const REFERENCE = {
  version: '0',
  id: '7c2f4d1e-9a8b-4c3d-8e2f-1a2b3c4d5e6f',
  'detail-type': 'SageMaker Model Package State Change',
  source: 'aws.sagemaker',
  account: '123456789012',
  time: '2024-05-01T12:34:56Z',
  region: 'us-east-1',
  resources: ['arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud-detector/3'],
  detail: {
    ModelPackageGroupName: 'fraud-detector',
    ModelPackageVersion: 3,
    ModelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud-detector/3',
    ModelApprovalStatus: 'PendingManualApproval',
    ModelPackageStatus: 'Completed',
    ApprovalDescription: 'awaiting review by risk team',
    CustomerMetadataProperties: {
      team: 'risk',
      framework: 'xgboost',
      accuracy: '0.93',
      'trained-from': '10.0.12.7',
    },
    ModelLifeCycle: { Stage: 'Staging', StageStatus: 'PendingApproval', StageDescription: 'shadow traffic' },
  },
};

/** In a patch: remove this key from the reference event. */
const DROP = Symbol('drop');
type Patch = { readonly [key: string]: unknown };

/** The reference event with `patch` merged in: objects merge key by key, anything else replaces. */
function vary(patch: Patch = {}): unknown {
  return merge(structuredClone(REFERENCE), patch);
}

function merge(base: Record<string, unknown>, patch: Patch): Record<string, unknown> {
  for (const [key, value] of Object.entries(patch)) {
    const current = base[key];
    if (value === DROP) delete base[key];
    else if (isPlain(value) && isPlain(current)) merge(current, value);
    else base[key] = value;
  }
  return base;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Patch of `detail` only. */
const d = (patch: Patch): Patch => ({ detail: patch });
/** Pattern on `detail.<field>`. */
const on = (field: string, filters: unknown[]) => ({ detail: { [field]: filters } });

type Vector = readonly [name: string, pattern: unknown, patch: Patch | undefined, match: boolean];

const EVALUATION_MODEL: Vector[] = [
  ['exact source', { source: ['aws.sagemaker'] }, undefined, true],
  ['other source', { source: ['aws.s3'] }, undefined, false],
  ['AND across keys, both hold', { source: ['aws.sagemaker'], region: ['us-east-1'] }, undefined, true],
  ['AND across keys, one fails', { source: ['aws.sagemaker'], region: ['eu-west-1'] }, undefined, false],
  ['OR within the array', { source: ['aws.s3', 'aws.sagemaker'] }, undefined, true],
  ['OR within the array, none holds', { source: ['aws.s3', 'aws.ec2'] }, undefined, false],
  ['nested object descends', on('ModelApprovalStatus', ['PendingManualApproval']), undefined, true],
  ['missing field fails a value filter', on('Nope', ['x']), undefined, false],
  ['missing parent fails a value filter', { nothere: { x: ['x'] } }, undefined, false],
  ['missing field passes exists:false', on('Nope', [{ exists: false }]), undefined, true],
  ['missing ancestor passes exists:false', { nothere: { x: [{ exists: false }] } }, undefined, true],
  ['object where a leaf is expected fails values', on('ModelLifeCycle', ['Staging']), undefined, false],
  ['fields the pattern does not name are ignored', { region: ['us-east-1'] }, undefined, true],
  ['key names are case-sensitive (top level)', { Source: ['aws.sagemaker'] }, undefined, false],
  [
    'key names are case-sensitive (nested)',
    on('modelApprovalStatus', ['PendingManualApproval']),
    undefined,
    false,
  ],
  ['a non-envelope top-level key', { extra: ['yes'] }, { extra: 'yes' }, true],
  ['account is a string', { account: ['123456789012'] }, undefined, true],
  ['account as a number does not match the string', { account: [123456789012] }, undefined, false],
  ['version is the string "0"', { version: ['0'] }, undefined, true],
  ['version as number 0 does not match', { version: [0] }, undefined, false],
  ['resources is an array', { resources: [REFERENCE.resources[0]] }, undefined, true],
  [
    'detail as a JSON string is not descended',
    on('ModelApprovalStatus', ['PendingManualApproval']),
    { detail: JSON.stringify(REFERENCE.detail) },
    false,
  ],
  [
    'detail as a JSON string is a string leaf',
    { detail: [{ prefix: '{' }] },
    { detail: JSON.stringify(REFERENCE.detail) },
    true,
  ],
  [
    'duplicate keys: the last wins (matching)',
    '{"source":["aws.s3"],"source":["aws.sagemaker"]}',
    undefined,
    true,
  ],
  [
    'duplicate keys: the last wins (not matching)',
    '{"source":["aws.sagemaker"],"source":["aws.s3"]}',
    undefined,
    false,
  ],
];

const ARRAY_CONSISTENCY: Vector[] = [
  [
    'fields of one array element (Anna Smith)',
    { e: { n: ['Anna'], l: ['Smith'] } },
    {
      e: [
        { n: 'Anna', l: 'Smith' },
        { n: 'Peter', l: 'Jones' },
      ],
    },
    true,
  ],
  [
    'fields from two elements (Anna Jones)',
    { e: { n: ['Anna'], l: ['Jones'] } },
    {
      e: [
        { n: 'Anna', l: 'Smith' },
        { n: 'Peter', l: 'Jones' },
      ],
    },
    false,
  ],
  [
    'metric and value of one evaluation',
    { detail: { Evaluations: { Metric: ['auc'], Value: [0.93] } } },
    d({
      Evaluations: [
        { Metric: 'auc', Value: 0.93 },
        { Metric: 'loss', Value: 0.2 },
      ],
    }),
    true,
  ],
  [
    'metric and value of two evaluations',
    { detail: { Evaluations: { Metric: ['auc'], Value: [0.2] } } },
    d({
      Evaluations: [
        { Metric: 'auc', Value: 0.93 },
        { Metric: 'loss', Value: 0.2 },
      ],
    }),
    false,
  ],
  [
    'numeric within the chosen element',
    { detail: { Evaluations: { Metric: ['auc'], Value: [{ numeric: ['>', 0.9] }] } } },
    d({
      Evaluations: [
        { Metric: 'auc', Value: 0.93 },
        { Metric: 'loss', Value: 0.2 },
      ],
    }),
    true,
  ],
  [
    'numeric held only by another element',
    { detail: { Evaluations: { Metric: ['loss'], Value: [{ numeric: ['>', 0.9] }] } } },
    d({
      Evaluations: [
        { Metric: 'auc', Value: 0.93 },
        { Metric: 'loss', Value: 0.2 },
      ],
    }),
    false,
  ],
  [
    'array field with an envelope field',
    { source: ['aws.sagemaker'], detail: { Evaluations: { Metric: ['loss'] } } },
    d({ Evaluations: [{ Metric: 'auc' }, { Metric: 'loss' }] }),
    true,
  ],
  [
    'nested arrays of objects, same inner element',
    { a: { b: { c: [3], d: [4] } } },
    {
      a: [
        {
          b: [
            { c: 1, d: 2 },
            { c: 3, d: 4 },
          ],
        },
      ],
    },
    true,
  ],
  [
    'nested arrays of objects, different inner elements',
    { a: { b: { c: [1], d: [4] } } },
    {
      a: [
        {
          b: [
            { c: 1, d: 2 },
            { c: 3, d: 4 },
          ],
        },
      ],
    },
    false,
  ],
  [
    'different outer elements',
    { a: { b: { c: [1] }, x: ['y'] } },
    { a: [{ b: [{ c: 1 }] }, { x: 'y' }] },
    false,
  ],
  [
    'absence checked against the chosen element (path after)',
    { e: { n: ['Anna'], t: [{ exists: false }] } },
    { e: [{ n: 'Anna' }, { n: 'Bob', t: 'Dr' }] },
    true,
  ],
  // Ruler walks fields in path order and checks absence with what it has chosen so far: e.a comes first.
  [
    'absence checked before any element is chosen (path before)',
    { e: { n: ['Anna'], a: [{ exists: false }] } },
    { e: [{ n: 'Anna' }, { n: 'Bob', a: 'x' }] },
    false,
  ],
  [
    'anything-but within one element',
    { e: { n: ['Bob'], l: [{ 'anything-but': 'Smith' }] } },
    {
      e: [
        { n: 'Anna', l: 'Jones' },
        { n: 'Bob', l: 'Smith' },
      ],
    },
    false,
  ],
  [
    '$or branch needs one element too',
    { $or: [{ e: { n: ['Anna'], l: ['Jones'] } }, { e: { n: ['Peter'], l: ['Jones'] } }] },
    {
      e: [
        { n: 'Anna', l: 'Smith' },
        { n: 'Peter', l: 'Jones' },
      ],
    },
    true,
  ],
];

const DOTTED_KEYS: Vector[] = [
  ['dotted pattern key equals nesting', { detail: { 'ModelLifeCycle.Stage': ['Staging'] } }, undefined, true],
  [
    'dotted pattern key, other value',
    { detail: { 'ModelLifeCycle.Stage': ['Production'] } },
    undefined,
    false,
  ],
  [
    'nested pattern matches a dotted event key',
    { detail: { ModelLifeCycle: { Stage: ['Production'] } } },
    d({ ModelLifeCycle: DROP, 'ModelLifeCycle.Stage': 'Production' }),
    true,
  ],
  ['top-level dotted key reaches detail', { 'detail.ModelPackageVersion': [3] }, undefined, true],
];

const VALUES: Vector[] = [
  [
    'string is byte-exact',
    on('ModelApprovalStatus', ['Approved']),
    d({ ModelApprovalStatus: 'Approved' }),
    true,
  ],
  ['no case folding', on('ModelApprovalStatus', ['Approved']), d({ ModelApprovalStatus: 'approved' }), false],
  ['no trimming', on('ModelApprovalStatus', ['Approved']), d({ ModelApprovalStatus: 'Approved ' }), false],
  [
    'string does not match null',
    on('ModelApprovalStatus', ['Approved']),
    d({ ModelApprovalStatus: null }),
    false,
  ],
  [
    'string does not match missing',
    on('ModelApprovalStatus', ['Approved']),
    d({ ModelApprovalStatus: DROP }),
    false,
  ],
  ['number equals number', on('ModelPackageVersion', [3]), undefined, true],
  ['number by value: 3.0 equals 3', '{"detail":{"ModelPackageVersion":[3.0]}}', undefined, true],
  ['number by value: 3e0 equals 3', '{"detail":{"ModelPackageVersion":[3e0]}}', undefined, true],
  ['number by value: 3.0e2 equals 300', on('Size', [300]), d({ Size: 3.0e2 }), true],
  ['other number', on('ModelPackageVersion', [4]), undefined, false],
  [
    'number does not match numeric string',
    on('ModelPackageVersion', [3]),
    d({ ModelPackageVersion: '3' }),
    false,
  ],
  ['string "3" matches "3"', on('ModelPackageVersion', ['3']), d({ ModelPackageVersion: '3' }), true],
  ['string "3" does not match 3', on('ModelPackageVersion', ['3']), undefined, false],
  ['true matches true', on('Extra', [true]), d({ Extra: true }), true],
  ['false matches false', on('Extra', [false]), d({ Extra: false }), true],
  ['true does not match "true"', on('Extra', [true]), d({ Extra: 'true' }), false],
  ['true does not match 1', on('Extra', [true]), d({ Extra: 1 }), false],
  ['1 does not match true', on('Extra', [1]), d({ Extra: true }), false],
  ['0 does not match false', on('Extra', [0]), d({ Extra: false }), false],
  ['null matches null', on('ApprovalDescription', [null]), d({ ApprovalDescription: null }), true],
  ['null does not match missing', on('ApprovalDescription', [null]), d({ ApprovalDescription: DROP }), false],
  [
    'null does not match "null"',
    on('ApprovalDescription', [null]),
    d({ ApprovalDescription: 'null' }),
    false,
  ],
  ['null does not match ""', on('ApprovalDescription', [null]), d({ ApprovalDescription: '' }), false],
  ['null does not match []', on('ApprovalDescription', [null]), d({ ApprovalDescription: [] }), false],
  ['"" matches ""', on('ApprovalDescription', ['']), d({ ApprovalDescription: '' }), true],
  ['"" does not match null', on('ApprovalDescription', ['']), d({ ApprovalDescription: null }), false],
  [
    'IP literal matches its long form',
    on('Peer', ['2001:db8::7']),
    d({ Peer: '2001:0db8:0:0:0:0:0:7' }),
    true,
  ],
  ['IP literal, other address', on('Peer', ['2001:db8::7']), d({ Peer: '2001:db8::8' }), false],
  [
    'IPv4 literal matches itself',
    { detail: { CustomerMetadataProperties: { 'trained-from': ['10.0.12.7'] } } },
    undefined,
    true,
  ],
];

const ARRAYS: Vector[] = [
  [
    'event array intersects the filter list',
    { resources: ['arn:x', REFERENCE.resources[0]] },
    { resources: ['arn:y', REFERENCE.resources[0]] },
    true,
  ],
  [
    'event array disjoint from the filter list',
    { resources: ['arn:x', 'arn:z'] },
    { resources: ['arn:y', REFERENCE.resources[0]] },
    false,
  ],
  [
    'operators apply element-wise',
    { resources: [{ suffix: '/2' }] },
    { resources: ['arn:a/1', 'arn:a/2'] },
    true,
  ],
  [
    'operators apply element-wise, none holds',
    { resources: [{ suffix: '/9' }] },
    { resources: ['arn:a/1', 'arn:a/2'] },
    false,
  ],
  ['numeric on an array of numbers', on('Scores', [{ numeric: ['>', 8] }]), d({ Scores: [1, 5, 9] }), true],
  [
    'numeric on an array of numbers, none holds',
    on('Scores', [{ numeric: ['>', 10] }]),
    d({ Scores: [1, 5, 9] }),
    false,
  ],
  [
    'anything-but: one element not excluded',
    on('Tags', [{ 'anything-but': 'prod' }]),
    d({ Tags: ['prod', 'team-risk'] }),
    true,
  ],
  [
    'anything-but: every element excluded',
    on('Tags', [{ 'anything-but': ['prod', 'staging'] }]),
    d({ Tags: ['prod', 'staging'] }),
    false,
  ],
  ['empty array fails a value filter', on('Tags', ['prod']), d({ Tags: [] }), false],
  ['empty array fails anything-but', on('Tags', [{ 'anything-but': 'prod' }]), d({ Tags: [] }), false],
  ['empty array fails exists:true', on('Tags', [{ exists: true }]), d({ Tags: [] }), false],
  ['empty array passes exists:false', on('Tags', [{ exists: false }]), d({ Tags: [] }), true],
  [
    'array of objects is descended',
    { detail: { Metrics: { Name: ['auc'] } } },
    d({ Metrics: [{ Name: 'f1' }, { Name: 'auc' }] }),
    true,
  ],
  [
    'array of objects, no element holds',
    { detail: { Metrics: { Name: ['loss'] } } },
    d({ Metrics: [{ Name: 'f1' }, { Name: 'auc' }] }),
    false,
  ],
  [
    'nested arrays are flattened',
    on('Matrix', [4]),
    d({
      Matrix: [
        [1, 2],
        [3, [4]],
      ],
    }),
    true,
  ],
  [
    'nested arrays flattened, value absent',
    on('Matrix', [5]),
    d({
      Matrix: [
        [1, 2],
        [3, [4]],
      ],
    }),
    false,
  ],
  ['one-element array of a value', on('Tags', ['prod']), d({ Tags: ['prod'] }), true],
];

const PREFIX_SUFFIX: Vector[] = [
  ['prefix', on('ModelPackageArn', [{ prefix: 'arn:aws:sagemaker:' }]), undefined, true],
  ['prefix is case-sensitive', on('ModelPackageArn', [{ prefix: 'ARN:aws:sagemaker:' }]), undefined, false],
  ['prefix "" matches every string', on('ModelApprovalStatus', [{ prefix: '' }]), undefined, true],
  [
    'prefix "" matches the empty string',
    on('ModelApprovalStatus', [{ prefix: '' }]),
    d({ ModelApprovalStatus: '' }),
    true,
  ],
  ['prefix "" does not match a number', on('ModelPackageVersion', [{ prefix: '' }]), undefined, false],
  [
    'prefix "" does not match null',
    on('ModelApprovalStatus', [{ prefix: '' }]),
    d({ ModelApprovalStatus: null }),
    false,
  ],
  ['prefix never matches numbers', on('ModelPackageVersion', [{ prefix: '3' }]), undefined, false],
  ['prefix on time', { time: [{ prefix: '2024-05-01' }] }, undefined, true],
  [
    'prefix with equals-ignore-case',
    on('ModelPackageGroupName', [{ prefix: { 'equals-ignore-case': 'FRAUD-' } }]),
    undefined,
    true,
  ],
  [
    'prefix with equals-ignore-case, other start',
    on('ModelPackageGroupName', [{ prefix: { 'equals-ignore-case': 'CHURN-' } }]),
    undefined,
    false,
  ],
  ['suffix', on('ModelPackageArn', [{ suffix: '/3' }]), undefined, true],
  ['suffix, other end', on('ModelPackageArn', [{ suffix: '/4' }]), undefined, false],
  ['suffix "" matches every string', on('ModelPackageStatus', [{ suffix: '' }]), undefined, true],
  ['suffix is case-sensitive', on('FileName', [{ suffix: '.PNG' }]), d({ FileName: 'model.png' }), false],
  [
    'suffix with equals-ignore-case',
    on('FileName', [{ suffix: { 'equals-ignore-case': '.PNG' } }]),
    d({ FileName: 'model.png' }),
    true,
  ],
  [
    'suffix with equals-ignore-case, other end',
    on('FileName', [{ suffix: { 'equals-ignore-case': '.PNG' } }]),
    d({ FileName: 'model.jpg' }),
    false,
  ],
];

const EQUALS_IGNORE_CASE: Vector[] = [
  [
    'whole value ignoring case',
    on('ModelApprovalStatus', [{ 'equals-ignore-case': 'pendingmanualapproval' }]),
    undefined,
    true,
  ],
  ['not a prefix match', on('ModelApprovalStatus', [{ 'equals-ignore-case': 'pending' }]), undefined, false],
  [
    '"" matches only ""',
    on('ApprovalDescription', [{ 'equals-ignore-case': '' }]),
    d({ ApprovalDescription: '' }),
    true,
  ],
  ['"" does not match text', on('ApprovalDescription', [{ 'equals-ignore-case': '' }]), undefined, false],
  ['never matches numbers', on('ModelPackageVersion', [{ 'equals-ignore-case': '3' }]), undefined, false],
  ['accented letters fold', on('Owner', [{ 'equals-ignore-case': 'ÉLODIE' }]), d({ Owner: 'élodie' }), true],
  [
    'STRASSE does not match straße',
    on('Street', [{ 'equals-ignore-case': 'STRASSE' }]),
    d({ Street: 'straße' }),
    false,
  ],
  ['Σ does not match final ς', on('Letter', [{ 'equals-ignore-case': 'Σ' }]), d({ Letter: 'ς' }), false],
  [
    'K does not match the Kelvin sign',
    on('Unit', [{ 'equals-ignore-case': 'K' }]),
    d({ Unit: '\u212a' }),
    false,
  ],
];

const ANYTHING_BUT: Vector[] = [
  [
    'single string, other value',
    on('ModelApprovalStatus', [{ 'anything-but': 'Rejected' }]),
    undefined,
    true,
  ],
  [
    'single string, excluded value',
    on('ModelApprovalStatus', [{ 'anything-but': 'PendingManualApproval' }]),
    undefined,
    false,
  ],
  [
    'plain exclusion is case-sensitive',
    on('ModelApprovalStatus', [{ 'anything-but': 'pendingmanualapproval' }]),
    undefined,
    true,
  ],
  ['single number, excluded', on('ModelPackageVersion', [{ 'anything-but': 3 }]), undefined, false],
  ['single number, other value', on('ModelPackageVersion', [{ 'anything-but': 4 }]), undefined, true],
  [
    'number list excludes by value',
    '{"detail":{"ModelPackageVersion":[{"anything-but":[3.0, 4]}]}}',
    undefined,
    false,
  ],
  [
    'string list, value not listed',
    on('ModelApprovalStatus', [{ 'anything-but': ['Rejected', 'Approved'] }]),
    undefined,
    true,
  ],
  [
    'string list, value listed',
    on('ModelApprovalStatus', [{ 'anything-but': ['PendingManualApproval', 'Approved'] }]),
    undefined,
    false,
  ],
  [
    'prefix, excluded',
    on('ModelApprovalStatus', [{ 'anything-but': { prefix: 'Pending' } }]),
    undefined,
    false,
  ],
  [
    'prefix, not excluded',
    on('ModelApprovalStatus', [{ 'anything-but': { prefix: 'Rej' } }]),
    undefined,
    true,
  ],
  [
    'prefix list',
    on('ModelApprovalStatus', [{ 'anything-but': { prefix: ['Rej', 'Pend'] } }]),
    undefined,
    false,
  ],
  ['suffix, not excluded', on('ModelPackageArn', [{ 'anything-but': { suffix: '/1' } }]), undefined, true],
  ['suffix, excluded', on('ModelPackageArn', [{ 'anything-but': { suffix: '/3' } }]), undefined, false],
  [
    'equals-ignore-case, excluded',
    on('ModelApprovalStatus', [{ 'anything-but': { 'equals-ignore-case': 'pendingMANUALapproval' } }]),
    undefined,
    false,
  ],
  [
    'equals-ignore-case list, not excluded',
    on('ModelApprovalStatus', [{ 'anything-but': { 'equals-ignore-case': ['approved', 'rejected'] } }]),
    undefined,
    true,
  ],
  [
    'wildcard, not excluded',
    on('ModelPackageArn', [{ 'anything-but': { wildcard: '*/churn-*' } }]),
    undefined,
    true,
  ],
  [
    'wildcard, excluded',
    on('ModelPackageArn', [{ 'anything-but': { wildcard: '*/fraud-*' } }]),
    undefined,
    false,
  ],
  [
    'wildcard list',
    on('ModelPackageArn', [{ 'anything-but': { wildcard: ['*/churn-*', '*/3'] } }]),
    undefined,
    false,
  ],
  [
    'wildcard "" excludes only ""',
    on('ApprovalDescription', [{ 'anything-but': { wildcard: '' } }]),
    d({ ApprovalDescription: '' }),
    false,
  ],
  [
    'wildcard "" lets other strings through',
    on('ApprovalDescription', [{ 'anything-but': { wildcard: '' } }]),
    undefined,
    true,
  ],
  ['missing field: single string', on('Nope', [{ 'anything-but': 'x' }]), undefined, false],
  ['missing field: number list', on('Nope', [{ 'anything-but': [1, 2] }]), undefined, false],
  ['missing field: prefix', on('Nope', [{ 'anything-but': { prefix: 'x' } }]), undefined, false],
  ['missing field: suffix', on('Nope', [{ 'anything-but': { suffix: 'x' } }]), undefined, false],
  [
    'missing field: equals-ignore-case',
    on('Nope', [{ 'anything-but': { 'equals-ignore-case': 'x' } }]),
    undefined,
    false,
  ],
  ['missing field: wildcard', on('Nope', [{ 'anything-but': { wildcard: 'x*' } }]), undefined, false],
  [
    'missing field with exists:false alongside',
    on('Nope', [{ 'anything-but': 'x' }, { exists: false }]),
    undefined,
    true,
  ],
  ['null: single string', on('Command', [{ 'anything-but': 'x' }]), d({ Command: null }), true],
  ['null: prefix', on('Command', [{ 'anything-but': { prefix: 'x' } }]), d({ Command: null }), true],
  ['null: suffix', on('Command', [{ 'anything-but': { suffix: 'x' } }]), d({ Command: null }), true],
  ['null: wildcard', on('Command', [{ 'anything-but': { wildcard: '*' } }]), d({ Command: null }), true],
  [
    'null: equals-ignore-case',
    on('Command', [{ 'anything-but': { 'equals-ignore-case': 'x' } }]),
    d({ Command: null }),
    true,
  ],
  ['null: number', on('Command', [{ 'anything-but': 3 }]), d({ Command: null }), true],
  [
    'string exclusion never excludes a number',
    on('ModelPackageVersion', [{ 'anything-but': '3' }]),
    undefined,
    true,
  ],
  [
    'number exclusion never excludes a string',
    on('ModelPackageVersion', [{ 'anything-but': [3] }]),
    d({ ModelPackageVersion: '3' }),
    true,
  ],
  [
    'prefix exclusion never excludes a number',
    on('Count', [{ 'anything-but': { prefix: 'init' } }]),
    d({ Count: 12 }),
    true,
  ],
  [
    'wildcard * never excludes a number',
    on('Count', [{ 'anything-but': { wildcard: '*' } }]),
    d({ Count: 123 }),
    true,
  ],
  [
    'wildcard * excludes every string',
    on('ModelApprovalStatus', [{ 'anything-but': { wildcard: '*' } }]),
    undefined,
    false,
  ],
  [
    'string exclusion never excludes a boolean',
    on('Extra', [{ 'anything-but': 'true' }]),
    d({ Extra: true }),
    true,
  ],
  [
    'empty anything-but prefix list excludes nothing',
    on('ModelApprovalStatus', [{ 'anything-but': { prefix: [] } }]),
    undefined,
    true,
  ],
];

const NUMERIC: Vector[] = [
  ['= holds', on('ModelPackageVersion', [{ numeric: ['=', 3] }]), undefined, true],
  ['= compares by value', '{"detail":{"ModelPackageVersion":[{"numeric":["=",3.0]}]}}', undefined, true],
  ['= fails', on('ModelPackageVersion', [{ numeric: ['=', 4] }]), undefined, false],
  ['< holds', on('ModelPackageVersion', [{ numeric: ['<', 4] }]), undefined, true],
  ['< is exclusive', on('ModelPackageVersion', [{ numeric: ['<', 3] }]), undefined, false],
  ['<= is inclusive', on('ModelPackageVersion', [{ numeric: ['<=', 3] }]), undefined, true],
  ['> is exclusive', on('ModelPackageVersion', [{ numeric: ['>', 3] }]), undefined, false],
  ['>= is inclusive', on('ModelPackageVersion', [{ numeric: ['>=', 3] }]), undefined, true],
  ['open range holds', on('ModelPackageVersion', [{ numeric: ['>', 2, '<', 4] }]), undefined, true],
  [
    'open range excludes its bound',
    on('ModelPackageVersion', [{ numeric: ['>', 3, '<', 5] }]),
    undefined,
    false,
  ],
  [
    'closed range includes its bounds',
    on('ModelPackageVersion', [{ numeric: ['>=', 3, '<=', 5] }]),
    undefined,
    true,
  ],
  [
    'half-open range includes its top',
    on('ModelPackageVersion', [{ numeric: ['>', 0, '<=', 3] }]),
    undefined,
    true,
  ],
  ['range above the value', on('ModelPackageVersion', [{ numeric: ['>=', 4, '<=', 9] }]), undefined, false],
  ['floats', on('Score', [{ numeric: ['>', 0.9] }]), d({ Score: 0.93 }), true],
  ['floats, below', on('Score', [{ numeric: ['>=', 0.95, '<', 1] }]), d({ Score: 0.93 }), false],
  ['negative numbers', on('Delta', [{ numeric: ['<', 0] }]), d({ Delta: -5 }), true],
  [
    'never matches numeric strings',
    { detail: { CustomerMetadataProperties: { accuracy: [{ numeric: ['>', 0.9] }] } } },
    undefined,
    false,
  ],
  ['never matches null', on('Score', [{ numeric: ['>', 0] }]), d({ Score: null }), false],
  ['never matches booleans', on('Extra', [{ numeric: ['>', 0] }]), d({ Extra: true }), false],
  ['never matches missing', on('Score', [{ numeric: ['>', 0] }]), undefined, false],
  [
    'two numeric filters are OR-ed (holds)',
    on('ModelPackageVersion', [{ numeric: ['<', 1] }, { numeric: ['>', 2] }]),
    undefined,
    true,
  ],
  [
    'two numeric filters are OR-ed (fails)',
    on('Score', [{ numeric: ['<', 1] }, { numeric: ['>', 2] }]),
    d({ Score: 1.5 }),
    false,
  ],
  ['numeric OR exact value', on('ModelPackageVersion', [{ numeric: ['>', 10] }, 3]), undefined, true],
];

const EXISTS: Vector[] = [
  ['exists:true on a string', on('ModelApprovalStatus', [{ exists: true }]), undefined, true],
  [
    'exists:true on null',
    on('ApprovalDescription', [{ exists: true }]),
    d({ ApprovalDescription: null }),
    true,
  ],
  ['exists:true on ""', on('ApprovalDescription', [{ exists: true }]), d({ ApprovalDescription: '' }), true],
  ['exists:true on a number', on('ModelPackageVersion', [{ exists: true }]), undefined, true],
  ['exists:true on an object', on('ModelLifeCycle', [{ exists: true }]), undefined, false],
  ['exists:true on {}', on('ModelLifeCycle', [{ exists: true }]), d({ ModelLifeCycle: {} }), false],
  ['exists:true on missing', on('Nope', [{ exists: true }]), undefined, false],
  ['exists:true on an array of values', { resources: [{ exists: true }] }, undefined, true],
  ['exists:false on a present value', on('ModelApprovalStatus', [{ exists: false }]), undefined, false],
  [
    'exists:false on null',
    on('ApprovalDescription', [{ exists: false }]),
    d({ ApprovalDescription: null }),
    false,
  ],
  ['exists:false on an object-valued field', on('ModelLifeCycle', [{ exists: false }]), undefined, true],
  ['exists:false on {}', on('ModelLifeCycle', [{ exists: false }]), d({ ModelLifeCycle: {} }), true],
  [
    'exists:false with a sibling value filter',
    { source: ['aws.sagemaker'], detail: { Nope: [{ exists: false }] } },
    undefined,
    true,
  ],
];

const CIDR: Vector[] = [
  [
    'IPv4 inside',
    { detail: { CustomerMetadataProperties: { 'trained-from': [{ cidr: '10.0.12.0/24' }] } } },
    undefined,
    true,
  ],
  [
    'IPv4 outside',
    { detail: { CustomerMetadataProperties: { 'trained-from': [{ cidr: '10.0.13.0/24' }] } } },
    undefined,
    false,
  ],
  [
    'host bits of the operand are ignored',
    on('SourceIp', [{ cidr: '10.0.12.7/24' }]),
    d({ SourceIp: '10.0.12.200' }),
    true,
  ],
  ['short mask', on('SourceIp', [{ cidr: '10.0.0.0/8' }]), d({ SourceIp: '10.255.1.1' }), true],
  [
    'mask not on a byte boundary',
    on('SourceIp', [{ cidr: '10.0.12.0/23' }]),
    d({ SourceIp: '10.0.14.1' }),
    false,
  ],
  [
    'IPv6 compressed',
    on('SourceIp', [{ cidr: '2001:db8:1234:1a00::/64' }]),
    d({ SourceIp: '2001:db8:1234:1a00::9' }),
    true,
  ],
  [
    'IPv6 long form',
    on('SourceIp', [{ cidr: '2001:db8:1234:1a00::/64' }]),
    d({ SourceIp: '2001:0db8:1234:1a00:0000:0000:0000:0009' }),
    true,
  ],
  [
    'IPv6 outside',
    on('SourceIp', [{ cidr: '2001:db8:1234:1a00::/64' }]),
    d({ SourceIp: '2001:db8:1234:1b00::1' }),
    false,
  ],
  [
    'IPv4 address against an IPv6 block',
    on('SourceIp', [{ cidr: '::/0' }]),
    d({ SourceIp: '10.0.0.1' }),
    false,
  ],
  ['a number is never an address', on('SourceIp', [{ cidr: '0.0.0.0/1' }]), d({ SourceIp: 3 }), false],
  ['a non-address string', on('SourceIp', [{ cidr: '10.0.0.0/8' }]), d({ SourceIp: '10.0.0.256' }), false],
];

const WILDCARD: Vector[] = [
  [
    'ARN with two stars',
    { resources: [{ wildcard: 'arn:aws:sagemaker:*:123456789012:model-package/fraud-detector/*' }] },
    undefined,
    true,
  ],
  [
    'ARN, other account',
    { resources: [{ wildcard: 'arn:aws:sagemaker:*:999999999999:model-package/fraud-detector/*' }] },
    undefined,
    false,
  ],
  ['no star is equality', on('ModelPackageGroupName', [{ wildcard: 'fraud-detector' }]), undefined, true],
  ['anchored at the end', on('ModelPackageGroupName', [{ wildcard: 'fraud' }]), undefined, false],
  ['anchored at the start', on('ModelPackageGroupName', [{ wildcard: 'detector*' }]), undefined, false],
  ['trailing star', on('ModelPackageGroupName', [{ wildcard: 'fraud*' }]), undefined, true],
  ['star matches nothing', on('ModelPackageGroupName', [{ wildcard: 'fraud-*detector' }]), undefined, true],
  ['middle pieces in order', on('ModelPackageArn', [{ wildcard: '*sagemaker*fraud*/3' }]), undefined, true],
  [
    'middle pieces out of order',
    on('ModelPackageArn', [{ wildcard: '*fraud*sagemaker*' }]),
    undefined,
    false,
  ],
  ['case-sensitive', on('ModelPackageGroupName', [{ wildcard: 'Fraud*' }]), undefined, false],
  ['"" matches only ""', on('ApprovalDescription', [{ wildcard: '' }]), d({ ApprovalDescription: '' }), true],
  ['"" does not match text', on('ApprovalDescription', [{ wildcard: '' }]), undefined, false],
  ['* matches ""', on('ApprovalDescription', [{ wildcard: '*' }]), d({ ApprovalDescription: '' }), true],
  ['? is literal', on('ModelPackageGroupName', [{ wildcard: 'fraud?detector' }]), undefined, false],
  ['? matches itself', on('Name', [{ wildcard: 'a?c*' }]), d({ Name: 'a?cd' }), true],
  ['\\* is a literal star', '{"detail":{"Name":[{"wildcard":"a\\\\*b"}]}}', d({ Name: 'a*b' }), true],
  [
    '\\* does not match other text',
    '{"detail":{"Name":[{"wildcard":"a\\\\*b"}]}}',
    d({ Name: 'axb' }),
    false,
  ],
  [
    '\\\\ is a literal backslash',
    '{"detail":{"Name":[{"wildcard":"C:\\\\\\\\*"}]}}',
    d({ Name: 'C:\\models' }),
    true,
  ],
  ['never matches numbers', on('ModelPackageVersion', [{ wildcard: '*' }]), undefined, false],
  [
    'accepted complexity 7 pattern',
    on('Path', [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }]),
    d({ Path: '/Users/me/dir/dir/dir/dir/dir/doc.txt' }),
    true,
  ],
];

const OR: Vector[] = [
  [
    '$or: neither branch',
    {
      source: ['aws.sagemaker'],
      $or: [
        { detail: { ModelApprovalStatus: ['Approved'] } },
        { detail: { ModelLifeCycle: { Stage: ['Production'] } } },
      ],
    },
    undefined,
    false,
  ],
  [
    '$or: first branch',
    {
      source: ['aws.sagemaker'],
      $or: [
        { detail: { ModelApprovalStatus: ['Approved'] } },
        { detail: { ModelLifeCycle: { Stage: ['Production'] } } },
      ],
    },
    d({ ModelApprovalStatus: 'Approved' }),
    true,
  ],
  [
    '$or: second branch',
    {
      source: ['aws.sagemaker'],
      $or: [
        { detail: { ModelApprovalStatus: ['Approved'] } },
        { detail: { ModelLifeCycle: { Stage: ['Production'] } } },
      ],
    },
    d({ ModelLifeCycle: { Stage: 'Production' } }),
    true,
  ],
  [
    '$or is AND-ed with siblings',
    { source: ['aws.s3'], $or: [{ region: ['us-east-1'] }, { account: ['1'] }] },
    undefined,
    false,
  ],
  [
    '$or branch with several keys (all hold)',
    { $or: [{ region: ['us-east-1'], account: ['123456789012'] }, { source: ['x'] }] },
    undefined,
    true,
  ],
  [
    '$or branch with several keys (one fails)',
    { $or: [{ region: ['us-east-1'], account: ['1'] }, { source: ['x'] }] },
    undefined,
    false,
  ],
  [
    '$or inside detail',
    {
      detail: {
        $or: [{ ModelPackageVersion: [{ numeric: ['>', 5] }] }, { ModelPackageStatus: ['Completed'] }],
      },
    },
    undefined,
    true,
  ],
  [
    'nested $or',
    { $or: [{ source: ['x'] }, { $or: [{ region: ['eu-west-1'] }, { account: ['123456789012'] }] }] },
    undefined,
    true,
  ],
  [
    'two $or groups are AND-ed (one fails)',
    {
      $or: [{ source: ['aws.sagemaker'] }, { source: ['x'] }],
      detail: { $or: [{ ModelApprovalStatus: ['Approved'] }, { ModelPackageVersion: [9] }] },
    },
    undefined,
    false,
  ],
  [
    'two $or groups are AND-ed (both hold)',
    {
      $or: [{ source: ['aws.sagemaker'] }, { source: ['x'] }],
      detail: { $or: [{ ModelApprovalStatus: ['Approved'] }, { ModelPackageVersion: [3] }] },
    },
    undefined,
    true,
  ],
  [
    'a branch may replace a sibling field of the same path',
    { region: ['eu-west-1'], $or: [{ region: ['us-east-1'] }, { source: ['x'] }] },
    undefined,
    true,
  ],
  [
    'a later sibling replaces the branch field',
    { $or: [{ region: ['eu-west-1'] }, { source: ['aws.sagemaker'] }], region: ['eu-west-2'] },
    undefined,
    false,
  ],
  [
    '$or with exists:false branch',
    { $or: [{ detail: { Nope: [{ exists: false }] } }, { source: ['x'] }] },
    undefined,
    true,
  ],
];

const ACCEPTANCE_PATTERN = {
  source: ['aws.sagemaker'],
  'detail-type': ['SageMaker Model Package State Change'],
  detail: { ModelApprovalStatus: ['Approved'], ModelPackageGroupName: [{ prefix: 'fraud-' }] },
};

const ACCEPTANCE: Vector[] = [
  [
    'issue pattern: approved fraud- version',
    ACCEPTANCE_PATTERN,
    d({ ModelApprovalStatus: 'Approved' }),
    true,
  ],
  [
    'issue pattern: rejected fraud- version',
    ACCEPTANCE_PATTERN,
    d({ ModelApprovalStatus: 'Rejected' }),
    false,
  ],
  ['issue pattern: pending fraud- version', ACCEPTANCE_PATTERN, undefined, false],
  [
    'issue pattern: approved version of another group',
    ACCEPTANCE_PATTERN,
    d({ ModelApprovalStatus: 'Approved', ModelPackageGroupName: 'churn-model' }),
    false,
  ],
  [
    'issue pattern: approved, other source',
    ACCEPTANCE_PATTERN,
    { source: 'aws.s3', detail: { ModelApprovalStatus: 'Approved' } },
    false,
  ],
];

const TABLES: Record<string, Vector[]> = {
  'evaluation model (§1)': EVALUATION_MODEL,
  'array consistency (§1.7)': ARRAY_CONSISTENCY,
  'dotted keys (§1.8)': DOTTED_KEYS,
  'values and types (§2)': VALUES,
  'arrays in events (§3)': ARRAYS,
  'prefix and suffix': PREFIX_SUFFIX,
  'equals-ignore-case': EQUALS_IGNORE_CASE,
  'anything-but': ANYTHING_BUT,
  numeric: NUMERIC,
  exists: EXISTS,
  cidr: CIDR,
  wildcard: WILDCARD,
  $or: OR,
  'acceptance pattern': ACCEPTANCE,
};

for (const [table, vectors] of Object.entries(TABLES)) {
  describe(`event pattern matching: ${table}`, () => {
    for (const [name, pattern, patch, expected] of vectors) {
      it(`${expected ? 'matches' : 'does not match'}: ${name}`, () => {
        assert.equal(parseEventPattern(pattern).matches(vary(patch)), expected);
      });
    }
  });
}

describe('event pattern vectors', () => {
  it('hold at least 150 cases, true and false in balance', () => {
    const all = Object.values(TABLES).flat();
    const trues = all.filter((v) => v[3]).length;
    assert.ok(all.length >= 150, `${all.length} vectors`);
    assert.ok(Math.abs(trues - (all.length - trues)) <= all.length * 0.1, `${trues} true of ${all.length}`);
  });
});
