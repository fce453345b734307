import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** The machine's NATS server with JetStream. Override with MODELRY_TEST_NATS_URL. */
export const NATS_URL = process.env.MODELRY_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

let available: Promise<boolean> | undefined;

/** True when NATS answers and has JetStream enabled (a plain NATS server cannot store events). */
export function natsAvailable(): Promise<boolean> {
  available ??= (async () => {
    try {
      const nc = await connect({ servers: NATS_URL, timeout: 3000, reconnect: false });
      try {
        await jetstreamManager(nc, { timeout: 3000 });
        return true;
      } finally {
        await nc.close();
      }
    } catch {
      return false;
    }
  })();
  return available;
}

/** Reason to skip, printed loudly, or false when NATS JetStream is there. */
export async function skipWithoutNats(): Promise<string | false> {
  if (await natsAvailable()) return false;
  const reason = `SKIPPED: NATS JetStream is not reachable at ${NATS_URL}`;
  process.stderr.write(`\n!!! ${reason}\n`);
  return reason;
}
