/**
 * Issue #11, measured the way a responder would meet it: `cockpit status` (the built bundle, a
 * real child process) against a Prometheus stand-in that streams 300 MB per query. The peak
 * RSS of the child, from /usr/bin/time, must stay near that of a run against a normal answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHugeBodyServer, type HugeBodyServer } from '../support/hugeBodyServer';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const MB = 1_000_000;

const runbook = (url: string) => `version: 1
service: checkout-api
owner: commerce-platform
severity: SEV2
providers:
  slo: { plugin: prometheus, url: "${url}", timeout: 60s }
slos:
  - name: availability
    objective: 99.5
    error_ratio: sum(rate(http_requests_total{code=~"5.."}[$window])) / sum(rate(http_requests_total[$window]))
first_actions:
  - { id: look, title: Look at the graphs }
`;

/** Runs `cockpit status --json` under /usr/bin/time; the peak RSS in MB and the parsed output. */
async function statusUnderTime(dir: string, name: string, url: string) {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, runbook(url));
  const run = await execa('/usr/bin/time', ['-f', 'maxrss-kb=%M', process.execPath, BIN, 'status', file, '--json'], {
    reject: false,
    env: { NO_COLOR: '1', COCKPIT_DATA_DIR: dir, COCKPIT_NO_COMPILE_CACHE: '1' },
    timeout: 120_000,
  });
  const rssKb = Number(/maxrss-kb=(\d+)/.exec(String(run.stderr))?.[1]);
  return { exitCode: run.exitCode, rssMb: rssKb / 1000, stdout: String(run.stdout), stderr: String(run.stderr) };
}

let dir: string;
let huge: HugeBodyServer;
let normal: Server;
let normalUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-bounded-status-'));
  huge = await startHugeBodyServer({ bytes: 300 * MB });
  normal = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"success","data":{"resultType":"scalar","result":[0,"0.001"]}}');
  });
  await new Promise<void>((resolve) => normal.listen(0, '127.0.0.1', resolve));
  normalUrl = `http://127.0.0.1:${(normal.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await huge?.close();
  normal?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cockpit status against a Prometheus that answers 300 MB', () => {
  it('reports the SLO section as failed with "larger than 1 MB", and its peak memory stays flat', async () => {
    const baseline = await statusUnderTime(dir, 'normal', normalUrl);
    expect(baseline.exitCode).toBe(0);
    const flooded = await statusUnderTime(dir, 'huge', huge.url);
    expect(flooded.exitCode, flooded.stderr).toBe(3);
    const snapshot = JSON.parse(flooded.stdout) as { slos: { status: string; error?: string } };
    expect(snapshot.slos).toMatchObject({ status: 'failed', error: `Prometheus at ${huge.url} sent a response larger than 1 MB` });
    // Nine queries run at once, each may hold up to 1 MB before it is cut off (at 10 MB each, 92-122 MB over).
    console.info(`peak RSS: ${baseline.rssMb} MB with a normal answer, ${flooded.rssMb} MB with 300 MB answers`);
    expect(flooded.rssMb - baseline.rssMb).toBeLessThan(40);
  }, 180_000);
});
