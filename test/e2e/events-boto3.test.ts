import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { TEST_CREDENTIALS } from '../helpers/aws.js';
import { hookEverything, SECRET } from '../helpers/events.js';
import { skipWithoutBoto3 } from '../helpers/python.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventually, WebhookReceiver } from '../helpers/webhook-receiver.js';

const skip = skipWithoutBoto3();

/** The acceptance case, driven by unchanged boto3 code: approve, and a signed webhook arrives. */
const SCRIPT = `
import sys, time, boto3
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1")
sm.create_model_package_group(ModelPackageGroupName="fraud-boto3")
arn = sm.create_model_package(
    ModelPackageGroupName="fraud-boto3",
    InferenceSpecification={"Containers": [{"Image": "registry.example/fraud:2"}],
        "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]},
)["ModelPackageArn"]
time.sleep(0.5)
print(arn, int(time.time() * 1000), flush=True)
sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
`;

describe('events from boto3 calls', { skip }, () => {
  let server: TestServer;
  const receiver = new WebhookReceiver();
  before(async () => {
    server = await startServer();
    await receiver.start();
  });
  after(async () => {
    await server?.stop();
    await receiver.stop();
  });

  it('an approval through boto3 makes one signed webhook arrive', async (t) => {
    await hookEverything(server.url, 'boto3-hook', receiver.url, SECRET);
    const run = spawnSync('python3', ['-c', SCRIPT, server.url], {
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      },
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const [arn, beforeApproval] = run.stdout.trim().split(' ');
    const approval = await eventually('the approval webhook', () =>
      receiver
        .verified(SECRET)
        .find((h) => (h.event.detail as { ModelApprovalStatus?: string }).ModelApprovalStatus === 'Approved'),
    );
    assert.deepEqual(approval.event.resources, [arn]);
    t.diagnostic(`webhook arrived ${approval.at - Number(beforeApproval)} ms after boto3 sent the approval`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(receiver.received.filter((h) => h.event.id === approval.event.id).length, 1);
    assert.deepEqual(
      receiver.received.map((h) => (h.event.detail as { ChangeTypes: string[] }).ChangeTypes[0]),
      ['GroupCreated', 'Registered', 'ApprovalStatusChanged'],
    );
  });
});
