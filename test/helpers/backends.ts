import { skipWithoutPostgres } from './postgres.js';
import type { Backend } from './server.js';

/** Each backend with the reason to skip it here (false when it runs). PostgreSQL skips loudly when absent. */
export async function backends(): Promise<{ backend: Backend; skip: string | false }[]> {
  return [
    { backend: 'sqlite', skip: false },
    { backend: 'postgres', skip: await skipWithoutPostgres() },
  ];
}
