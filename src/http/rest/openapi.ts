import type { RouteOptions } from 'fastify';
import { ERROR_CODES } from '../../domain/errors.js';
import { LIMITS } from '../../domain/limits.js';

interface DocSchema {
  summary?: string;
  description?: string;
  tags?: string[];
  params?: { properties?: Record<string, object>; required?: string[] };
  querystring?: { properties?: Record<string, object> };
  body?: object;
  /** A raw body, streamed rather than parsed (artifact bytes). */
  rawBody?: object;
  responses?: Record<string, object>;
}

/** A `format: binary` schema describes raw bytes, not JSON. */
const mediaOf = (schema: object): string =>
  (schema as { format?: string }).format === 'binary' ? 'application/octet-stream' : 'application/json';

/** Collects the native routes as they are registered and renders them as an OpenAPI 3.1 document. */
export class OpenApiCollector {
  private readonly routes: { method: string; url: string; schema: DocSchema }[] = [];

  constructor(private readonly prefix: string) {}

  add(route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      this.routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as DocSchema,
      });
    }
  }

  document(version: string): object {
    const paths: Record<string, Record<string, object>> = {};
    for (const r of this.routes) {
      if (!r.schema.summary) continue;
      const path = r.url.replace(/:([A-Za-z][A-Za-z0-9]*)/g, '{$1}');
      paths[path] ??= {};
      paths[path][r.method] = this.operation(r.schema);
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Modelry native API',
        version,
        description:
          'Model package groups and versions, approvals and metrics. Errors are `{"error": {"code", "message", "details"}}`; codes: ' +
          Object.keys(ERROR_CODES).join(', ') +
          `. Request bodies are limited to ${LIMITS.bodyBytesMax} bytes; page sizes to ${LIMITS.pageSizeMax}.`,
      },
      servers: [{ url: this.prefix }],
      paths,
    };
  }

  private operation(s: DocSchema): object {
    const parameters = [
      ...Object.entries(s.params?.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'path',
        required: true,
        schema,
      })),
      ...Object.entries(s.querystring?.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        schema,
      })),
    ];
    const responses: Record<string, object> = {};
    for (const [status, schema] of Object.entries(s.responses ?? { 200: {} })) {
      responses[status] =
        (schema as { type?: string }).type === 'null'
          ? { description: 'No content' }
          : {
              description: status.startsWith('2') ? 'Success' : 'Error',
              content: { [mediaOf(schema)]: { schema } },
            };
    }
    return {
      summary: s.summary,
      ...(s.description && { description: s.description }),
      ...(s.tags && { tags: s.tags }),
      ...(parameters.length > 0 && { parameters }),
      ...(s.body && { requestBody: { required: true, content: { 'application/json': { schema: s.body } } } }),
      ...(s.rawBody && {
        requestBody: { required: true, content: { [mediaOf(s.rawBody)]: { schema: s.rawBody } } },
      }),
      responses,
    };
  }
}
