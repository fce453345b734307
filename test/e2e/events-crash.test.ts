import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backends } from '../helpers/backends.js';
import { api, hookEverything, SECRET } from '../helpers/events.js';
import { startServer, type TestServer, waitFor } from '../helpers/server.js';
import { eventually, WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * At least once across a crash: the server is killed (SIGKILL) while a delivery is in flight; once the
 * dead node's lease runs out, the restarted server sends it again.
 */
for (const { backend, skip } of await backends()) {
  describe(`event delivery across a server crash (${backend})`, { skip }, () => {
    const servers: TestServer[] = [];
    const receiver = new WebhookReceiver();
    after(async () => {
      for (const s of servers.reverse()) await s.stop();
      await receiver.stop();
    });

    it('delivers after restart an event whose delivery was cut off by the crash', async () => {
      await receiver.start();
      const first = await startServer({ backend });
      servers.push(first);
      // The attempt times out after 1 s, so its lease ends 6 s after the claim (timeout + 5 s).
      await hookEverything(first.url, 'crash-hook', receiver.url, SECRET, { timeoutMs: 1000 });
      let killedAt = 0;
      receiver.answer = () => {
        if (killedAt !== 0) return 200;
        killedAt = Date.now();
        first.process.kill('SIGKILL');
        return 'hang';
      };
      const created = await api(first.url, 'POST', '/groups', { name: 'crash-group' });
      assert.equal(created.status, 201);
      const cut = await eventually('the first attempt', () => receiver.received[0]);
      await new Promise<void>((resolve) => {
        if (first.process.exitCode !== null || first.process.signalCode !== null) resolve();
        else first.process.once('exit', () => resolve());
      });
      const second = await startServer({
        backend,
        dataDir: first.dataDir,
        ...(first.databaseUrl && { databaseUrl: first.databaseUrl }),
      });
      servers.push(second);
      const redelivered = await eventually(
        'the delivery after restart',
        () => receiver.received.find((h, i) => i > 0 && h.event.id === cut.event.id),
        20_000,
      );
      assert.equal(redelivered.body, cut.body, 'the same bytes, so the receiver can dedupe by event id');
      assert.ok(redelivered.at - killedAt >= 4000, 'sent again only after the dead node lease ran out');
      // The receiver has the bytes before the server has recorded the attempt: poll the delivery log.
      await waitFor(async () => {
        const log = await api<{ items: { status: string }[] }>(
          second.url,
          'GET',
          `/events/deliveries?event=${cut.event.id}`,
        );
        return log.json.items.length === 1 && log.json.items[0]!.status === 'delivered';
      });
    });
  });
}
