import { type ActionInfo, ALL_ARTIFACTS, ARTIFACT, action } from './action-info.js';

/** Artifacts: content-addressed blobs. */
export const ARTIFACT_ACTIONS: readonly ActionInfo[] = [
  // Artifacts: content-addressed blobs, shared by every account that knows their digest.
  action(
    'modelry:PutArtifact',
    'Write',
    'Upload an artifact, whole or through a resumable upload session (checked on all artifacts: the digest is known only once the bytes are in).',
    [ALL_ARTIFACTS],
    [],
    [
      'POST /artifacts',
      'POST /artifacts/uploads',
      'GET /artifacts/uploads/:id',
      'PATCH /artifacts/uploads/:id',
      'POST /artifacts/uploads/:id/complete',
      'DELETE /artifacts/uploads/:id',
    ],
  ),
  action(
    'modelry:GetArtifact',
    'Read',
    'Download an artifact, or read its size and digest (HEAD).',
    [ARTIFACT],
    [],
    ['GET /artifacts/:sha256', 'HEAD /artifacts/:sha256'],
  ),
  action(
    'modelry:ListArtifacts',
    'List',
    'List the stored artifacts.',
    [ALL_ARTIFACTS],
    [],
    ['GET /artifacts'],
  ),
  action(
    'modelry:VerifyArtifacts',
    'Read',
    'Re-read every stored artifact and report those whose bytes no longer match their digest.',
    [ALL_ARTIFACTS],
    [],
    ['POST /artifacts/verify'],
  ),
  action(
    'modelry:CollectArtifactGarbage',
    'Write',
    'Delete the artifacts no package references (after a grace period) and abandoned upload sessions.',
    [ALL_ARTIFACTS],
    [],
    ['POST /artifacts/gc'],
  ),
];
