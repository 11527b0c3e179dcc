import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPool, inTransaction, isUnreachable, pgTarget } from '../../../src/timeline/postgres/pgConnect';

/** A PostgreSQL backend message: its type byte, its length (itself included), its body. */
function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

const AUTHENTICATION_OK = message('R', Buffer.from([0, 0, 0, 0]));
const READY_FOR_QUERY = message('Z', Buffer.from('I'));
/** What a backend says when `pg_ctl stop` (fast) reaches it: SQLSTATE 57P01. */
const TERMINATING = message('E', Buffer.from('SFATAL\0C57P01\0Mterminating connection due to administrator command\0\0'));

/**
 * A backend that finished the start-up of a connection just as the server began to stop: its
 * ReadyForQuery and its 57P01 reach the client in one packet. The real server does this when a
 * fast shutdown lands in the instant after a new connection's start-up (CI, on a loaded machine:
 * the cockpit exited 70 with "internal error: terminating connection due to administrator
 * command"); a fake peer makes that instant happen every time.
 */
function stoppingServer(): Promise<{ server: Server; url: string; connections: () => number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.end(Buffer.concat([AUTHENTICATION_OK, READY_FOR_QUERY, TERMINATING]));
    });
  });
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ server, url: `postgres://cockpit@127.0.0.1:${port}/cockpit`, connections: () => sockets.size });
    });
  });
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('a pooled connection the server ends as it is handed out', () => {
  it('fails the transaction as the store being unreachable, and the process goes on', async () => {
    const { server, url, connections } = await stoppingServer();
    servers.push(server);
    const pool = createPool(pgTarget(url, {}));
    const crashes: unknown[] = [];
    const crashed = (error: unknown) => crashes.push(error);
    // Vitest reports an uncaught error too; this names it in the assertion.
    process.prependListener('uncaughtException', crashed);
    try {
      const outcome = await inTransaction(pool, async (client) => client.query('SELECT 1')).then(
        () => 'committed',
        (error: unknown) => error,
      );
      expect(crashes).toEqual([]);
      expect(outcome).not.toBe('committed');
      expect(isUnreachable(outcome)).toBe(true);
      // The pool did not keep the dead client: the next transaction asks for a new connection (and fails the same way).
      const again = await inTransaction(pool, async (client) => client.query('SELECT 1')).catch((error: unknown) => error);
      expect(isUnreachable(again)).toBe(true);
      expect(connections()).toBe(2);
      expect(crashes).toEqual([]);
    } finally {
      process.removeListener('uncaughtException', crashed);
      await pool.end().catch(() => undefined);
    }
  });
});
