/** Small native-API calls for the events tests (the SDK has its own tests). */
export async function api<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      'x-modelry-principal': 'events-test',
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as T };
}

/** Creates a webhook target and a rule sending every event of the registry to it. */
export async function hookEverything(
  base: string,
  name: string,
  url: string,
  secret: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const target = await api(base, 'POST', '/events/targets', { name, type: 'webhook', url, secret, ...extra });
  if (target.status !== 201) throw new Error(`target: ${target.status} ${JSON.stringify(target.json)}`);
  const rule = await api(base, 'POST', '/events/rules', {
    name: `${name}-all`,
    pattern: { source: ['aws.sagemaker'] },
    targets: [name],
  });
  if (rule.status !== 201) throw new Error(`rule: ${rule.status} ${JSON.stringify(rule.json)}`);
}

export const SECRET = 'whsec-test-0123456789abcdef';

/** A minimal version registration body for the native API. */
export function versionBody(image = 'registry.example/model:1'): Record<string, unknown> {
  return { image, artifactUri: 's3://bucket/model.tar.gz' };
}
