import type { Actor } from '../../domain/model.js';
import type { Registry } from '../../services/registry.js';

/** One SageMaker operation call after parsing and validation. */
export interface AwsCall {
  readonly actor: Actor;
  readonly registry: Registry;
  readonly input: Readonly<Record<string, unknown>>;
}

export type AwsOperation = (call: AwsCall) => Promise<Record<string, unknown> | undefined>;

export function str(input: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = input[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(input: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const v = input[key];
  return typeof v === 'number' ? v : undefined;
}

/** Epoch seconds on the wire (integer or fractional) → milliseconds. */
export function millis(input: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const v = num(input, key);
  return v === undefined ? undefined : Math.round(v * 1000);
}
