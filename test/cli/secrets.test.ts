import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';

const REPO = new URL('../..', import.meta.url).pathname;

const SLACK = `xoxb-${'4'.repeat(12)}-${'5'.repeat(13)}-AbCdEfGhIjKlMnOpQrStUvWx`;
const PROM_PASSWORD = 'prom-basic-auth-pw-91';
/** What a hostile provider could make a terminal do: retitle, write the clipboard, hide a link, clear. */
const HOSTILE = /\x1b\]|\x1bP|\x1b\[2J|\x07|[\x80-\x9f]|\\u001b|\\u0007|ZXZpbA|evil/;

let dir: string;
let server: Server;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-secrets-cli-'));
  // A Prometheus that refuses every query with a body full of things a terminal must not see.
  server = createServer((_req, res) => {
    res.writeHead(422, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: `auth ${SLACK} / ${PROM_PASSWORD} refused\x1b]52;c;ZXZpbA==\x07\x1bP+q\x1b\\\x9b2J` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeFile(
    join(dir, 'flags.json'),
    JSON.stringify({ flags: { 'beta\x1b]8;;https://evil.example\x07_checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } } }),
  );
  await writeFile(
    join(dir, 'rb.yaml'),
    `version: 1
service: checkout-api
owner: commerce-platform
severity: SEV2
secrets:
  - PROM_PASSWORD
providers:
  flags: { plugin: flagd, file: ./flags.json }
  slo: { plugin: prometheus, url: "${url}", headers: { X-Pass: "\${PROM_PASSWORD}" } }
slos:
  - name: availability
    objective: 99.5
    error_ratio: sum(rate(errors_total[$window])) / sum(rate(requests_total[$window]))
first_actions:
  - id: look
    title: Look
`,
  );
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const env = (password: string) => ({ PROM_PASSWORD: password, COCKPIT_DATA_DIR: join(dir, 'data') });

describe('cockpit status shows provider errors and flag names redacted and without escape sequences', () => {
  it.each([['text', []], ['json', ['--json']]] as const)('as %s', async (_format, extra) => {
    const result = await cockpit(['status', join(dir, 'rb.yaml'), ...extra], { env: env(PROM_PASSWORD) });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('refused');
    expect(result.stdout).toContain('_checkout');
    expect(result.stdout).not.toContain(SLACK);
    expect(result.stdout).not.toContain(PROM_PASSWORD);
    expect(result.stdout).not.toMatch(HOSTILE);
    expect(result.stderr).not.toMatch(HOSTILE);
  });
});

describe('a secret too short to redact', () => {
  it('is a located lint problem at its secrets: entry', async () => {
    const file = join(dir, 'rb.yaml');
    const result = await cockpit(['lint', file], { env: env('short') });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(`${file}:6:5: secret \`PROM_PASSWORD\` is 5 characters long; a secret needs at least 8, or redacting it would cut into ordinary words`);
  });

  it('is refused by status before any provider is asked', async () => {
    const result = await cockpit(['status', join(dir, 'rb.yaml')], { env: env('short') });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain(':6:5: secret `PROM_PASSWORD` is 5 characters long');
  });
});

describe('a drill redacts the runbook secrets its command steps are handed', () => {
  // A drill ran with no secrets at all: a script handed DB_PASSWORD by `env_allow` printed it, and
  // the timeline and the postmortem held it in clear (`open` redacted the same line).
  it('the timeline and the postmortem never hold the value', async () => {
    const password = 'db-pw-for-the-drill-7731';
    const runbook = (await readFile(join(REPO, 'runbooks/checkout-api.yaml'), 'utf8'))
      .replace('providers:\n', 'secrets:\n  - DB_PASSWORD\nproviders:\n  command: { plugin: command, env_allow: [PATH, DB_PASSWORD] }\n')
      .replace('first_actions:\n', `first_actions:\n  - id: leak\n    title: Print the environment\n    run: { action: command.run, argv: ["./leak.sh"] }\n`);
    const at = join(dir, 'drill');
    await mkdir(join(at, 'flags'), { recursive: true });
    await writeFile(join(at, 'rb.yaml'), runbook);
    await copyFile(join(REPO, 'runbooks/flags/checkout.flagd.json'), join(at, 'flags/checkout.flagd.json'));
    await writeFile(join(at, 'leak.sh'), '#!/bin/sh\necho "handed $DB_PASSWORD here"\n', { mode: 0o755 });
    const data = join(at, 'data');
    const drill = await cockpit(['drill', join(at, 'rb.yaml'), '--scenario', 'bad-deploy', '--autopilot', '--speed', 'max'], { env: { DB_PASSWORD: password, COCKPIT_DATA_DIR: data } });
    expect(drill.stderr).not.toContain(password);
    const [id] = await readdir(join(data, 'incidents'));
    const events = await readFile(join(data, 'incidents', id!, 'events.jsonl'), 'utf8');
    // Said as neutrally as a script would: "password: …" is redacted by its key name alone.
    expect(events).toContain('handed «redacted» here');
    expect(events).not.toContain(password);
    const md = await cockpit(['export', id!, '--format', 'md'], { env: { COCKPIT_DATA_DIR: data } });
    expect(md.stdout).toContain('handed «redacted» here');
    expect(md.stdout).not.toContain(password);
  }, 120_000);
});
