import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import { isMetricName } from '../domain/metric-query.js';
import type { Lifecycle } from '../domain/model.js';
import { ENTITY_NAME } from '../domain/names.js';

const METADATA_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function invalid(field: string, message: string): DomainError {
  return new DomainError('ValidationFailed', message, { field });
}

export function assertCustomerMetadata(map: Readonly<Record<string, string>>): void {
  const entries = Object.entries(map);
  if (entries.length > LIMITS.customerMetadataEntries) {
    throw invalid(
      'customerMetadata',
      `A version holds at most ${LIMITS.customerMetadataEntries} customer metadata properties; this change leaves ${entries.length}.`,
    );
  }
  for (const [key, value] of entries) {
    const k = [...key].length;
    if (k < 1 || k > LIMITS.customerMetadataKeyMax || !METADATA_TEXT.test(key)) {
      throw invalid('customerMetadata', `Invalid customer metadata key "${key}".`);
    }
    const v = typeof value === 'string' ? [...value].length : -1;
    if (v < 1 || v > LIMITS.customerMetadataValueMax || !METADATA_TEXT.test(value)) {
      throw invalid('customerMetadata', `Invalid value for customer metadata key "${key}".`);
    }
  }
}

export function assertMetrics(metrics: Readonly<Record<string, number>>): void {
  const entries = Object.entries(metrics);
  if (entries.length > LIMITS.metricsPerVersion) {
    throw invalid('metrics', `A version holds at most ${LIMITS.metricsPerVersion} metrics.`);
  }
  for (const [name, value] of entries) {
    if (!isMetricName(name)) {
      throw invalid(
        'metrics',
        `Invalid metric name "${name}": a letter or _ then letters, digits, _ . : - (max 64).`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalid('metrics', `Metric "${name}" must be a finite number.`);
    }
  }
}

export function assertLifecycle(lc: Lifecycle): void {
  for (const [field, value] of [
    ['stage', lc.stage],
    ['stageStatus', lc.stageStatus],
  ] as const) {
    if (typeof value !== 'string' || value.length > 63 || !ENTITY_NAME.test(value)) {
      throw invalid(
        `lifecycle.${field}`,
        `Invalid lifecycle ${field} "${value}": 1-63 letters, digits and inner hyphens.`,
      );
    }
  }
  if (lc.stageDescription !== undefined && [...lc.stageDescription].length > LIMITS.descriptionMax) {
    throw invalid(
      'lifecycle.stageDescription',
      `Lifecycle stage description is longer than ${LIMITS.descriptionMax} characters.`,
    );
  }
}

export function assertApprovalDescription(text: string | undefined): void {
  if (text !== undefined && [...text].length > LIMITS.approvalDescriptionMax) {
    throw invalid(
      'approvalDescription',
      `Approval description is longer than ${LIMITS.approvalDescriptionMax} characters.`,
    );
  }
}
