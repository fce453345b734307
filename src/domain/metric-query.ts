import { DomainError } from './errors.js';
import { LIMITS } from './limits.js';

/** Native list filters on numeric metrics, e.g. `auc >= 0.9`, and sorts such as `-metrics.auc`. */
export type MetricOperator = '>=' | '>' | '<=' | '<' | '=' | '!=';

export interface MetricCondition {
  readonly metric: string;
  readonly op: MetricOperator;
  readonly value: number;
}

export type VersionSortField = 'version' | 'createdAt' | { readonly metric: string };

export interface VersionSort {
  readonly field: VersionSortField;
  readonly descending: boolean;
}

export const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

const CONDITION =
  /^\s*(?:metrics\.)?([A-Za-z_][A-Za-z0-9_.:-]*)\s*(>=|<=|!=|==|=|>|<)\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

export function isMetricName(name: string): boolean {
  return name.length <= LIMITS.metricNameMax && METRIC_NAME.test(name);
}

/** Parses one or more conditions joined by `and` or `,`: `auc >= 0.9 and loss < 0.2`. */
export function parseMetricFilter(text: string): MetricCondition[] {
  const parts = text
    .split(/\s+and\s+|,/i)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw invalidFilter(text, 'it is empty');
  if (parts.length > 10) throw invalidFilter(text, 'it has more than 10 conditions');
  return parts.map((part) => {
    const m = CONDITION.exec(part);
    if (!m) throw invalidFilter(part, 'expected `<metric> <op> <number>` with op one of >= > <= < = !=');
    const metric = m[1]!;
    if (!isMetricName(metric)) throw invalidFilter(part, `"${metric}" is not a valid metric name`);
    const op = (m[2] === '==' ? '=' : m[2]) as MetricOperator;
    return { metric, op, value: Number(m[3]) };
  });
}

/** `version`, `-version`, `createdAt`, `-createdAt`, `metrics.auc`, `-metrics.auc`. Default: newest first. */
export function parseVersionSort(text: string | undefined): VersionSort {
  if (text === undefined || text === '') return { field: 'version', descending: true };
  const descending = text.startsWith('-');
  const name = descending || text.startsWith('+') ? text.slice(1) : text;
  if (name === 'version' || name === 'createdAt') return { field: name, descending };
  if (name.startsWith('metrics.')) {
    const metric = name.slice('metrics.'.length);
    if (isMetricName(metric)) return { field: { metric }, descending };
  }
  throw new DomainError(
    'InvalidFilter',
    `Invalid sort "${text}": use version, createdAt or metrics.<name>, with a leading - for descending order.`,
    { sort: text },
  );
}

function invalidFilter(text: string, why: string): DomainError {
  return new DomainError('InvalidFilter', `Invalid metric filter "${text}": ${why}.`, { filter: text });
}
