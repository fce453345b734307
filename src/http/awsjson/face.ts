import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { Actor } from '../../domain/model.js';
import type { Registry } from '../../services/registry.js';
import { AWS_CONTENT_TYPE, AWS_ERRORS } from './errors.js';
import { OPERATIONS } from './operations/index.js';
import { validateInput } from './validation/validate.js';

const TARGET_PREFIX = 'SageMaker.';
const EMPTY = Buffer.alloc(0);
const CREDENTIAL = /Credential=([^/,\s]+)\//;

export interface AwsFaceOptions {
  readonly registry: Registry;
  readonly account: string;
}

/** The access key id in the SigV4 Authorization header names the caller (verification comes with governance). */
export function actorFromAuthorization(header: string | undefined, account: string): Actor {
  const match = header ? CREDENTIAL.exec(header) : null;
  return { principal: match?.[1] ?? 'anonymous', account, source: 'sagemaker' };
}

export function sendAwsError(reply: FastifyReply, err: DomainError): FastifyReply {
  const mapped = AWS_ERRORS[err.code];
  return reply
    .status(mapped.status)
    .header('content-type', AWS_CONTENT_TYPE)
    .header('x-amzn-errortype', mapped.type)
    .send(Buffer.from(JSON.stringify({ __type: mapped.type, Message: err.message })));
}

function parseBody(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  // Sent as Content-Type: application/json, the body was already parsed by the server's JSON parser.
  if (typeof raw === 'object' && !Buffer.isBuffer(raw)) {
    if (Array.isArray(raw)) {
      throw new DomainError('MalformedRequest', 'The request body must be a JSON object.');
    }
    return raw as Record<string, unknown>;
  }
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new DomainError(
      'MalformedRequest',
      `The request body is not valid JSON: ${(err as Error).message}`,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('MalformedRequest', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** `POST /` with `X-Amz-Target: SageMaker.<Operation>`: AWS JSON 1.1. */
export function awsJsonHandler(options: AwsFaceOptions) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('x-amzn-requestid', req.id);
    const target = req.headers['x-amz-target'];
    if (typeof target !== 'string' || target === '') {
      throw new DomainError(
        'UnknownOperation',
        'Missing X-Amz-Target header: SageMaker requests name their operation as SageMaker.<Operation>.',
      );
    }
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    const operation = name === undefined ? undefined : OPERATIONS[name];
    if (!operation) {
      throw new DomainError('UnknownOperation', `Operation ${target} is not supported by this server.`, {
        target,
      });
    }
    const input = parseBody(req.body);
    const outcome = validateInput(name!, input);
    if (!outcome.ok) {
      throw new DomainError(
        outcome.type === 'ValidationException' ? 'ValidationFailed' : 'MalformedRequest',
        outcome.message,
      );
    }
    const actor = actorFromAuthorization(req.headers.authorization, options.account);
    const result = await operation({ actor, registry: options.registry, input });
    reply.status(200).header('content-type', AWS_CONTENT_TYPE);
    // A Buffer keeps the content type exactly as AWS sends it (no charset parameter).
    return reply.send(result === undefined ? EMPTY : Buffer.from(JSON.stringify(result)));
  };
}

export function isAwsRequest(req: FastifyRequest): boolean {
  return req.method === 'POST' && !req.url.startsWith('/api/');
}
