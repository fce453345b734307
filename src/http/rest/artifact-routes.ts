import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { isDomainError } from '../../domain/errors.js';
import type { BlobInfo, UploadSession } from '../../ports/artifact-store.js';
import type { Registry } from '../../services/registry.js';
import { describeBlob, notModified, requestedRange } from './artifact-headers.js';
import {
  ARTIFACT_PAGE_DEFAULT,
  ArtifactItemSchema,
  ArtifactListQuery,
  BINARY,
  CompleteUploadBody,
  EmptyBody,
  GcBody,
  GcResultSchema,
  ShaParams,
  StoredArtifactSchema,
  UploadParams,
  UploadSessionSchema,
  VerifyResultSchema,
} from './artifact-schemas.js';
import { artifactUploadRoutes, sendStored } from './artifact-upload-routes.js';
import { pageCursor, pageResult } from './context.js';
import { iso } from './representation.js';
import { ErrorSchema, pageOf } from './schemas.js';

function sessionJson(s: UploadSession): Record<string, unknown> {
  return { uploadId: s.id, offset: s.offset, createdAt: iso(s.createdAt.getTime()) };
}

/** The native artifact routes: download, resumable uploads, list, verify and garbage collection. */
export function artifactRoutes(app: FastifyInstance, registry: Registry): void {
  const { artifacts } = registry;
  app.register(artifactUploadRoutes, { registry });

  app.head<{ Params: { sha256: string } }>(
    '/artifacts/:sha256',
    { config: { unsignedPayload: 'allowed' }, schema: { params: ShaParams } },
    async (req, reply) => {
      const info = await artifacts.head(req.params.sha256);
      describeBlob(reply, info, artifacts.uri(info.sha256));
      if (notModified(req, info)) return reply.status(304).send();
      return reply.header('content-length', String(info.size)).send();
    },
  );

  app.get<{ Params: { sha256: string } }>(
    '/artifacts/:sha256',
    {
      exposeHeadRoute: false,
      config: { unsignedPayload: 'allowed' },
      schema: {
        summary: 'Download an artifact',
        description:
          'The bytes, verified on the way out: a whole download fails (aborted body) rather than deliver bytes that do not hash to the digest. Honours Range (one range: bytes=a-b, a-, -n; 206; another unit, an unparseable Range or several ranges get the whole blob, 200), If-Range and If-None-Match (304). A range is served only once the whole blob hashes right (on the fs store, one hash of the blob per range). Headers: ETag "<sha256>", X-Modelry-Sha256, Repr-Digest, Accept-Ranges, Content-Length. HEAD answers the same headers without the bytes.',
        tags: ['artifacts'],
        params: ShaParams,
        responses: { 200: BINARY, 206: BINARY, 404: ErrorSchema, 416: ErrorSchema, 500: ErrorSchema },
      },
    },
    async (req, reply) => {
      const info = await artifacts.head(req.params.sha256);
      if (notModified(req, info)) {
        describeBlob(reply, info, artifacts.uri(info.sha256));
        return reply.status(304).send();
      }
      let range: ReturnType<typeof requestedRange>;
      try {
        range = requestedRange(req, info);
      } catch (err) {
        reply.header('content-range', `bytes */${info.size}`);
        throw err;
      }
      const body = await artifacts.read(info, range);
      body.on('error', (err) => {
        if (isDomainError(err)) req.log.error({ code: err.code, ...err.details }, err.message);
      });
      // Headers wait for the first bytes: a blob that fails before any (a small corrupt one, whose only
      // chunk is held back) gets a clean error answer instead of a 200 cut short.
      await once(body, 'readable');
      describeBlob(reply, info, artifacts.uri(info.sha256));
      if (!range) return reply.header('content-length', String(info.size)).send(body);
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${info.size}`)
        .header('content-length', String(range.end - range.start + 1))
        .send(body);
    },
  );

  app.get<{ Querystring: { limit?: string; pageToken?: string } }>(
    '/artifacts',
    {
      schema: {
        summary: 'List stored artifacts',
        description: 'Every stored blob, in digest order, page by page.',
        tags: ['artifacts'],
        querystring: ArtifactListQuery,
        responses: { 200: pageOf(ArtifactItemSchema), 400: ErrorSchema },
      },
    },
    async (req) => {
      const page = pageCursor(req.query.pageToken, {}, ['string']);
      const after = page.after?.[0] as string | undefined;
      const limit = req.query.limit === undefined ? ARTIFACT_PAGE_DEFAULT : Number(req.query.limit);
      const result = await artifacts.list(limit, after);
      const items = result.items.map((b: BlobInfo) => ({
        sha256: b.sha256,
        size: b.size,
        modifiedAt: iso(b.modifiedAt.getTime()),
        uri: artifacts.uri(b.sha256),
      }));
      return pageResult(items, result.next === undefined ? undefined : [result.next], page.fingerprint);
    },
  );

  app.post(
    '/artifacts/uploads',
    {
      schema: {
        summary: 'Start a resumable upload',
        description:
          'Opens a session; send the bytes in order with PATCH (Upload-Offset), then complete it. Sessions left untouched longer than the gc grace period are collected.',
        tags: ['artifacts'],
        body: EmptyBody,
        responses: { 201: UploadSessionSchema },
      },
    },
    async (_req, reply) => reply.status(201).send(sessionJson(await artifacts.createUpload())),
  );

  app.get<{ Params: { id: string } }>(
    '/artifacts/uploads/:id',
    {
      schema: {
        summary: 'Read where a resumable upload stands',
        tags: ['artifacts'],
        params: UploadParams,
        responses: { 200: UploadSessionSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const session = await artifacts.uploadStatus(req.params.id);
      return reply.header('upload-offset', String(session.offset)).send(sessionJson(session));
    },
  );

  app.post<{ Params: { id: string }; Body: { sha256?: string } }>(
    '/artifacts/uploads/:id/complete',
    {
      schema: {
        summary: 'Complete a resumable upload',
        description:
          'Hashes the bytes received and stores them as a blob; with sha256, a mismatch stores nothing (and keeps the session). Answers as POST /artifacts.',
        tags: ['artifacts'],
        params: UploadParams,
        body: CompleteUploadBody,
        responses: {
          200: StoredArtifactSchema,
          201: StoredArtifactSchema,
          400: ErrorSchema,
          404: ErrorSchema,
          413: ErrorSchema,
        },
      },
    },
    async (req, reply) =>
      sendStored(req, reply, await artifacts.completeUpload(req.params.id, req.body.sha256)),
  );

  app.delete<{ Params: { id: string } }>(
    '/artifacts/uploads/:id',
    {
      schema: {
        summary: 'Abort a resumable upload',
        tags: ['artifacts'],
        params: UploadParams,
        responses: { 204: { type: 'null' }, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      await artifacts.abortUpload(req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/artifacts/verify',
    {
      schema: {
        summary: 'Verify every stored artifact',
        description: 'Re-reads every blob and lists those whose bytes no longer hash to their digest.',
        tags: ['artifacts'],
        body: EmptyBody,
        responses: { 200: VerifyResultSchema },
      },
    },
    async () => artifacts.verify(),
  );

  app.post<{ Body: { dryRun?: boolean; graceSeconds?: number } }>(
    '/artifacts/gc',
    {
      schema: {
        summary: 'Collect unreferenced artifacts',
        description:
          'Deletes the blobs no version or package references, once older than the grace period, and abandoned upload sessions.',
        tags: ['artifacts'],
        body: GcBody,
        responses: { 200: GcResultSchema, 400: ErrorSchema },
      },
    },
    async (req) => artifacts.gc(req.body),
  );
}
