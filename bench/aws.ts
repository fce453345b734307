// AWS JSON 1.1 requests as the SDKs send them, for the load generator and for seeding.

export const ACCESS_KEY = 'AKIDBENCH';

/** A SigV4-shaped Authorization header; the server records the access key and does not verify yet. */
export function awsHeaders(operation: string): Record<string, string> {
  const now = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const day = now.slice(0, 8);
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `SageMaker.${operation}`,
    'x-amz-date': now,
    authorization:
      `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${day}/us-east-1/sagemaker/aws4_request, ` +
      'SignedHeaders=content-type;host;x-amz-date;x-amz-target, ' +
      'Signature=03b7ca9df3b7d868cd048b6a5b821c2952a3390dea2a6f485db5e17eb24373ab',
  };
}

/** One call; throws with the AWS error body unless the answer is 200. */
export async function callAws(
  url: string,
  operation: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: awsHeaders(operation),
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${operation} answered ${res.status}: ${text}`);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** A CreateModelPackage body shaped like the captured boto3 sample (wire samples, request 05). */
export function registerBody(group: string, clientToken: string): string {
  return JSON.stringify({
    ModelPackageGroupName: group,
    ModelPackageDescription: 'churn classifier',
    InferenceSpecification: {
      Containers: [
        {
          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0',
          ModelDataUrl: 's3://demo-bucket/churn/model.tar.gz',
          Environment: { SAGEMAKER_PROGRAM: 'inference.py' },
        },
      ],
      SupportedContentTypes: ['text/csv'],
      SupportedResponseMIMETypes: ['text/csv'],
      SupportedRealtimeInferenceInstanceTypes: ['ml.m5.large'],
      SupportedTransformInstanceTypes: ['ml.m5.large'],
    },
    ModelMetrics: {
      ModelQuality: {
        Statistics: { ContentType: 'application/json', S3Uri: 's3://demo-bucket/churn/evaluation.json' },
      },
    },
    CustomerMetadataProperties: { git_sha: 'abc1' },
    ClientToken: clientToken,
  });
}
