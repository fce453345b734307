import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, isDomainError } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/model.js';
import type { StoredArtifact } from '../../services/artifacts.js';
import type { Registry } from '../../services/registry.js';
import { declaredLength, uploadOffset } from './artifact-headers.js';
import { RAW_BODY, StoredArtifactSchema, UploadParams, UploadSessionSchema } from './artifact-schemas.js';
import { ErrorSchema } from './schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `required`: the route reads its body as a stream, never buffered (artifact bytes, up to the artifact
     * size limit), so SigV4 must sign it as UNSIGNED-PAYLOAD; `declared`: the same, or a signed hex
     * x-amz-content-sha256 that the route checks the body against as it stores it; `allowed`: the route
     * reads no body and accepts either signature (artifact downloads). See SigV4Request.unsignedPayload.
     */
    unsignedPayload?: 'required' | 'declared' | 'allowed';
  }
  interface FastifySchema {
    /** A raw request body, for the OpenAPI document (fastify does not validate it). */
    rawBody?: unknown;
  }
}

/** Whether SigV4 may or must sign the request's body as UNSIGNED-PAYLOAD (FastifyContextConfig). */
export function unsignedPayloadOf(req: FastifyRequest): 'required' | 'declared' | 'allowed' | undefined {
  return req.routeOptions.config.unsignedPayload;
}

/**
 * The digest the client declares for an upload: X-Modelry-Sha256, or the hex payload hash a SigV4 signer
 * put in X-Amz-Content-Sha256 (which the signature was checked with, unhashed: the upload checks it).
 */
function declaredDigest(req: FastifyRequest): string | undefined {
  const modelry = req.headers['x-modelry-sha256'];
  const amz = req.headers['x-amz-content-sha256'];
  const signed = typeof amz === 'string' && /^[0-9a-fA-F]{64}$/.test(amz) ? amz : undefined;
  const own = typeof modelry === 'string' ? modelry : undefined;
  if (own !== undefined && signed !== undefined && own.toLowerCase() !== signed.toLowerCase()) {
    throw new DomainError(
      'ValidationFailed',
      'X-Modelry-Sha256 and X-Amz-Content-Sha256 declare different digests; send one, or the same in both.',
      { field: 'X-Modelry-Sha256' },
    );
  }
  return own ?? signed;
}

/** The request bodies handed over unread by the pass-through parser below. */
const bodies = new WeakMap<FastifyRequest, Readable>();

function bodyOf(req: FastifyRequest): Readable {
  return bodies.get(req) ?? req.raw;
}

/**
 * A body the client cut off (it closed the connection mid-upload) is its doing, not a server fault: it is
 * answered (to nobody) and audited as a malformed request rather than logged as an internal error.
 */
function cutOff(err: unknown): unknown {
  if (isDomainError(err) || (err as NodeJS.ErrnoException).code !== 'ECONNRESET') return err;
  return new DomainError(
    'MalformedRequest',
    'The connection closed before the whole body arrived; nothing was stored.',
  );
}

/** 201 with the blob for a new artifact, 200 when those bytes were already stored. */
export function sendStored(req: FastifyRequest, reply: FastifyReply, stored: StoredArtifact): FastifyReply {
  noteAudit(req, stored);
  return reply
    .status(stored.existed ? 200 : 201)
    .header('location', `/api/v1/artifacts/${stored.sha256}`)
    .send({ uri: stored.uri, sha256: stored.sha256, size: stored.size, existed: stored.existed });
}

/** The audit record of an upload names the blob it stored (the request was authorized on all artifacts). */
function noteAudit(req: FastifyRequest, stored: StoredArtifact): void {
  if (!req.audit) return;
  const resource = req.audit.call.resource.replace(
    /modelry-artifact\/\*$/,
    `modelry-artifact/${stored.sha256}`,
  );
  // The request's own parameters (an upload has no JSON body) and the blob it stored.
  const artifact = { sha256: stored.sha256, size: stored.size, existed: stored.existed };
  const parameters: JsonObject = { ...req.audit.call.parameters, artifact };
  req.audit = { ...req.audit, call: { ...req.audit.call, resource, parameters } };
}

/**
 * The two routes whose body is artifact bytes: a whole upload and one chunk of a resumable one. They
 * live in a plugin of their own so that their content-type parser (any type, passed through unread)
 * applies to them alone: the rest of the native API keeps its JSON parser and its 1 MiB body limit.
 */
export async function artifactUploadRoutes(
  app: FastifyInstance,
  options: { readonly registry: Registry },
): Promise<void> {
  const { artifacts } = options.registry;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req, payload, done) => {
    bodies.set(req, payload);
    // The body stays undefined for the hooks (audit records `{}`, never the stream).
    done(null, undefined);
  });
  // An answer sent before the body was read (a refusal, a limit) closes the connection: the rest of a
  // multi-gigabyte body is not worth reading only to keep the socket alive.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.raw.complete) reply.header('connection', 'close');
    return payload;
  });

  app.post(
    '/artifacts',
    {
      config: { unsignedPayload: 'declared' },
      schema: {
        summary: 'Upload an artifact',
        description:
          'Streams the body (any Content-Type, unless MODELRY_ARTIFACT_CONTENT_TYPES narrows it) into the content-addressed store. Optional header X-Modelry-Sha256 declares the digest, as does a hex X-Amz-Content-Sha256 (the payload hash a SigV4 signer signed): a mismatch stores nothing; both headers must then agree. 201 for a new blob, 200 when it was already stored; Location names it.',
        tags: ['artifacts'],
        rawBody: RAW_BODY,
        responses: {
          200: StoredArtifactSchema,
          201: StoredArtifactSchema,
          400: ErrorSchema,
          413: ErrorSchema,
          415: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const declared = declaredDigest(req);
      const length = declaredLength(req);
      const stored = await artifacts
        .upload(bodyOf(req), {
          ...(req.headers['content-type'] !== undefined && { contentType: req.headers['content-type'] }),
          ...(declared !== undefined && { sha256: declared }),
          ...(length !== undefined && { declaredLength: length }),
        })
        .catch((err: unknown) => {
          throw cutOff(err);
        });
      return sendStored(req, reply, stored);
    },
  );

  app.patch<{ Params: { id: string } }>(
    '/artifacts/uploads/:id',
    {
      config: { unsignedPayload: 'required' },
      schema: {
        summary: 'Append a chunk to a resumable upload',
        description:
          'Header Upload-Offset must equal the bytes received so far; the body is the next chunk, of any Content-Type (MODELRY_ARTIFACT_CONTENT_TYPES applies to single-request uploads only). A wrong offset answers 409 UploadOffsetMismatch with details.offset (and the Upload-Offset header) saying where to resume.',
        tags: ['artifacts'],
        params: UploadParams,
        rawBody: RAW_BODY,
        responses: {
          200: UploadSessionSchema,
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          413: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const offset = uploadOffset(req);
      try {
        const session = await artifacts.appendUpload(req.params.id, offset, bodyOf(req));
        reply.header('upload-offset', String(session.offset));
        return { uploadId: session.id, offset: session.offset };
      } catch (err) {
        // Where the session stands, for the client to resume from (as the error's details.offset).
        if (
          isDomainError(err) &&
          err.code === 'UploadOffsetMismatch' &&
          typeof err.details.offset === 'number'
        ) {
          reply.header('upload-offset', String(err.details.offset));
        }
        throw cutOff(err);
      }
    },
  );
}
