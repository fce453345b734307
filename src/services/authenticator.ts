import { userArn } from '../access/actions.js';
import { type PolicyDocument, parsePolicy } from '../access/policy.js';
import { parseSigV4, type SigV4Request, unknownAccessKey, verifySigV4 } from '../access/sigv4.js';
import { parseApiToken, tokenSecretMatches } from '../domain/credentials.js';
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../domain/model.js';
import type { Principal } from '../ports/identity-store.js';
import type { StoreTx } from '../ports/metadata-store.js';
import type { ServiceDeps } from './context.js';
import { roleDocuments } from './roles.js';

/** An authenticated caller: who it is, and every identity policy that applies to it (roles + inline). */
export interface Caller {
  readonly actor: Actor;
  readonly principal: Principal;
  readonly principalArn: string;
  readonly policies: readonly PolicyDocument[];
  /** How it signed in: the access key id or the token id. */
  readonly credential: string;
}

/** How often a credential's last use is written back (not on every request: that would be a write per read). */
const TOUCH_EVERY_MS = 60_000;

/** Turns request credentials into a Caller: SigV4 on the SageMaker face, bearer tokens on the native face. */
export class Authenticator {
  private readonly touched = new Map<string, number>();

  constructor(private readonly deps: ServiceDeps) {}

  async sigV4(req: SigV4Request): Promise<Caller> {
    const credential = parseSigV4(req, this.deps.clock.now());
    const found = await this.deps.store.read(async (tx) => {
      const key = await tx.findAccessKey(credential.accessKeyId);
      if (key?.status !== 'Active') return undefined;
      const principal = await tx.findPrincipalById(key.principalId);
      return principal && { key, principal, policies: await policiesOf(tx, principal) };
    });
    if (!found || found.principal.disabledAt !== undefined) throw unknownAccessKey();
    verifySigV4(req, credential, this.deps.secrets.open(found.key.sealedSecret));
    this.touch(`key:${credential.accessKeyId}`, (tx, at) => tx.touchAccessKey(credential.accessKeyId, at));
    return this.caller(found.principal, found.policies, 'sagemaker', credential.accessKeyId);
  }

  /** `Authorization: Bearer mdl_…` on the native face. */
  async bearer(header: string | undefined): Promise<Caller> {
    if (header === undefined || header === '') {
      throw new DomainError(
        'AuthenticationRequired',
        'Authentication required: send Authorization: Bearer <token> with a token issued by this server (modelry auth tokens create).',
      );
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const parsed = m ? parseApiToken(m[1]!) : undefined;
    if (!parsed) {
      throw new DomainError(
        'InvalidCredentials',
        'The bearer token is malformed: Modelry tokens look like mdl_<id>_<secret>.',
      );
    }
    const now = this.deps.clock.now();
    const found = await this.deps.store.read(async (tx) => {
      const token = await tx.findToken(parsed.tokenId);
      if (!token || token.revokedAt !== undefined) return undefined;
      if (token.expiresAt !== undefined && token.expiresAt <= now) return undefined;
      if (!tokenSecretMatches(parsed.secret, token.secretHash)) return undefined;
      const principal = await tx.findPrincipalById(token.principalId);
      return principal && { principal, policies: await policiesOf(tx, principal) };
    });
    if (!found || found.principal.disabledAt !== undefined) {
      throw new DomainError('InvalidCredentials', 'The bearer token is invalid, revoked or expired.');
    }
    this.touch(`token:${parsed.tokenId}`, (tx, at) => tx.touchToken(parsed.tokenId, at));
    return this.caller(found.principal, found.policies, 'native', parsed.tokenId);
  }

  private caller(
    principal: Principal,
    policies: PolicyDocument[],
    source: Actor['source'],
    credential: string,
  ): Caller {
    return {
      actor: { principal: principal.name, account: principal.account, source, roles: principal.roles },
      principal,
      principalArn: userArn(this.deps.partition, principal.account, principal.name),
      policies,
      credential,
    };
  }

  /** Records the last use at most once a minute per credential, after the answer, and never fails a request. */
  private touch(key: string, write: (tx: StoreTx, at: number) => Promise<void>): void {
    const now = this.deps.clock.now();
    if ((this.touched.get(key) ?? 0) > now - TOUCH_EVERY_MS) return;
    this.touched.set(key, now);
    void this.deps.store.write((tx) => write(tx, now)).catch(() => this.touched.delete(key));
  }
}

/** Read on every request, so that a change to a role or an inline policy binds from the next one. */
async function policiesOf(tx: StoreTx, principal: Principal): Promise<PolicyDocument[]> {
  const roles = await roleDocuments(tx, principal.account, principal.roles);
  const inline = (await tx.listPrincipalPolicies(principal.id)).map((p) =>
    parsePolicy(p.document, 'identity'),
  );
  return [...roles, ...inline];
}
