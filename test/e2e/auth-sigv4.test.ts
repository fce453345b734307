import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { ADMIN, startServer, type TestServer } from '../helpers/server.js';

interface Signed {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A request signed by the AWS SDK's own signer, to be sent as is or tampered with. */
async function sign(
  server: TestServer,
  options: { body?: string; service?: string; at?: Date; secret?: string } = {},
): Promise<Signed> {
  const body = options.body ?? '{}';
  const signer = new SignatureV4({
    credentials: { accessKeyId: ADMIN.accessKeyId, secretAccessKey: options.secret ?? ADMIN.secretAccessKey },
    region: 'us-east-1',
    service: options.service ?? 'sagemaker',
    sha256: Sha256,
  });
  const host = `127.0.0.1:${server.port}`;
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: server.port,
      path: '/',
      headers: {
        host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'SageMaker.ListModelPackageGroups',
      },
      body,
    },
    { signingDate: options.at ?? new Date() },
  );
  return { headers: request.headers as Record<string, string>, body };
}

async function send(
  server: TestServer,
  signed: Signed,
): Promise<{ status: number; type: string | null; message: string }> {
  const { host: _host, ...headers } = signed.headers;
  const res = await fetch(server.url, { method: 'POST', headers, body: signed.body });
  const json = (await res.json()) as { Message?: string };
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), message: json.Message ?? '' };
}

/** SigV4 refusals of a real server, on requests signed by the AWS SDK's signer and then altered. */
describe('SigV4 verification by the server', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ auth: true });
  });
  after(async () => {
    await server?.stop();
  });

  it('accepts a request as the SDK signed it', async () => {
    assert.equal((await send(server, await sign(server))).status, 200);
  });

  it('refuses a wrong secret, a stale date, another service, a changed body and a changed signed header', async () => {
    const cases: [string, Signed, number, string, RegExp][] = [
      [
        'wrong secret',
        await sign(server, { secret: 'x'.repeat(40) }),
        403,
        'InvalidSignatureException',
        /does not match/,
      ],
      [
        'date 20 minutes old',
        await sign(server, { at: new Date(Date.now() - 20 * 60_000) }),
        400,
        'InvalidSignatureException',
        /^Signature expired/,
      ],
      [
        'scoped to another service',
        await sign(server, { service: 'ec2' }),
        400,
        'IncompleteSignatureException',
        /sagemaker/,
      ],
    ];
    const original = await sign(server, { body: '{"NameContains":"a"}' });
    cases.push([
      'body changed',
      { ...original, body: '{"NameContains":"b"}' },
      403,
      'InvalidSignatureException',
      /./,
    ]);
    const target = await sign(server);
    cases.push([
      'signed header changed',
      { ...target, headers: { ...target.headers, 'x-amz-target': 'SageMaker.ListModelPackages' } },
      403,
      'InvalidSignatureException',
      /does not match/,
    ]);
    for (const [what, request, status, type, message] of cases) {
      const answer = await send(server, request);
      assert.equal(answer.status, status, `${what}: ${JSON.stringify(answer)}`);
      assert.equal(answer.type, type, what);
      assert.match(answer.message, message, what);
    }
  });

  it('accepts an unsigned header changed on the way (only signed headers count)', async () => {
    const signed = await sign(server);
    assert.equal(
      (await send(server, { ...signed, headers: { ...signed.headers, 'user-agent': 'proxy/1.0' } })).status,
      200,
    );
  });
});
