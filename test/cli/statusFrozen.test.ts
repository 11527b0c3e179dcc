import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsTestCredentials } from '../fixtures/ecs/credentials';
import { cockpit } from '../support/cli';

/**
 * An ECS endpoint that takes connections and never answers (a frozen load balancer). A file of its own: the test waits
 * out the cockpit's 10 s poll limit, asleep, beside the other files rather than at the end of status.test.ts.
 */
let frozen: Server;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-status-frozen-'));
  frozen = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => frozen.listen(0, '127.0.0.1', resolve));
  const { port } = frozen.address() as { port: number };
  await cp(new URL('../../runbooks/flags', import.meta.url).pathname, join(dir, 'flags'), { recursive: true });
  const runbook = (await readFile(new URL('../../runbooks/checkout-api.yaml', import.meta.url), 'utf8')).replace(
    /environments:\n(?: {2}.*\n)+/,
    // Its own request limit past the cockpit's: what ends the wait is the cockpit's poll limit, as in the panel.
    `environments:\n  frozen:\n    deploys: { endpoint: "http://127.0.0.1:${port}", request_timeout: 60s }\n    slo: { url: "http://127.0.0.1:9", timeout: 2s }\n`,
  );
  await writeFile(join(dir, 'checkout-api.yaml'), runbook);
});

afterAll(async () => {
  await new Promise((resolve) => frozen?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('cockpit status against an ECS that never answers', () => {
  it('gives up at the poll limit, as the panel does, and prints the rest', async () => {
    // It waited 30 s (10 s a request, three attempts) and said `did not answer in time`; the cockpit's panel gives up at 10 s.
    const env = { ...(awsTestCredentials().env as Record<string, string>), COCKPIT_DATA_DIR: join(dir, 'data') };
    const result = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'frozen'], { env });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('DEPLOYS  deploys (ecs)\n  FAILED: no answer within 10s\n');
    expect(result.stdout).toContain('ROLLBACK  step rollback: no plan: no answer within 10s\n');
    expect(result.stdout).toContain('FLAGS  flags (flagd)\n  checkout_v2  ENABLED  on');
  });
});
