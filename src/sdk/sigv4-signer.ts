import { createHash, createHmac } from 'node:crypto';

/** An access key pair Modelry issued (modelry auth keys create). */
export interface AccessKeyCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Signs a native API request with AWS Signature Version 4 (service `sagemaker`), for callers that hold an
 * access key pair rather than a token. Kept here, not shared with the server's verifier, because the SDK
 * depends on nothing of the server; the two meet in the end-to-end tests.
 */
export function signRequest(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string,
  credentials: AccessKeyCredentials,
  region = 'us-east-1',
  now = new Date(),
): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const given = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  // A caller that streams its body declares `UNSIGNED-PAYLOAD` (as S3 allows) instead of a hash.
  const payloadHash = given['x-amz-content-sha256'] ?? sha256(body);
  const signed: Record<string, string> = {
    ...given,
    host: url.host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash,
  };
  const names = Object.keys(signed).sort();
  // The path as sent, each segment encoded once more; the query decoded, re-encoded and sorted.
  const path = `/${url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map(encode)
    .join('/')}`;
  const query = [...url.searchParams]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([ka, va], [kb, vb]) => (ka === kb ? (va < vb ? -1 : 1) : ka < kb ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    method,
    path,
    query,
    names.map((n) => `${n}:${signed[n]!.trim().replace(/\s+/g, ' ')}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/sagemaker/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, date);
  for (const part of [region, 'sagemaker', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const { host: _host, ...sent } = signed;
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
