import { parseApiToken } from '../domain/credentials.js';
import type { ServiceDeps } from './context.js';
import type { IdentityService } from './identities.js';

export const ADMIN_NAME = 'admin';

export interface GivenAdmin {
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly token?: string;
}

/** What the first start made; secrets appear only when they were generated here (to be shown once). */
export interface BootstrapResult {
  readonly created: boolean;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly token?: string;
}

/**
 * The first admin. On a store without any principal, creates `admin` (role admin) with an access key
 * pair and a token: the given ones (MODELRY_ADMIN_*), else new ones returned for printing once. Given
 * credentials are also imported on later starts if missing, so a deployment can always get back in.
 */
export function bootstrapAdmin(
  deps: ServiceDeps,
  identities: IdentityService,
  account: string,
  given: GivenAdmin,
): Promise<BootstrapResult> {
  return deps.store.write(async (tx) => {
    const fresh = (await tx.countPrincipals()) === 0;
    const hasGiven = given.accessKeyId !== undefined || given.token !== undefined;
    if (!fresh && !hasGiven) return { created: false };
    const admin =
      (await tx.findPrincipal(account, ADMIN_NAME)) ??
      (await tx.insertPrincipal({
        account,
        name: ADMIN_NAME,
        kind: 'user',
        roles: ['admin'],
        description: 'Created at first start.',
        createdAt: deps.clock.now(),
        createdBy: 'modelry',
      }));
    let generated: { accessKeyId?: string; secretAccessKey?: string; token?: string } = {};
    if (given.accessKeyId !== undefined && given.secretAccessKey !== undefined) {
      await identities.ensureKey(tx, admin, given.accessKeyId, given.secretAccessKey);
    } else if (fresh) {
      const key = await identities.issueKey(tx, admin);
      generated = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    }
    const token = given.token !== undefined ? parseApiToken(given.token) : undefined;
    if (token) await identities.ensureToken(tx, admin, token.tokenId, token.secret, 'MODELRY_ADMIN_TOKEN');
    else if (fresh)
      generated = { ...generated, token: (await identities.issueToken(tx, admin, 'first start')).token };
    return { created: fresh, ...generated };
  });
}

/** Removes the first admin made by a start that then failed before showing its credentials. */
export async function undoBootstrap(deps: ServiceDeps, account: string): Promise<void> {
  await deps.store.write(async (tx) => {
    const admin = await tx.findPrincipal(account, ADMIN_NAME);
    if (admin && (await tx.countPrincipals()) === 1) await tx.deletePrincipal(admin.id);
  });
}
