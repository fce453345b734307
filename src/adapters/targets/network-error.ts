/** The fields Node puts on socket, DNS and TLS errors (undici wraps them as the `cause` of `fetch failed`). */
interface SystemError {
  readonly message?: string;
  readonly code?: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
  readonly reason?: string;
}

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the receiver',
  EPIPE: 'connection closed by the receiver while sending',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the receiver before it answered',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
};

const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|HOSTNAME_MISMATCH)/;

function describeSystemError(e: SystemError): string | undefined {
  const { code } = e;
  if (!code) return undefined;
  const host = e.hostname !== undefined ? ` ${e.hostname}` : '';
  if (code === 'ENOTFOUND') return `DNS lookup failed: no such host${host} (ENOTFOUND)`;
  if (code === 'EAI_AGAIN') return `DNS lookup failed for the moment${host} (EAI_AGAIN)`;
  if (TLS_CODE.test(code)) return `TLS error: ${e.reason ?? e.message ?? code} (${code})`;
  const what = SOCKET_ERRORS[code];
  if (!what) return undefined;
  const where = e.address !== undefined ? ` ${e.address}${e.port !== undefined ? `:${e.port}` : ''}` : '';
  return `${what} (${code}${where})`;
}

/**
 * A readable line for a failed network call: `connection refused (ECONNREFUSED 127.0.0.1:1234)` rather
 * than undici's `fetch failed`. Walks the `cause` chain, where the system error that says what happened sits.
 */
export function describeNetworkError(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const described = describeSystemError(current as SystemError);
    if (described) return described;
    current = current.cause;
  }
  // Nothing recognised: the chain of messages, since the inner ones say what happened
  // (`fetch failed: bad port`, `fetch failed: unknown scheme`).
  const messages: string[] = [];
  for (let e: unknown = err; e instanceof Error && messages.length < 5; e = e.cause) {
    if (e.message && !messages.includes(e.message)) messages.push(e.message);
  }
  return messages.length > 0 ? messages.join(': ') : String(err);
}
