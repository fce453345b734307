import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Tag } from '../domain/model.js';

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The tag rules of every face: key 1–128, value 0–256, AWS's character set, at most 50 per call. */
export function assertTags(tags: readonly Tag[]): void {
  if (tags.length > LIMITS.tagsPerResource) {
    throw new DomainError(
      'TagLimitExceeded',
      `At most ${LIMITS.tagsPerResource} tags are allowed per resource.`,
      {
        limit: LIMITS.tagsPerResource,
      },
    );
  }
  for (const t of tags) {
    const keyLength = [...t.key].length;
    if (keyLength < 1 || keyLength > LIMITS.tagKeyMax || !TAG_TEXT.test(t.key)) {
      throw new DomainError('ValidationFailed', `Invalid tag key "${t.key}".`, { field: 'tags' });
    }
    if (t.key.toLowerCase().startsWith('aws:')) {
      throw new DomainError(
        'ValidationFailed',
        `Tag keys starting with "aws:" are reserved for system use: "${t.key}".`,
        {
          field: 'tags',
        },
      );
    }
    if ([...t.value].length > LIMITS.tagValueMax || !TAG_TEXT.test(t.value)) {
      throw new DomainError('ValidationFailed', `Invalid value for tag "${t.key}".`, { field: 'tags' });
    }
  }
}
