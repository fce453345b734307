import type { CreateRoleInput, Role, UpdateRoleInput } from './auth.js';
import type { Transport } from './events-client.js';
import type { Page } from './types.js';

const role = (name: string) => `/auth/roles/${encodeURIComponent(name)}`;

/**
 * Roles: `client.auth.roles`. The built-in ones are listed and described but fixed; custom roles are an
 * account's own named policy documents, given to users like the built-ins (`updateUser(name, { roles })`).
 */
export class RolesApi {
  constructor(private readonly transport: Pick<Transport, 'request'>) {}

  /** Built-in and custom roles by name; `nextPageToken` continues the list. */
  list(input: { limit?: number; pageToken?: string } = {}): Promise<Page<Role>> {
    return this.transport.request('GET', '/auth/roles', undefined, { ...input });
  }

  get(name: string): Promise<Role> {
    return this.transport.request('GET', role(name));
  }

  create(input: CreateRoleInput): Promise<Role> {
    return this.transport.request('POST', '/auth/roles', input);
  }

  update(name: string, input: UpdateRoleInput): Promise<Role> {
    return this.transport.request('PUT', role(name), input);
  }

  /** Refused (RoleInUse) while a principal holds the role. */
  delete(name: string): Promise<void> {
    return this.transport.request('DELETE', role(name));
  }
}
