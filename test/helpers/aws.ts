import { SageMakerClient } from '@aws-sdk/client-sagemaker';

/** Any key pair is accepted until governance lands; the access key id becomes the actor. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

export function sagemakerClient(url: string, accessKeyId = TEST_CREDENTIALS.accessKeyId): SageMakerClient {
  return new SageMakerClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { ...TEST_CREDENTIALS, accessKeyId },
    maxAttempts: 1,
  });
}

/** Sends a raw AWS JSON 1.1 request, for inputs the SDKs would not send. */
export async function rawAws(
  url: string,
  target: string | undefined,
  body: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(target !== undefined && { 'x-amz-target': target }),
      ...headers,
    },
    body,
  });
  return readAnswer(res);
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown> | undefined;
  readonly text: string;
}

/** A response with its body as text and, when it parses, as JSON. */
export async function readAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
