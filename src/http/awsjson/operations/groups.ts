import type { JsonObject } from '../../../domain/model.js';
import type { AwsOperation } from '../call.js';
import { str } from '../call.js';
import { commonListArgs, nextToken } from '../paging.js';
import { domainTags, groupDescription, groupSummary } from '../wire.js';

export const createModelPackageGroup: AwsOperation = async ({ actor, registry, input }) => {
  const description = str(input, 'ModelPackageGroupDescription');
  const group = await registry.groups.create(actor, {
    name: str(input, 'ModelPackageGroupName')!,
    ...(description !== undefined && { description }),
    tags: domainTags(input.Tags),
    ...(input.ManagedConfiguration !== undefined && {
      managedConfiguration: input.ManagedConfiguration as JsonObject,
    }),
  });
  return { ModelPackageGroupArn: group.arn };
};

export const describeModelPackageGroup: AwsOperation = async ({ actor, registry, input }) =>
  groupDescription(await registry.groups.describe(actor, str(input, 'ModelPackageGroupName')!));

export const listModelPackageGroups: AwsOperation = async ({ actor, registry, input }) => {
  const { args, fingerprint } = commonListArgs(input);
  // CrossAccount lists groups shared through resource policies; none are shared until governance lands.
  if (str(input, 'CrossAccountFilterOption') === 'CrossAccount') return { ModelPackageGroupSummaryList: [] };
  const result = await registry.groups.list(actor, args);
  return {
    ModelPackageGroupSummaryList: result.items.map(groupSummary),
    ...nextToken(result.next, fingerprint),
  };
};

export const deleteModelPackageGroup: AwsOperation = async ({ actor, registry, input }) => {
  await registry.groups.delete(actor, str(input, 'ModelPackageGroupName')!);
  return undefined;
};

export const putModelPackageGroupPolicy: AwsOperation = async ({ actor, registry, input }) => {
  const group = await registry.policies.put(
    actor,
    str(input, 'ModelPackageGroupName')!,
    str(input, 'ResourcePolicy')!,
  );
  return { ModelPackageGroupArn: group.arn };
};

export const getModelPackageGroupPolicy: AwsOperation = async ({ actor, registry, input }) => ({
  ResourcePolicy: await registry.policies.get(actor, str(input, 'ModelPackageGroupName')!),
});

export const deleteModelPackageGroupPolicy: AwsOperation = async ({ actor, registry, input }) => {
  await registry.policies.delete(actor, str(input, 'ModelPackageGroupName')!);
  return undefined;
};
