import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { DomainError } from '../domain/errors.js';
import { parseSigV4, type SigV4Request, verifySigV4 } from './sigv4.js';
import { canonicalRequest, headerValues } from './sigv4-canonical.js';
import { parseAmzDate } from './sigv4-time.js';

/**
 * Requests botocore, JS v3 and the AWS CLI put on the wire, byte for byte, copied from
 * ../shared/reference/sagemaker-wire-samples.md (a sample of each client's shapes: small and large
 * bodies, nested JSON with escapes, `{}`, JS v3's extra signed headers). They were signed with the AWS
 * documentation example pair that file names; all 32 requests of the file verified when this was written.
 */
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

interface Capture {
  readonly label: string;
  /** Request line, then the header lines exactly as captured. */
  readonly head: readonly string[];
  readonly body: string;
}

const CAPTURES: readonly Capture[] = [
  {
    label: 'botocore 01 create group',
    head: [
      'POST / HTTP/1.1',
      'Host: 127.0.0.1:39841',
      'Accept-Encoding: identity',
      'X-Amz-Target: SageMaker.CreateModelPackageGroup',
      'Content-Type: application/x-amz-json-1.1',
      'User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/Z,N,e,b,E cfg/retry-mode#standard Botocore/1.43.11',
      'X-Amz-Date: 20261127T061012Z',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=03b7ca9df3b7d868cd048b6a5b821c2952a3390dea2a6f485db5e17eb24373ab',
      'amz-sdk-invocation-id: 0606f1fd-5486-4efd-85ca-95569b27d167',
      'amz-sdk-request: attempt=1',
      'Content-Length: 143',
    ],
    body: '{"ModelPackageGroupName": "churn-model", "ModelPackageGroupDescription": "Customer churn classifier", "Tags": [{"Key": "team", "Value": "ml"}]}',
  },
  {
    label: 'botocore 05 create model package v2',
    head: [
      'POST / HTTP/1.1',
      'Host: 127.0.0.1:39841',
      'Accept-Encoding: identity',
      'X-Amz-Target: SageMaker.CreateModelPackage',
      'Content-Type: application/x-amz-json-1.1',
      'User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/Z,N,e,b,E cfg/retry-mode#standard Botocore/1.43.11',
      'X-Amz-Date: 20261127T061014Z',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=aa55639be1b8bc9791507025ccd89faaa4aa973d53804ba49f61b1170c37a5bc',
      'amz-sdk-invocation-id: 38142e33-fb97-4417-9e6c-d9b9e304b20a',
      'amz-sdk-request: attempt=1',
      'Content-Length: 791',
    ],
    body: '{"ModelPackageGroupName": "churn-model", "ModelPackageDescription": "churn v2", "InferenceSpecification": {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0", "ModelDataUrl": "s3://demo-bucket/churn/model.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}}], "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"], "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"], "SupportedTransformInstanceTypes": ["ml.m5.large"]}, "ModelMetrics": {"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": "s3://demo-bucket/churn/v2/evaluation.json"}}}, "CustomerMetadataProperties": {"git_sha": "abc2"}, "ModelApprovalStatus": "PendingManualApproval", "ClientToken": "bd9ebccd-ba8c-4dc6-8729-a0cb9b5822b7"}',
  },
  {
    label: 'botocore 19 search ModelPackage',
    head: [
      'POST / HTTP/1.1',
      'Host: 127.0.0.1:39841',
      'Accept-Encoding: identity',
      'X-Amz-Target: SageMaker.Search',
      'Content-Type: application/x-amz-json-1.1',
      'User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/Z,N,e,b,E cfg/retry-mode#standard Botocore/1.43.11',
      'X-Amz-Date: 20261127T061016Z',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=cbf785245ffb6b596be10b312bca808acf525786ca4277586c6c09adddc6b468',
      'amz-sdk-invocation-id: b318d9e9-c74d-4fea-9a9b-dd5e2424aa11',
      'amz-sdk-request: attempt=1',
      'Content-Length: 144',
    ],
    body: '{"Resource": "ModelPackage", "SearchExpression": {"Filters": [{"Name": "ModelPackageGroupName", "Operator": "Equals", "Value": "churn-model"}]}}',
  },
  {
    label: 'botocore 23 put group policy (moto: unimplemented?)',
    head: [
      'POST / HTTP/1.1',
      'Host: 127.0.0.1:39841',
      'Accept-Encoding: identity',
      'X-Amz-Target: SageMaker.PutModelPackageGroupPolicy',
      'Content-Type: application/x-amz-json-1.1',
      'User-Agent: Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/Z,N,e,b,E cfg/retry-mode#standard Botocore/1.43.11',
      'X-Amz-Date: 20261127T061018Z',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=dbc2c6a825466c210235bd95dc72a7eefad52e042ea88883fbc32e14cdd78934',
      'amz-sdk-invocation-id: 432d8468-f5f0-43c1-9ee7-ea34ee16252b',
      'amz-sdk-request: attempt=1',
      'Content-Length: 110',
    ],
    body: '{"ModelPackageGroupName": "churn-model", "ResourcePolicy": "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": []}"}',
  },
  {
    label: 'JS v3 js-01 create group',
    head: [
      'POST / HTTP/1.1',
      'content-type: application/x-amz-json-1.1',
      'x-amz-target: SageMaker.CreateModelPackageGroup',
      'content-length: 80',
      'x-amz-user-agent: aws-sdk-js/3.1141.0',
      'user-agent: aws-sdk-js/3.1141.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/sagemaker#3.1141.0 m/N,E,e',
      'host: 127.0.0.1:47491',
      'amz-sdk-invocation-id: 4fff6833-fdaf-4201-a9d7-4e1babc2ff92',
      'amz-sdk-request: attempt=1; max=1',
      'x-amz-date: 20261127T061230Z',
      'x-amz-content-sha256: f334da45adad9b088539a5f74f320919f13efcc24847c5cccdc8e6a4f90854db',
      'authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=1e07d405df5745f7bcaa9403a9e0b44fdebae9a631d79722b51cdfda01389c77',
      'Connection: keep-alive',
    ],
    body: '{"ModelPackageGroupName":"js-group","ModelPackageGroupDescription":"from JS v3"}',
  },
  {
    label: 'JS v3 js-02 create version',
    head: [
      'POST / HTTP/1.1',
      'content-type: application/x-amz-json-1.1',
      'x-amz-target: SageMaker.CreateModelPackage',
      'content-length: 356',
      'x-amz-user-agent: aws-sdk-js/3.1141.0',
      'user-agent: aws-sdk-js/3.1141.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/sagemaker#3.1141.0 m/N,E,e',
      'host: 127.0.0.1:47491',
      'amz-sdk-invocation-id: 0e4c4943-7929-405f-92de-0c8a18bf029b',
      'amz-sdk-request: attempt=1; max=1',
      'x-amz-date: 20261127T061231Z',
      'x-amz-content-sha256: 256f1002443e2c00d6e94c7405832e509d9254311be9d8c6cdcbcf18e947cc80',
      'authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=a22e8921e23854bc2634a5a4967dc7505c295bf84fe12e779029932f916df213',
      'Connection: keep-alive',
    ],
    body: '{"ModelPackageGroupName":"js-group","InferenceSpecification":{"Containers":[{"Image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1","ModelDataUrl":"s3://b/k/model.tar.gz"}],"SupportedContentTypes":["text/csv"],"SupportedResponseMIMETypes":["text/csv"]},"ModelApprovalStatus":"PendingManualApproval","ClientToken":"40a3e072-53c3-4891-8738-d427153ffc2a"}',
  },
  {
    label: 'JS v3 js-04 list with CreationTimeAfter',
    head: [
      'POST / HTTP/1.1',
      'content-type: application/x-amz-json-1.1',
      'x-amz-target: SageMaker.ListModelPackages',
      'content-length: 86',
      'x-amz-user-agent: aws-sdk-js/3.1141.0',
      'user-agent: aws-sdk-js/3.1141.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/sagemaker#3.1141.0 m/N,E,e',
      'host: 127.0.0.1:47491',
      'amz-sdk-invocation-id: 2b4f2a4e-74db-4460-9ff0-3c7952038cd7',
      'amz-sdk-request: attempt=1; max=1',
      'x-amz-date: 20261127T061231Z',
      'x-amz-content-sha256: dfcc990986e8f45ef55b7b7c8f53d92c309ad84b594904d8951c0da25a9e0cf7',
      'authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=da8c5d53039f929e527a5c257cde00fe1cb651028a4b4e90a7ea254a7abfeff1',
      'Connection: keep-alive',
    ],
    body: '{"CreationTimeAfter":1577836800.25,"MaxResults":10,"ModelPackageGroupName":"js-group"}',
  },
  {
    label: 'AWS CLI aws sagemaker list-model-package-groups',
    head: [
      'POST / HTTP/1.1',
      'Host: 127.0.0.1:47491',
      'Accept-Encoding: identity',
      'X-Amz-Target: SageMaker.ListModelPackageGroups',
      'Content-Type: application/x-amz-json-1.1',
      'User-Agent: aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/g,N,D,Z,C,b cfg/retry-mode#legacy botocore/1.43.11',
      'X-Amz-Date: 20261127T061232Z',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d09857847f163dd2b7c82dcbc1268e52059a7c279b54624405f26b0023fb9e8',
      'amz-sdk-invocation-id: 2d5204df-7499-476d-aba6-9f15956473fc',
      'amz-sdk-request: attempt=1',
      'Content-Length: 2',
    ],
    body: '{}',
  },
  {
    label:
      'AWS CLI aws sagemaker list-model-packages --model-package-group-name js-group --model-approval-status Approved',
    head: [
      'POST / HTTP/1.1',
      'Host: 127.0.0.1:47491',
      'Accept-Encoding: identity',
      'X-Amz-Target: SageMaker.ListModelPackages',
      'Content-Type: application/x-amz-json-1.1',
      'User-Agent: aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,D,b,C,g,Z cfg/retry-mode#legacy botocore/1.43.11',
      'X-Amz-Date: 20261127T061233Z',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=e2dc28daef0966c5a85d4d1680b0dd97171016a802ec6d947bb4b8a40b584ba6',
      'amz-sdk-invocation-id: c7f8ea90-5276-40f4-b47b-976afe59f81f',
      'amz-sdk-request: attempt=1',
      'Content-Length: 72',
    ],
    body: '{"ModelApprovalStatus": "Approved", "ModelPackageGroupName": "js-group"}',
  },
];

/** What an HTTP/1.1 server makes of the capture: method, raw target, headers by lower-case name, body bytes. */
function received({ head, body }: Capture): SigV4Request {
  const [requestLine, ...fields] = head;
  const [method, url] = requestLine!.split(' ') as [string, string];
  const headers: Record<string, string[]> = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon).toLowerCase();
    headers[name] = [...(headers[name] ?? []), field.slice(colon + 1).trim()];
  }
  const bytes = Buffer.from(body, 'utf8');
  assert.equal(String(bytes.length), headers['content-length']?.[0], 'the body is the captured one');
  return { method, url, headers, body: bytes };
}

/** botocore's debug log (botocore.auth) for the first capture. */
const BOTOCORE_LOG = {
  canonicalRequest: [
    'POST',
    '/',
    '',
    'content-type:application/x-amz-json-1.1',
    'host:127.0.0.1:39841',
    'x-amz-date:20261127T061012Z',
    'x-amz-target:SageMaker.CreateModelPackageGroup',
    '',
    'content-type;host;x-amz-date;x-amz-target',
    '739e9d80826185661e0f09bd733fba10ac951a80286129e10dc8788b65aa4bd1',
  ].join('\n'),
  canonicalRequestHash: 'dad50200d035555e482f38c8d6145bec7daf3b0eb69a11c7ac73b69331d505e7',
};

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('SigV4 on captured wire samples', () => {
  for (const capture of CAPTURES) {
    it(`verifies ${capture.label}, and refuses it under another secret`, () => {
      const request = received(capture);
      const amzDate = request.headers['x-amz-date'] as string[];
      const credential = parseSigV4(request, parseAmzDate(amzDate[0]!)!);
      assert.equal(credential.accessKeyId, 'AKIDEXAMPLE');
      verifySigV4(request, credential, SECRET);
      assert.throws(
        () => verifySigV4(request, credential, SECRET.replace('EXAMPLEKEY', 'EXAMPLEKEZ')),
        (err: unknown) => err instanceof DomainError && err.code === 'SignatureMismatch',
      );
    });
  }

  it('builds the canonical request botocore logged for the first capture', () => {
    const first = received(CAPTURES[0]!);
    const canonical = canonicalRequest({
      method: first.method,
      url: first.url,
      headers: headerValues(first.headers),
      signedHeaders: ['content-type', 'host', 'x-amz-date', 'x-amz-target'],
      payloadHash: sha256(first.body),
    });
    assert.equal(canonical, BOTOCORE_LOG.canonicalRequest);
    assert.equal(sha256(canonical), BOTOCORE_LOG.canonicalRequestHash);
  });
});
