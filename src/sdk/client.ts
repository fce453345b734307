import { ArtifactsApi } from './artifacts-client.js';
import { AuditApi } from './audit-client.js';
import { AuthApi } from './auth-client.js';
import { ModelryApiError } from './errors.js';
import { EventsApi, type Query } from './events-client.js';
import { type AccessKeyCredentials, signRequest } from './sigv4-signer.js';
import type {
  ApprovalChange,
  ApprovalStatus,
  Group,
  ListVersionsInput,
  Page,
  RegisterVersionInput,
  UpdateVersionInput,
  Version,
} from './types.js';

export * from './artifacts.js';
export type { ArtifactsApi } from './artifacts-client.js';
export type { AuditApi, AuditQuery, AuditRecord } from './audit-client.js';
export * from './auth.js';
export type { AuthApi } from './auth-client.js';
export { ModelryApiError } from './errors.js';
export * from './events.js';
export type { EventsApi } from './events-client.js';
export * from './types.js';

export interface ClientOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:8585 */
  readonly endpoint: string;
  /** API token (`mdl_…`, from `modelry auth tokens create`): sent as Authorization: Bearer. */
  readonly token?: string;
  /** An access key pair: requests are signed with SigV4 when no token is given. */
  readonly credentials?: AccessKeyCredentials;
  /** Names the caller to a server run with --insecure-dev (ignored when authentication is on). */
  readonly principal?: string;
  readonly fetch?: typeof fetch;
}

/** Typed client for the native REST API (/api/v1). */
export class ModelryClient {
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  /** Event targets, rules, the event log, deliveries and the live stream. */
  readonly events: EventsApi;
  /** Users, roles and inline policies, access keys and API tokens. */
  readonly auth: AuthApi;
  /** The audit trail and point-in-time approval status. */
  readonly audit: AuditApi;
  /** Content-addressed artifacts: upload, download verified, list, verify, gc. */
  readonly artifacts: ArtifactsApi;

  constructor(private readonly options: ClientOptions) {
    this.base = `${options.endpoint.replace(/\/+$/, '')}/api/v1`;
    this.doFetch = options.fetch ?? fetch;
    this.events = new EventsApi({
      endpoint: options.endpoint,
      request: this.request.bind(this),
      open: (path, query, accept, signal) => this.send('GET', path, { query, accept, signal }),
    });
    this.auth = new AuthApi({ request: this.request.bind(this) });
    this.audit = new AuditApi({ request: this.request.bind(this) });
    this.artifacts = new ArtifactsApi({
      request: this.request.bind(this),
      raw: (method, path, { body, ...rest }) => this.send(method, path, { ...rest, raw: body }),
    });
  }

  private async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const text = await (await this.send(method, path, { body, query })).text();
    return (text === '' ? undefined : safeJson(text)) as T;
  }

  /** One request; an unreachable server or an error status becomes a ModelryApiError. */
  private async send(
    method: string,
    path: string,
    init: {
      body?: unknown;
      /** A streamed body, sent as it is read (artifact uploads). */
      raw?: ReadableStream<Uint8Array> | undefined;
      headers?: Record<string, string> | undefined;
      query?: Query | undefined;
      accept?: string;
      signal?: AbortSignal | undefined;
    },
  ): Promise<Response> {
    const { body, query, signal } = init;
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    let headers: Record<string, string> = { accept: init.accept ?? 'application/json', ...init.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.principal) headers['x-modelry-principal'] = this.options.principal;
    const text = body !== undefined ? JSON.stringify(body) : '';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    else if (this.options.credentials) {
      // A streamed body is not hashed up front; artifact digests guard those bytes instead.
      if (init.raw) headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      headers = signRequest(url, method, headers, text, this.options.credentials);
    }
    let res: Response;
    try {
      res = await this.doFetch(url, {
        method,
        headers,
        ...(body !== undefined && { body: text }),
        ...(init.raw && { body: init.raw, duplex: 'half' }),
        ...(signal && { signal }),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new ModelryApiError(
        0,
        'ConnectionFailed',
        `Cannot reach Modelry at ${this.options.endpoint} (${cause}).`,
      );
    }
    if (!res.ok) {
      const text = await res.text();
      const parsed: unknown = text === '' ? undefined : safeJson(text);
      const e = (parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
        ?.error;
      throw new ModelryApiError(
        res.status,
        e?.code ?? `HTTP${res.status}`,
        e?.message ?? text,
        e?.details ?? {},
      );
    }
    return res;
  }

  createGroup(input: { name: string; description?: string; tags?: Record<string, string> }): Promise<Group> {
    return this.request('POST', '/groups', input);
  }

  listGroups(
    input: { nameContains?: string; sort?: string; limit?: number; pageToken?: string } = {},
  ): Promise<Page<Group>> {
    return this.request('GET', '/groups', undefined, input);
  }

  getGroup(name: string): Promise<Group> {
    return this.request('GET', `/groups/${encodeURIComponent(name)}`);
  }

  updateGroup(name: string, input: { description?: string | null }): Promise<Group> {
    return this.request('PATCH', `/groups/${encodeURIComponent(name)}`, input);
  }

  deleteGroup(name: string): Promise<void> {
    return this.request('DELETE', `/groups/${encodeURIComponent(name)}`);
  }

  registerVersion(group: string, input: RegisterVersionInput): Promise<Version> {
    return this.request('POST', `/groups/${encodeURIComponent(group)}/versions`, input);
  }

  listVersions(group: string, input: ListVersionsInput = {}): Promise<Page<Version>> {
    return this.request('GET', `/groups/${encodeURIComponent(group)}/versions`, undefined, { ...input });
  }

  /** Every page of a list, fetched lazily. */
  async *allVersions(
    group: string,
    input: Omit<ListVersionsInput, 'pageToken'> = {},
  ): AsyncGenerator<Version> {
    let pageToken: string | undefined;
    do {
      const page = await this.listVersions(group, { ...input, ...(pageToken && { pageToken }) });
      yield* page.items;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  getVersion(group: string, version: number): Promise<Version> {
    return this.request('GET', `/groups/${encodeURIComponent(group)}/versions/${version}`);
  }

  latestVersion(group: string, status?: ApprovalStatus): Promise<Version> {
    return this.request('GET', `/groups/${encodeURIComponent(group)}/versions/latest`, undefined, { status });
  }

  updateVersion(group: string, version: number, input: UpdateVersionInput): Promise<Version> {
    return this.request('PATCH', `/groups/${encodeURIComponent(group)}/versions/${version}`, input);
  }

  deleteVersion(group: string, version: number): Promise<void> {
    return this.request('DELETE', `/groups/${encodeURIComponent(group)}/versions/${version}`);
  }

  setApproval(group: string, version: number, status: ApprovalStatus, comment?: string): Promise<Version> {
    return this.request('POST', `/groups/${encodeURIComponent(group)}/versions/${version}/approval`, {
      status,
      ...(comment !== undefined && { comment }),
    });
  }

  approvalHistory(group: string, version: number): Promise<{ items: ApprovalChange[] }> {
    return this.request('GET', `/groups/${encodeURIComponent(group)}/versions/${version}/approvals`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
