import { LIMITS } from '../../../domain/limits.js';
import { decodePageToken, encodePageToken, filterFingerprint } from '../../../domain/paging.js';
import type { AwsOperation } from '../call.js';
import { num, str } from '../call.js';
import { domainTags, wireTags } from '../wire.js';

export const addTags: AwsOperation = async ({ actor, registry, input }) => ({
  Tags: wireTags(await registry.tags.add(actor, str(input, 'ResourceArn')!, domainTags(input.Tags))),
});

export const listTags: AwsOperation = async ({ actor, registry, input }) => {
  const arn = str(input, 'ResourceArn')!;
  const fingerprint = filterFingerprint({ ResourceArn: arn });
  const token = str(input, 'NextToken');
  const after = token ? String(decodePageToken(token, fingerprint, ['string'])[0]) : undefined;
  const result = await registry.tags.list(
    actor,
    arn,
    num(input, 'MaxResults') ?? LIMITS.listTagsPageSizeMin,
    after,
  );
  return {
    Tags: wireTags(result.items),
    ...(result.next && { NextToken: encodePageToken(result.next, fingerprint) }),
  };
};

export const deleteTags: AwsOperation = async ({ actor, registry, input }) => {
  await registry.tags.delete(actor, str(input, 'ResourceArn')!, input.TagKeys as string[]);
  return {};
};
