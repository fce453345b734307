import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { parseMetricFilter, parseVersionSort } from '../../domain/metric-query.js';
import type { ApprovalStatus, JsonValue, Lifecycle, PackageSpec } from '../../domain/model.js';
import { versionRefOf } from '../../domain/names.js';
import type { Registry } from '../../services/registry.js';
import { SPEC_MEMBERS } from '../awsjson/operations/packages.js';
import { validateInput } from '../awsjson/validation/validate.js';
import { nativeActor, pageCursor, pageResult } from './context.js';
import { actorArn, approvalJson, versionJson } from './representation.js';
import {
  ApprovalBody,
  ApprovalChangeSchema,
  ErrorSchema,
  PAGE_QUERY,
  pageLimit,
  pageOf,
  RegisterVersionBody,
  UpdateVersionBody,
  VERSION_NUMBER,
  VersionSchema,
} from './schemas.js';

const GroupParams = { type: 'object', required: ['group'], properties: { group: { type: 'string' } } };
const VersionParams = {
  type: 'object',
  required: ['group', 'version'],
  properties: { group: { type: 'string' }, version: VERSION_NUMBER },
};

interface RegisterBody {
  description?: string;
  image?: string;
  artifactUri?: string;
  contentTypes?: string[];
  responseTypes?: string[];
  inferenceSpecification?: Record<string, JsonValue>;
  metrics?: Record<string, number>;
  metadata?: Record<string, string>;
  approvalStatus?: ApprovalStatus;
  approvalComment?: string;
  lifecycle?: Lifecycle;
  sagemaker?: Record<string, JsonValue>;
  clientToken?: string;
}

/** Builds the SageMaker spec of a native registration and checks it with the SageMaker face's rules. */
function specOf(group: string, body: RegisterBody): PackageSpec {
  const extra = body.sagemaker ?? {};
  const unknown = Object.keys(extra).filter((k) => !(SPEC_MEMBERS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new DomainError(
      'ValidationFailed',
      `Unknown SageMaker member(s) in "sagemaker": ${unknown.join(', ')}. Allowed: ${SPEC_MEMBERS.join(', ')}.`,
      { field: 'sagemaker', unknown },
    );
  }
  const spec: Record<string, JsonValue> = { ...extra };
  if (body.inferenceSpecification) {
    spec.InferenceSpecification = body.inferenceSpecification;
  } else if (body.image !== undefined || body.artifactUri !== undefined) {
    const container: Record<string, JsonValue> = {};
    if (body.image !== undefined) container.Image = body.image;
    if (body.artifactUri !== undefined) container.ModelDataUrl = body.artifactUri;
    spec.InferenceSpecification = {
      Containers: [container],
      ...(body.contentTypes && { SupportedContentTypes: body.contentTypes }),
      ...(body.responseTypes && { SupportedResponseMIMETypes: body.responseTypes }),
    };
  }
  const outcome = validateInput('CreateModelPackage', { ModelPackageGroupName: group, ...spec });
  if (!outcome.ok) {
    throw new DomainError(
      outcome.type === 'ValidationException' ? 'ValidationFailed' : 'MalformedRequest',
      outcome.message,
      {
        field: 'sagemaker',
      },
    );
  }
  return spec;
}

export function versionRoutes(app: FastifyInstance, registry: Registry, account: string): void {
  app.post<{ Params: { group: string }; Body: RegisterBody }>(
    '/groups/:group/versions',
    {
      schema: {
        summary: 'Register a new version in a group',
        description:
          'The registry assigns the next version number. Retrying with the same clientToken returns the same version.',
        tags: ['versions'],
        params: GroupParams,
        body: RegisterVersionBody,
        responses: { 201: VersionSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const pkg = await registry.versions.register(nativeActor(req, account), {
        group: req.params.group,
        ...(b.description !== undefined && { description: b.description }),
        ...(b.approvalStatus && { approvalStatus: b.approvalStatus }),
        ...(b.approvalComment !== undefined && { approvalDescription: b.approvalComment }),
        ...(b.lifecycle && { lifecycle: b.lifecycle }),
        ...(b.metadata && Object.keys(b.metadata).length > 0 && { customerMetadata: b.metadata }),
        ...(b.metrics && { metrics: b.metrics }),
        spec: specOf(req.params.group, b),
        ...(b.clientToken !== undefined && { clientToken: b.clientToken }),
      });
      return reply.status(201).send(versionJson(pkg));
    },
  );

  app.get<{
    Params: { group: string };
    Querystring: {
      status?: ApprovalStatus;
      stage?: string;
      filter?: string;
      sort?: string;
      limit?: string;
      pageToken?: string;
    };
  }>(
    '/groups/:group/versions',
    {
      schema: {
        summary: 'List the versions of a group, filtered and sorted by metrics',
        description:
          'filter: metric conditions such as `auc >= 0.9 and loss < 0.2`; sort: version, createdAt or metrics.<name>, with a leading - for descending (default -version). A metric sort lists only versions that have that metric.',
        tags: ['versions'],
        params: GroupParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['PendingManualApproval', 'Approved', 'Rejected'] },
            stage: { type: 'string', maxLength: 63 },
            filter: { type: 'string', maxLength: 1024 },
            sort: { type: 'string', maxLength: 80 },
            ...PAGE_QUERY,
          },
        },
        responses: { 200: pageOf(VersionSchema), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const q = req.query;
      const sort = parseVersionSort(q.sort);
      const conditions = q.filter ? parseMetricFilter(q.filter) : [];
      // Version and createdAt pages follow the version number; metric pages (metric value, version).
      const shape = typeof sort.field === 'object' ? (['number', 'number'] as const) : (['number'] as const);
      const page = pageCursor(
        q.pageToken,
        { group: req.params.group, status: q.status, stage: q.stage, filter: q.filter, sort: q.sort },
        shape,
      );
      const result = await registry.queries.listVersions(nativeActor(req, account), {
        group: req.params.group,
        ...(q.status && { approvalStatus: q.status }),
        ...(q.stage && { stage: q.stage }),
        conditions,
        sort,
        limit: pageLimit(q.limit),
        ...(page.after && { after: page.after }),
      });
      return pageResult(result.items.map(versionJson), result.next, page.fingerprint);
    },
  );

  app.get<{ Params: { group: string }; Querystring: { status?: ApprovalStatus } }>(
    '/groups/:group/versions/latest',
    {
      schema: {
        summary: 'The latest version of a group, e.g. the latest approved one (?status=Approved)',
        tags: ['versions'],
        params: GroupParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['PendingManualApproval', 'Approved', 'Rejected'] } },
        },
        responses: { 200: VersionSchema, 404: ErrorSchema },
      },
    },
    async (req) =>
      versionJson(
        await registry.queries.latest(nativeActor(req, account), req.params.group, req.query.status),
      ),
  );

  app.get<{ Params: { group: string; version: string } }>(
    '/groups/:group/versions/:version',
    {
      schema: {
        summary: 'Describe a version',
        tags: ['versions'],
        params: VersionParams,
        responses: { 200: VersionSchema, 404: ErrorSchema },
      },
    },
    async (req) =>
      versionJson(
        await registry.versions.describe(
          nativeActor(req, account),
          versionRefOf(req.params.group, req.params.version),
        ),
      ),
  );

  app.patch<{
    Params: { group: string; version: string };
    Body: {
      description?: string;
      metadata?: Record<string, string>;
      removeMetadata?: string[];
      metrics?: Record<string, number | null>;
      lifecycle?: Lifecycle;
    };
  }>(
    '/groups/:group/versions/:version',
    {
      schema: {
        summary: 'Update the mutable members of a version',
        description:
          'Members left out keep their values. metadata and metrics merge; a metric set to null is removed.',
        tags: ['versions'],
        params: VersionParams,
        body: UpdateVersionBody,
        responses: { 200: VersionSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const b = req.body;
      const pkg = await registry.updates.update(nativeActor(req, account), {
        ref: versionRefOf(req.params.group, req.params.version),
        ...(b.description !== undefined && { description: b.description }),
        ...(b.metadata && { customerMetadata: b.metadata }),
        ...(b.removeMetadata && { customerMetadataToRemove: b.removeMetadata }),
        ...(b.metrics && { metrics: b.metrics }),
        ...(b.lifecycle && { lifecycle: b.lifecycle }),
      });
      return versionJson(pkg);
    },
  );

  app.delete<{ Params: { group: string; version: string } }>(
    '/groups/:group/versions/:version',
    {
      schema: {
        summary: 'Delete a version (its number is never reused)',
        tags: ['versions'],
        params: VersionParams,
        responses: { 204: { type: 'null' }, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      await registry.versions.delete(
        nativeActor(req, account),
        versionRefOf(req.params.group, req.params.version),
      );
      return reply.status(204).send();
    },
  );

  app.post<{
    Params: { group: string; version: string };
    Body: { status: ApprovalStatus; comment?: string };
  }>(
    '/groups/:group/versions/:version/approval',
    {
      schema: {
        summary: 'Approve or reject a version, with a comment',
        tags: ['approvals'],
        params: VersionParams,
        body: ApprovalBody,
        responses: { 200: VersionSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req) => {
      const pkg = await registry.updates.update(nativeActor(req, account), {
        ref: versionRefOf(req.params.group, req.params.version),
        approvalStatus: req.body.status,
        ...(req.body.comment !== undefined && { approvalDescription: req.body.comment }),
      });
      return versionJson(pkg);
    },
  );

  app.get<{ Params: { group: string; version: string } }>(
    '/groups/:group/versions/:version/approvals',
    {
      schema: {
        summary: 'Who changed the approval status of a version, when and why',
        tags: ['approvals'],
        params: VersionParams,
        responses: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: ApprovalChangeSchema },
              collected: {
                type: 'object',
                description:
                  'Approvals counted toward the group rule of N distinct approvers (partial ones included).',
                properties: {
                  required: { type: 'integer' },
                  approvals: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        by: { type: 'string' },
                        byArn: { type: 'string' },
                        at: { type: 'string', format: 'date-time' },
                        comment: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
          404: ErrorSchema,
        },
      },
    },
    async (req) => {
      const actor = nativeActor(req, account);
      const ref = versionRefOf(req.params.group, req.params.version);
      const changes = await registry.queries.approvalHistory(actor, ref);
      const collected = await registry.approvalRules.approvals(actor, ref);
      return {
        items: changes.map(approvalJson),
        collected: {
          required: collected.required,
          approvals: collected.approvals.map((a) => ({
            by: a.principal,
            byArn: actorArn(a),
            at: new Date(a.at).toISOString(),
            ...(a.comment !== undefined && { comment: a.comment }),
          })),
        },
      };
    },
  );
}
