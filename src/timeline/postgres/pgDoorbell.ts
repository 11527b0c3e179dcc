import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PgTarget } from './pgConnect';

const RECONNECT_MS = 1_000;

/**
 * LISTEN on one connection, as a doorbell only: a ring says "look", never what changed (a
 * notification is not replayed to a client that was not listening). Waiters read everything after
 * their last seq on each ring, and every waiter is rung when the connection comes back, since
 * notifications sent while it was down are lost.
 */
export class Doorbell {
  private readonly waiters = new Set<{ incident: string; ring: () => void }>();
  private readonly stop = new AbortController();
  private client: pg.Client | undefined;
  private running: Promise<void> | undefined;
  private onStop: Promise<void> | undefined;

  constructor(
    private readonly target: PgTarget,
    private readonly channel: string,
  ) {}

  /** Starts listening (and keeps reconnecting until closed). */
  start(): void {
    this.running ??= this.listen();
  }

  /** Resolves at the next ring for `incident` (or any reconnect), or when `signal` aborts. */
  next(incident: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiter = {
        incident,
        ring: () => {
          this.waiters.delete(waiter);
          signal.removeEventListener('abort', waiter.ring);
          resolve();
        },
      };
      if (signal.aborted) return resolve();
      this.waiters.add(waiter);
      signal.addEventListener('abort', waiter.ring, { once: true });
    });
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.client?.end().catch(() => undefined);
    await this.running;
    for (const waiter of [...this.waiters]) waiter.ring();
  }

  /** Resolves once closed, also when it was closed while a connection was being made; one listener however often it reconnects. */
  private stopped(): Promise<void> {
    const signal = this.stop.signal;
    this.onStop ??= signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    return this.onStop;
  }

  private ring(incident?: string): void {
    for (const waiter of [...this.waiters]) if (incident === undefined || waiter.incident === incident) waiter.ring();
  }

  private async listen(): Promise<void> {
    while (!this.stop.signal.aborted) {
      const client = new pg.Client({ connectionString: this.target.url, connectionTimeoutMillis: 5_000 });
      const ended = new Promise<void>((resolve) => {
        client.on('error', () => resolve());
        client.on('end', () => resolve());
      });
      try {
        await client.connect();
        this.client = client;
        client.on('notification', (message) => this.ring(message.payload));
        await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
        // Whatever was committed while nobody listened: everyone looks once.
        this.ring();
        await Promise.race([ended, this.stopped()]);
        // The connection went (the server stopped?): everyone looks now, and finds out at once.
        if (!this.stop.signal.aborted) this.ring();
      } catch {
        // Unreachable: waiters fall back to their interval; tried again below.
      }
      this.client = undefined;
      await client.end().catch(() => undefined);
      await sleep(RECONNECT_MS, undefined, { signal: this.stop.signal }).catch(() => undefined);
    }
  }
}
