import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** How long a stopping server keeps accepting after the signal, for requests still in transit. */
const SETTLE_MS = 100;
/** Longest wait for the accept backlog to empty and for new connections to send their first request. */
const FIRST_REQUEST_WAIT_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Resolves after the event loop has run one poll phase. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface ConnectionDrain {
  /**
   * Stops accepting connections without losing requests that clients have already sent. Afterwards,
   * closing the HTTP server drops only idle keep-alive connections and waits for active ones.
   */
  stopAccepting(limitMs: number): Promise<void>;
}

/**
 * A plain http.Server#close loses requests that are already on the wire: it resets connections still in
 * the kernel's accept backlog (libuv accepts one per loop turn while the loop is busy), and it destroys
 * accepted connections whose first request has not been read yet, as "idle". Attach before listening.
 */
export function connectionDrain(server: HttpServer): ConnectionDrain {
  const unused = new Set<Socket>();
  let accepted = 0;
  server.on('connection', (socket: Socket) => {
    accepted++;
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (req: IncomingMessage) => unused.delete(req.socket));
  return {
    async stopAccepting(limitMs) {
      await sleep(Math.min(SETTLE_MS, limitMs));
      const until = Date.now() + Math.min(FIRST_REQUEST_WAIT_MS, limitMs);
      // The backlog is empty once a loop turn accepts nothing.
      for (let seen = -1; seen !== accepted && Date.now() < until; ) {
        seen = accepted;
        await nextTurn();
      }
      // Only the listener: http.Server#close would also destroy the connections not yet read.
      NetServer.prototype.close.call(server);
      while (unused.size > 0 && Date.now() < until) await sleep(10);
    },
  };
}
