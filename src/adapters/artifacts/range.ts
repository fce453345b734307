import { DomainError } from '../../domain/errors.js';
import type { ByteRange } from '../../ports/artifact-store.js';

/** Whether `range` is a range at all (start ≤ end, both whole and non-negative), whatever the size. */
export function isWellFormed({ start, end }: ByteRange): boolean {
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end;
}

/** Throws InvalidRange unless `range` lies within a blob of `size` bytes. */
export function checkRange(range: ByteRange | undefined, size: number): void {
  if (range === undefined) return;
  const { start, end } = range;
  if (!isWellFormed(range) || end >= size) {
    throw new DomainError(
      'InvalidRange',
      `Bytes ${start}-${end} do not lie within the artifact of ${size} bytes.`,
      { size },
    );
  }
}
