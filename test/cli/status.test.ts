import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEcsEndpoint, type EcsEndpoint } from '../../src/sandbox/ecs';
import type { NewEvent } from '../../src/core/events';
import type { StatusSnapshot } from '../../src/session/statusSnapshot';
import { awsTestCredentials } from '../fixtures/ecs/credentials';
import { checkoutWorld, FIXTURE_NOW } from '../fixtures/ecs/checkoutWorld';
import { openIncident } from '../../src/timeline/openIncident';
import { acquireLock } from '../../src/timeline/lock';
import { cockpit } from '../support/cli';
import { startPostgres } from '../support/postgres';
import { pgIncidentStore } from '../../src/timeline/postgres/pgIncidentStore';
import { counterOpenMetrics, startPrometheus, type PrometheusServer } from '../support/prometheus';

const STEP_S = 15;
const HISTORY_S = 7 * 3600;
const INCIDENT_S = 70 * 60;
const RPS = 20;
const ratioAt = (ageS: number) => (ageS <= INCIDENT_S ? 0.08 : 0.005);

let dir: string;
let prometheus: PrometheusServer;
let ecs: EcsEndpoint;
let samples: { t: number; total: number; errors: number }[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-status-'));
  // History that ends now, so a snapshot taken "now" sees it.
  const end = Math.floor(Date.now() / 1000);
  samples = [];
  let total = 0;
  let errors = 0;
  for (let t = end - HISTORY_S; t <= end; t += STEP_S) {
    total += RPS * STEP_S;
    errors += RPS * STEP_S * ratioAt(end - t);
    samples.push({ t, total, errors });
  }
  const om = counterOpenMetrics('http_requests', [
    { labels: { job: 'checkout', code: '200' }, samples: samples.map((s) => [s.t, s.total - s.errors] as const) },
    { labels: { job: 'checkout', code: '500' }, samples: samples.map((s) => [s.t, s.errors] as const) },
  ]);
  [prometheus, ecs] = await Promise.all([startPrometheus(om), startEcsEndpoint({ world: checkoutWorld(), clock: () => FIXTURE_NOW })]);
  await cp(new URL('../../runbooks/flags', import.meta.url).pathname, join(dir, 'flags'), { recursive: true });
  const runbook = (await readFile(new URL('../../runbooks/checkout-api.yaml', import.meta.url), 'utf8')).replace(
    /environments:\n(?: {2}.*\n)+/,
    [
      'environments:',
      `  test:`,
      `    deploys: { endpoint: "${ecs.url}" }`,
      `    slo: { url: "${prometheus.url}" }`,
      `  broken:`,
      `    deploys: { endpoint: "${ecs.url}" }`,
      `    slo: { url: "http://127.0.0.1:9", timeout: 2s }`,
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'checkout-api.yaml'), runbook);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([prometheus?.stop(), ecs?.close()]);
  await rm(dir, { recursive: true, force: true });
});

const env = { ...(awsTestCredentials().env as Record<string, string>), COCKPIT_DATA_DIR: '' };
const cleanEnv = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;

/** The ratio over the last `windowS` seconds computed from the generated samples, independently of Prometheus. */
function expectedRatio(windowS: number): number {
  const last = samples.at(-1)!;
  const first = samples.find((s) => s.t >= last.t - windowS)!;
  return (last.errors - first.errors) / (last.total - first.total);
}

describe('cockpit status against real Prometheus, the ECS endpoint and a flagd file', () => {
  it('prints correct burn rates, deploys, flags and fired triggers as JSON', async () => {
    const result = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--json'], { env: cleanEnv });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const snapshot = JSON.parse(result.stdout) as StatusSnapshot;
    expect(snapshot).toMatchObject({ service: 'checkout-api', environment: 'test' });
    if (snapshot.slos.status !== 'ok' || snapshot.deploys.status !== 'ok' || snapshot.flags.status !== 'ok') throw new Error(result.stdout);
    const availability = snapshot.slos.data[0]!;
    for (const [window, seconds] of [['5m', 300], ['30m', 1800], ['1h', 3600], ['6h', 21600]] as const) {
      const burn = availability.windows.find((w) => w.window === window)!.burnRate!;
      expect(burn / (expectedRatio(seconds) / 0.005)).toBeCloseTo(1, 2);
    }
    expect(snapshot.deploys.data.map((d) => [d.revision, d.current, d.rollbackTarget])).toEqual([
      ['checkout-api:42', true, false],
      ['checkout-api:41', false, true],
      ['checkout-api:40', false, false],
      ['checkout-api:39', false, false],
    ]);
    expect(snapshot.flags.data.map((f) => `${f.key}=${f.defaultVariant}`)).toEqual(['checkout_v2=on', 'express_pay=off', 'fraud_threshold=normal']);
    // 1h and 5m burn 16 (> 14.4): fired. 6h burns about 3.9 (< 6): quiet, though 30m burns 16.
    expect(expectedRatio(21600) / 0.005).toBeLessThan(6);
    expect(snapshot.triggers.map((t) => [t.id, t.state])).toEqual([
      ['availability:1h/5m>14.4', 'fired'],
      ['availability:6h/30m>6', 'quiet'],
    ]);
    // The mark is the provider's own plan: the same target the ROLLBACK section (and the step) gives.
    expect(snapshot.rollback).toMatchObject({ status: 'planned', step: 'rollback', current: 'checkout-api:42', target: 'checkout-api:41', verdict: { level: 'ok' } });
    expect(availability.status).toBe('burning');
    expect(snapshot.recommendations).toEqual([expect.objectContaining({ kind: 'no-explaining-change', slo: 'availability' })]);
    // Prometheus holds 7 hours of a 30-day period: the budget is counted over them, as the most
    // that is left (the 30d ratio is the 7 hours', and was read "-250% left" as the month's).
    const period = 30 * 86_400_000;
    // At least this much data (to the 10-minute step): the most that is left is then a bound.
    expect(availability.budgetDataMs).toBeLessThanOrEqual(HISTORY_S * 1000 + 60_000);
    expect(availability.budgetDataMs).toBeGreaterThanOrEqual(HISTORY_S * 1000 - 20 * 60_000);
    expect(availability.budgetRemaining).toBeCloseTo(1 - (expectedRatio(HISTORY_S) / 0.005) * (availability.budgetDataMs! / period), 3);
    expect(availability.budgetRemaining).toBeGreaterThan(0.95);
  });

  it('prints the same snapshot as text with stdout piped', async () => {
    const result = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test'], { env: cleanEnv });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^checkout-api — environment test — /);
    expect(result.stdout).toContain('▶ checkout-api:42  successful');
    expect(result.stdout).toMatch(/checkout-api:41 .*\[rollback target\]/);
    expect(result.stdout).toContain('ROLLBACK  step rollback: checkout-api:42 → checkout-api:41 (safe)\n  one revision back\n');
    expect(result.stdout).toMatch(/availability \(99\.5%\)\s+5m 16\.00x/);
    expect(result.stdout).toMatch(/FIRED\s+availability 14\.4x on 1h\+5m: long 16\.\d\dx, short 16\.\d\dx\n/);
    expect(result.stdout).toMatch(/ BURNING {2}availability \(99\.5%\)/);
    expect(result.stdout).toMatch(/ budget left ≤9\d\.\d% \([67]h of data\)\n/);
    // The fixture's deploys are days older than the 70-minute burn, and the flag file records no
    // change (the time it was copied is none): no change explains it, and the evidence says so.
    expect(result.stdout).toMatch(/RECOMMENDATION\n {2}No recent change explains the burn: no deploy or flag change in the 2h before the burn began \(by \d\d:\d\dZ, from its windows\)\n {4}· last deploy before it: checkout-api:42, \d+d ago\n/);
  });

  // A burn that came back after the service's incident was resolved: the 1h window still held the
  // first outage, and `status` dated the burn to it (clearing that incident's rollback as "after
  // the burn had begun"). The store's last resolve of the service bounds it now.
  it("reads the service's last resolved incident from the store: the burn is not dated before its resolve", async () => {
    const store = join(dir, 'store');
    const resolvedAt = new Date(Date.now() - 30 * 60_000);
    const opened = await openIncident({
      dataDir: store,
      responder: 'alice',
      now: () => new Date(resolvedAt.getTime() - 20 * 60_000),
      create: { service: 'checkout-api', severity: 'SEV2', environment: 'test', mode: 'incident', drill: false, steps: [] },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    // It rolled back from :41 (synthetic): known bad after it, and no plan of status goes there.
    const rolledAt = new Date(resolvedAt.getTime() - 10 * 60_000).toISOString();
    await opened.value.store.append({ kind: 'action.planned', at: rolledAt, data: { action: 'act-1', name: 'deploys.rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'checkout-api:41', targetRevision: 'checkout-api:40' } } });
    await opened.value.store.append({ kind: 'action.started', at: rolledAt, data: { action: 'act-1' } });
    await opened.value.store.append({ kind: 'action.succeeded', at: rolledAt, data: { action: 'act-1', summary: 'rolled back' } });
    // Checked there: what the next incident counts as known to run.
    await opened.value.store.append({ kind: 'verify.passed', at: rolledAt, data: { action: 'act-1', summary: 'checkout-api runs checkout-api:40' } });
    await opened.value.store.append({ kind: 'incident.resolved', at: resolvedAt.toISOString(), data: {} });
    await opened.value.store.close();
    const id = opened.value.store.incidentId;

    const json = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--json', '--store', store], { env: cleanEnv });
    expect(json.stderr).toBe('');
    const snapshot = JSON.parse(json.stdout) as StatusSnapshot;
    expect(snapshot.previousIncident).toEqual({
      id,
      resolvedAt: resolvedAt.toISOString(),
      rolledBackFrom: ['checkout-api:41'],
      rolledBackTo: ['checkout-api:40'],
      rollbacks: [{ revision: 'checkout-api:40', plannedAt: rolledAt, startedAt: rolledAt, by: 'alice' }],
    });
    expect(snapshot.rollback).toMatchObject({ status: 'planned', current: 'checkout-api:42' });
    expect((snapshot.rollback as { target: string }).target).not.toBe('checkout-api:41');
    const text = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test'], { env: { ...cleanEnv, COCKPIT_STORE: store } });
    const minute = resolvedAt.toISOString().slice(11, 16);
    // Why the plan goes two below the current revision: it says which it passes over, and why.
    expect(text.stdout).toContain(`ROLLBACK  step rollback: checkout-api:42 → checkout-api:40 (safe)\n  one revision back (checkout-api:41 was rolled back: no version step)\n  passes over checkout-api:41, rolled back by ${id}, the previous incident\n`);
    expect(text.stdout).toContain(`  (the longer windows may still hold the errors of ${id}, resolved ${resolvedAt.toISOString().slice(0, 10)} ${minute}Z: this burn is not dated before then)\n`);
    // The windows would date the burn 55m back, before that resolve: they date nothing, and the firing bounds the causes.
    expect(text.stdout).toContain('no deploy or flag change in the 2h before the trigger was seen firing');
    // A store that cannot be read costs only the bound.
    const unreadable = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--store', 'postgres://nobody@127.0.0.1:9/none'], { env: cleanEnv });
    expect(unreadable.exitCode).toBe(0);
    expect(unreadable.stderr).toMatch(/^cockpit status: could not read the incidents \(.*ECONNREFUSED.*\): the burn's start is estimated from the SLO windows alone$/);
    expect(unreadable.stdout).toMatch(/by \d\d:\d\dZ, from its windows/);
    // Said beside the snapshot too: a responder reading stdout took the missing OPEN INCIDENT section for none open.
    expect(unreadable.stdout).toMatch(/\nINCIDENTS {2}could not be read \(.*ECONNREFUSED.*\): an open incident of this service would not show here/);
    const unreadableJson = JSON.parse((await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--json', '--store', 'postgres://nobody@127.0.0.1:9/none'], { env: cleanEnv })).stdout) as { incidentsUnread?: string };
    expect(unreadableJson.incidentsUnread).toMatch(/ECONNREFUSED/);
    // A store named that is not there is said, not read as an empty one.
    const typo = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test'], { env: { ...cleanEnv, COCKPIT_STORE: join(dir, 'stor') } });
    expect(typo.stderr).toBe(`cockpit status: could not read the incidents (there is no store at ${join(dir, 'stor', 'incidents')}): the burn's start is estimated from the SLO windows alone`);
  });

  // A real incident: during B, status blamed a deploy made after the errors B's timeline had
  // recorded, reading the windows alone. It now reads the open incident's timeline, as its cockpit does.
  it("folds the service's open incident into the snapshot: when its trigger fired, what was done", async () => {
    const store = join(dir, 'store-open');
    const firedAt = new Date(Date.now() - 50 * 60_000);
    const opened = await openIncident({
      dataDir: store,
      responder: 'alice',
      now: () => new Date(firedAt.getTime() - 60_000),
      create: { service: 'checkout-api', severity: 'SEV2', environment: 'test', mode: 'incident', drill: false, steps: [] },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const trigger = { trigger: 'availability:1h/5m>14.4', slo: 'availability', burnRate: 16, threshold: 14.4, longBurn: 16, shortBurn: 16 };
    await opened.value.store.append({ kind: 'trigger.fired', at: firedAt.toISOString(), data: trigger });
    const flagAt = new Date(Date.now() - 10 * 60_000).toISOString();
    await opened.value.store.append({ kind: 'action.planned', at: flagAt, data: { action: 'act-1', name: 'flags.set', summary: 'Set checkout_v2 to off', calls: [], facts: { flag: 'checkout_v2', before: 'on', after: 'off' } } });
    await opened.value.store.append({ kind: 'action.started', at: flagAt, data: { action: 'act-1' } });
    await opened.value.store.append({ kind: 'action.succeeded', at: flagAt, data: { action: 'act-1', summary: 'checkout_v2 is off' } });
    await opened.value.store.close();
    const id = opened.value.store.incidentId;
    const text = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--store', store], { env: cleanEnv });
    // Its trigger fired 50 minutes ago and a kill switch was set 10 minutes ago: the burn goes on
    // after it. Read from the windows alone, the trigger was "seen firing" now, and nothing was done.
    expect(text.stdout).toMatch(/RECOMMENDATION\n {2}checkout_v2 set to off \d+m ago, but the burn goes on \(5m 16\.0x →\): look for another cause\n/);
    expect(text.stdout).toContain('    · no deploy or flag change in the 2h before the trigger fired\n');
    expect(text.stdout).toMatch(/availability burning 16\.0x on 1h and 16\.0x on 5m \(trigger > 14\.4\), fired 5\dm ago\n/);
    expect(text.stdout).toContain(`\nOPEN INCIDENT  ${id} (opened `);
    expect(text.stdout).toContain('the recommendation reads its timeline (5 events, the last at ');
    // The command that resumes it, with the environment it is in; and what was done, by whom.
    expect(text.stdout).toContain(`(\`cockpit open ${join(dir, 'checkout-api.yaml')} --env test --store ${store}\` resumes it)\n  ${flagAt.slice(11, 19)}Z  alice: Set checkout_v2 to off — succeeded, being verified`);
    const json = JSON.parse((await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--json', '--store', store], { env: cleanEnv })).stdout) as StatusSnapshot & { openIncident?: { id: string; timelineEvents: number } };
    expect(json.openIncident).toMatchObject({ id, timelineEvents: 5, actions: [`${flagAt.slice(11, 19)}Z  alice: Set checkout_v2 to off — succeeded, being verified`] });
    // A cockpit drives it (this process holds its lock): a second writer would be refused, so status says how to watch it.
    const lock = await acquireLock(join(store, 'incidents', id), new Date());
    if (!lock.ok) throw new Error(lock.error.message);
    const driven = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--store', store], { env: cleanEnv });
    expect(driven.stdout).toContain(`(driven by a cockpit (pid ${process.pid} on ${hostname()}, since `);
    expect(driven.stdout).toContain(`: \`cockpit open ${join(dir, 'checkout-api.yaml')} --env test --store ${store} --read-only\` watches it)`);
    await lock.value.release();
    expect(json.recommendations).toEqual([expect.objectContaining({ kind: 'not-recovering' })]);
    // A timeline that breaks is read up to the break, and says where.
    await appendFile(join(store, 'incidents', id, 'events.jsonl'), '{"seq":6,"torn\n');
    const broken = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--store', store], { env: cleanEnv });
    expect(broken.stdout).toContain('the recommendation reads its timeline (5 events up to where it breaks: event 6 does not verify: ');
    expect(broken.stdout).toMatch(/checkout_v2 set to off \d+m ago, but the burn goes on/);
    expect(broken.stdout).toContain('resumes it)');
    // Broken before its last line, `open` refuses to write to it: "resumes it" sent the responder to a refusal.
    await appendFile(join(store, 'incidents', id, 'events.jsonl'), '{"seq":7}\n');
    const refused = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--store', store], { env: cleanEnv });
    expect(refused.stdout).toContain(`(\`cockpit verify ${id}\` says where it breaks; \`cockpit open ${join(dir, 'checkout-api.yaml')} --env test --store ${store} --read-only\` watches it: \`open\` refuses to write to it)`);
    expect(refused.stdout).not.toContain('resumes it');
  });

  // Status during a real incident said the rollback's deployment was "by erin", who had built the
  // revision it went back to; the cockpit, its timeline and the postmortem said root, who confirmed it.
  /** Zoe's incident in `store`, her rollback to :42 confirmed and started at 02:23 (the fixture's :42 deployment began at 02:24), then `after`. */
  async function zoesRollback(store: string, after: NewEvent[] = []): Promise<void> {
    const opened = await openIncident({
      dataDir: store,
      responder: 'zoe',
      now: () => new Date('2026-11-22T02:20:00.000Z'),
      create: { service: 'checkout-api', severity: 'SEV2', environment: 'test', mode: 'incident', drill: false, steps: [] },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const at = '2026-11-22T02:23:00.000Z';
    await opened.value.store.append({ kind: 'action.planned', at, data: { action: 'act-1', name: 'deploys.rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'checkout-api:43', targetRevision: 'checkout-api:42' } } });
    await opened.value.store.append({ kind: 'action.confirmed', at, data: { action: 'act-1', typed: true } });
    await opened.value.store.append({ kind: 'action.started', at, data: { action: 'act-1' } });
    for (const event of after) await opened.value.store.append(event);
    await opened.value.store.close();
  }

  it("names whoever confirmed the open incident's rollback as its deployment's actor, as the cockpit does", async () => {
    const store = join(dir, 'store-rollback');
    await zoesRollback(store);
    const text = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--store', store], { env: cleanEnv });
    expect(text.stdout).toContain('▶ checkout-api:42  successful 2026-11-22T02:24:00.000Z by zoe ');
    const plain = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test'], { env: cleanEnv });
    expect(plain.stdout).toContain('▶ checkout-api:42  successful 2026-11-22T02:24:00.000Z by dave ');
  });

  // A real rig (moto, no ListServiceDeployments): once the incident was resolved, status, the next
  // incident's panel and its timeline named the rollback's deployment after the build's author.
  it("names the previous incident's rollback as its deployment's actor once that incident is resolved", async () => {
    const store = join(dir, 'store-resolved-rollback');
    await zoesRollback(store, [
      { kind: 'action.succeeded', at: '2026-11-22T02:23:00.000Z', data: { action: 'act-1', summary: 'rolled back' } },
      { kind: 'incident.resolved', at: '2026-11-22T02:40:00.000Z', data: {} },
    ]);
    const text = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--store', store], { env: cleanEnv });
    expect(text.stdout).toContain('▶ checkout-api:42  successful 2026-11-22T02:24:00.000Z by zoe ');
  });

  // A responder's test: `status … --store postgres://cockpit:sekret@…` printed the password in the command that watches
  // the open incident, and named one of its two writers.
  it('names every cockpit writing the open incident of a shared store, and prints its URL without the password', { timeout: 120_000 }, async () => {
    const PASSWORD = 'St4tus-sekret-913';
    const server = await startPostgres({ password: PASSWORD });
    try {
      expect((await cockpit(['store', 'migrate', '--store', server.url], { env: cleanEnv })).exitCode).toBe(0);
      const incidents = pgIncidentStore(server.url);
      // A resolved one before it, with a rollback: its summary (jsonb) read back in another key order than its log folds to,
      // and every `status` said `…'s summary (incident.json) does not match its log`.
      const before = await incidents.open({ responder: 'alice', create: { service: 'checkout-api', severity: 'SEV2', environment: 'test', mode: 'incident', drill: false, steps: [] } });
      if (!before.ok) throw new Error(before.error.message);
      await before.value.store.append({ kind: 'action.planned', data: { action: 'act-1', name: 'deploys.rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'checkout-api:41', targetRevision: 'checkout-api:40' } } });
      await before.value.store.append({ kind: 'action.started', data: { action: 'act-1' } });
      await before.value.store.append({ kind: 'action.succeeded', data: { action: 'act-1', summary: 'rolled back' } });
      await before.value.store.append({ kind: 'verify.passed', data: { action: 'act-1', summary: 'checkout-api runs checkout-api:40' } });
      await before.value.store.append({ kind: 'incident.resolved', data: {} });
      await before.value.store.close();
      const opened = await incidents.open({ responder: 'alice', create: { service: 'checkout-api', severity: 'SEV2', environment: 'test', mode: 'incident', drill: false, steps: [] } });
      if (!opened.ok) throw new Error(opened.error.message);
      const id = opened.value.store.incidentId;
      await opened.value.store.close();
      await incidents.close();
      for (const [cockpitId, responder, readOnly] of [['c-alice', 'alice', false], ['c-bob', 'bob', false], ['c-carol', 'carol', true]] as const) {
        await server.sql(`INSERT INTO cockpit_presence VALUES ('${cockpitId}', '${id}', '${responder}', ${readOnly}, now(), now() + interval '10 minutes')`);
      }
      const text = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--store', server.url], { env: cleanEnv });
      expect(text.stderr).toBe('');
      const json = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'test', '--json', '--store', server.url], { env: cleanEnv });
      expect(json.stderr).toBe('');
      expect(text.stdout).toContain(`\nOPEN INCIDENT  ${id} (opened `);
      expect(text.stdout).toMatch(/\(driven by (alice's cockpit, since \d\d:\d\d:\d\dZ and bob's|bob's cockpit, since \d\d:\d\d:\d\dZ and alice's) cockpit, since \d\d:\d\d:\d\dZ: `cockpit open /);
      expect(text.stdout).toContain(`--env test --store postgres://postgres@127.0.0.1:${server.port}/postgres --read-only\` watches it)`);
      expect(`${text.stdout}${text.stderr}`).not.toContain(PASSWORD);
      expect(text.stdout).not.toContain("carol's cockpit");
      // `sslmode` as libpq reads it (node-postgres read `require` as verify-full, with an 11-line SECURITY WARNING on
      // stderr): this server has no TLS, and the refusal is one line.
      const require_ = await cockpit(['incidents', '--store', `${server.url}?sslmode=require`], { env: cleanEnv });
      expect(require_.exitCode).toBe(2);
      expect(require_.stderr).not.toContain('SECURITY WARNING');
      expect(require_.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await server.destroy();
    }
  });

  it('exits 3 when a provider fails, still printing the others', async () => {
    const result = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'broken'], { env: cleanEnv });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/SLO BURN {2}slo \(prometheus\)\n {2}FAILED: /);
    expect(result.stdout).toContain('▶ checkout-api:42');
    expect(result.stdout).toContain('checkout_v2  ENABLED  on');
    expect(result.stdout).toMatch(/no data\s+availability 14\.4x/);
    // No recommendation without the burn: said, not left out.
    expect(result.stdout).toContain('RECOMMENDATION\n  none: the SLO provider did not answer, so the burn is unknown');
    // In JSON, the failed section says what kind of failure it was, for a script to branch on.
    const json = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'broken', '--json'], { env: cleanEnv });
    expect(json.exitCode).toBe(3);
    const snapshot = JSON.parse(json.stdout) as { format: string; slos: { status: string; kind: string; error: string; source: string }; providerFailures: unknown[] };
    expect(snapshot.format).toBe('incident-cockpit/status-v1');
    expect(snapshot.slos).toMatchObject({ status: 'failed', kind: expect.stringMatching(/^(unreachable|timeout|invalid-response|not-found)$/) });
    // It read `"providerFailures": []` beside a failed section: a script reading the list saw everything answer.
    expect(snapshot.providerFailures).toEqual([{ provider: snapshot.slos.source, error: snapshot.slos.error, kind: snapshot.slos.kind }]);
  });

  it('exits 2 for an environment the runbook does not have', async () => {
    const result = await cockpit(['status', join(dir, 'checkout-api.yaml'), '--env', 'qa'], { env: cleanEnv });
    expect(result.stderr).toBe('cockpit status: the runbook has no environment `qa` (it has: test, broken)');
    expect(result.exitCode).toBe(2);
  });
});
