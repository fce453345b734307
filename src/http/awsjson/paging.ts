import { LIMITS } from '../../domain/limits.js';
import {
  type Cursor,
  type CursorShape,
  decodePageToken,
  encodePageToken,
  filterFingerprint,
} from '../../domain/paging.js';
import { millis, str } from './call.js';

/** Page arguments of a SageMaker list call; the token is bound to the other members of the request. */
export function pageArgs(
  input: Readonly<Record<string, unknown>>,
  shape: CursorShape,
  defaultSize: number = LIMITS.pageSizeDefault,
): { limit: number; after?: Cursor; fingerprint: string } {
  const { NextToken, MaxResults, ...filters } = input;
  const fingerprint = filterFingerprint(filters);
  const limit = typeof MaxResults === 'number' ? MaxResults : defaultSize;
  if (typeof NextToken === 'string' && NextToken !== '') {
    return { limit, after: decodePageToken(NextToken, fingerprint, shape), fingerprint };
  }
  return { limit, fingerprint };
}

export function nextToken(next: Cursor | undefined, fingerprint: string): { NextToken?: string } {
  return next ? { NextToken: encodePageToken(next, fingerprint) } : {};
}

/** The cursor of a list sorted by name (name, id) or by creation time (epoch ms, id). */
export function sortShape(sortBy: 'Name' | 'CreationTime'): CursorShape {
  return sortBy === 'Name' ? ['string', 'number'] : ['number', 'number'];
}

export interface CommonListArgs {
  readonly nameContains?: string;
  readonly createdAfter?: number;
  readonly createdBefore?: number;
  readonly sortBy: 'Name' | 'CreationTime';
  readonly sortOrder: 'Ascending' | 'Descending';
  readonly limit: number;
  readonly after?: Cursor;
}

/** The members ListModelPackageGroups and ListModelPackages share, with the page token checked. */
export function commonListArgs(
  input: Readonly<Record<string, unknown>>,
  shape?: CursorShape,
): {
  args: CommonListArgs;
  fingerprint: string;
} {
  const sortBy = (str(input, 'SortBy') ?? 'CreationTime') as 'Name' | 'CreationTime';
  const page = pageArgs(input, shape ?? sortShape(sortBy));
  const nameContains = str(input, 'NameContains');
  const createdAfter = millis(input, 'CreationTimeAfter');
  const createdBefore = millis(input, 'CreationTimeBefore');
  return {
    args: {
      ...(nameContains !== undefined && { nameContains }),
      ...(createdAfter !== undefined && { createdAfter }),
      ...(createdBefore !== undefined && { createdBefore }),
      sortBy,
      sortOrder: (str(input, 'SortOrder') ?? 'Ascending') as 'Ascending' | 'Descending',
      limit: page.limit,
      ...(page.after && { after: page.after }),
    },
    fingerprint: page.fingerprint,
  };
}
