import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';
import { findOnPath } from '../support/localServer';
import { VALID, variant } from '../support/runbookText';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-lint-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cockpit lint (built CLI, stdout piped)', () => {
  it('exits 0 on the example runbooks', async () => {
    const result = await cockpit(['lint', 'runbooks/']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^\d+ files checked, no problems$/m);
    expect(result.exitCode).toBe(0);
  });

  it('reports every problem of every file, sorted, one `path:line:col: message` line each, exit 1', async () => {
    await writeFile(join(dir, 'b.yaml'), variant('severity: SEV2', 'severity: SEV9').replace('action: flags.set', 'action: flag.set'));
    await writeFile(join(dir, 'a.yml'), variant('first_actions:', 'firts_actions:'));
    await writeFile(join(dir, 'ok.yaml'), VALID);
    await writeFile(join(dir, 'notes.txt'), 'not a runbook');
    const result = await cockpit(['lint', dir]);
    expect(result.stdout.split('\n')).toEqual([
      `${join(dir, 'a.yml')}:1:1: missing required field \`first_actions\``,
      `${join(dir, 'a.yml')}:19:1: unknown key \`firts_actions\` (did you mean \`first_actions\`?)`,
      `${join(dir, 'b.yaml')}:4:11: severity: bad severity "SEV9": expected one of SEV1, SEV2, SEV3, SEV4`,
      `${join(dir, 'b.yaml')}:22:20: unknown provider \`flag\` in action \`flag.set\` (did you mean \`flags.set\`?)`,
    ]);
    expect(result.stderr).toContain('4 problems in 2 of 3 files');
    expect(result.exitCode).toBe(1);
  });

  it('rejects PromQL that Prometheus rejects (its own promtool): `rate` of an instant vector, a regex that does not compile', async () => {
    await findOnPath('promtool', 'promtool is not installed: scripts/ensure-test-deps.sh installs the Debian package prometheus');
    await writeFile(join(dir, 'types.yaml'), variant('/ sum(rate(http_requests_total{job="checkout"}[$window]))', '/ sum(rate(http_requests_total{job="checkout"}))'));
    await writeFile(join(dir, 'regex.yaml'), variant('code=~"5.."', 'code=~"(5.."'));
    const result = await cockpit(['lint', join(dir, 'types.yaml'), join(dir, 'regex.yaml')]);
    expect(result.stdout.split('\n')).toEqual([
      // Line and column of what Prometheus names: the instant vector given to rate, the matcher with the bad regex.
      `${join(dir, 'regex.yaml')}:14:51: Prometheus rejects this query (promtool): error parsing regexp: missing closing ): \`^(?:(5..)$\``,
      `${join(dir, 'types.yaml')}:15:18: Prometheus rejects this query (promtool): expected type range vector in call to function "rate", got instant vector`,
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('checks each kill switch against the flagd file beside the runbook: a flag it lacks, a variant the flag lacks (what its plan would refuse during the incident)', async () => {
    const at = join(dir, 'kill-switches');
    await mkdir(join(at, 'flags'), { recursive: true });
    await writeFile(join(at, 'flags', 'checkout.flagd.json'), JSON.stringify({ flags: { checkout_v2: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } } }));
    await writeFile(join(at, 'good.yaml'), VALID);
    await writeFile(join(at, 'flag.yaml'), VALID.replace('flag: checkout_v2', 'flag: checkout_v3'));
    await writeFile(join(at, 'variant.yaml'), VALID.replace('variant: "off"', 'variant: "of"'));
    const result = await cockpit(['lint', at]);
    expect(result.stdout.split('\n')).toEqual([
      `${join(at, 'flag.yaml')}:22:37: flag "checkout_v3" is not in ./flags/checkout.flagd.json (did you mean "checkout_v2"?); its flags: checkout_v2`,
      `${join(at, 'variant.yaml')}:22:59: flag "checkout_v2" has no variant "of"; its variants: on, off`,
    ]);
    expect(result.stderr).toContain('2 problems in 2 of 3 files');
    expect(result.exitCode).toBe(1);
  });

  // A new team's runbook: `bearer: "eyJhbGciOi…"` and `X-Api-Key: sk_live_…` passed lint ("no problems") and the drill.
  it('finds a credential written into the runbook, by its format or by the key that names it; `${NAME}` is the way', async () => {
    const at = join(dir, 'secrets');
    await mkdir(at, { recursive: true });
    const slo = 'slo: { plugin: prometheus, url: "http://prometheus.internal:9090" }';
    await writeFile(join(at, 'jwt.yaml'), VALID.replace(slo, 'slo: { plugin: prometheus, url: "http://prometheus.internal:9090", bearer: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl" }'));
    await writeFile(join(at, 'header.yaml'), VALID.replace(slo, 'slo: { plugin: prometheus, url: "http://prometheus.internal:9090", headers: { X-Api-Key: "abcd1234efgh5678zzzz" } }'));
    await writeFile(join(at, 'env.yaml'), VALID.replace(slo, 'slo: { plugin: prometheus, url: "http://prometheus.internal:9090", bearer: "${PROM_TOKEN}", headers: { X-Api-Key: "${PROM_KEY}" } }'));
    const result = await cockpit(['lint', at]);
    const said = 'this looks like a credential written into the runbook: put it in an environment variable, write `${NAME}` here and list NAME under `secrets:` (the cockpit then redacts it wherever it writes)';
    expect(result.stdout.split('\n')).toEqual([`${join(at, 'header.yaml')}:8:92: ${said}`, `${join(at, 'jwt.yaml')}:8:78: ${said}`]);
    expect(result.stderr).toContain('2 problems in 2 of 3 files');
    expect(result.exitCode).toBe(1);
  });

  it('exits 2 for a path that does not exist', async () => {
    const result = await cockpit(['lint', join(dir, 'missing.yaml')]);
    expect(result.stderr).toContain(`no such file or directory: ${join(dir, 'missing.yaml')}`);
    expect(result.exitCode).toBe(2);
  });

  // The installed package's runbooks (under node_modules) and a team's `.team/runbooks` read "0 files checked,
  // no problems", exit 0; a missing severity read "severity: bad severity undefined".
  it('searches a directory named under node_modules or a dot-folder; one with nothing to check exits 2', async () => {
    const nested = join(dir, '.team', 'node_modules', 'runbooks');
    await mkdir(nested, { recursive: true });
    await writeFile(join(nested, 'broken.yaml'), VALID.replace(/^severity: .*\n/m, ''));
    const result = await cockpit(['lint', nested]);
    expect(result.stdout).toBe(`${join(nested, 'broken.yaml')}:1:1: missing required field \`severity\``);
    expect(result.exitCode).toBe(1);
    const empty = join(dir, 'empty');
    await mkdir(join(empty, '.git'), { recursive: true });
    await writeFile(join(empty, '.git', 'config.yaml'), 'x: 1\n');
    const none = await cockpit(['lint', empty]);
    expect(none.stderr).toBe(`cockpit lint: no runbook or scenario file (*.yaml, *.yml) in ${empty}: nothing was checked`);
    expect(none.exitCode).toBe(2);
  });

  it('exits 2 without arguments, with usage on stderr', async () => {
    const result = await cockpit(['lint']);
    expect(result.stderr).toMatch(/missing required argument 'paths'/);
    expect(result.exitCode).toBe(2);
  });

  it('rejects a hostile file with a located message and no stack trace', async () => {
    await writeFile(join(dir, 'deep.yaml'), `version: 1\nservice: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const result = await cockpit(['lint', join(dir, 'deep.yaml')]);
    expect(result.stdout).toMatch(new RegExp(`^${join(dir, 'deep.yaml')}:2:\\d+: nesting is (far )?deeper than 64 levels`));
    expect(result.stderr).not.toMatch(/\s+at /);
    expect(result.exitCode).toBe(1);
  });
});

describe('cockpit schema and the command table', () => {
  it('prints the JSON Schema', async () => {
    const result = await cockpit(['schema']);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'service', 'providers', 'slos', 'first_actions', 'recovery']));
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'service', 'owner', 'severity', 'first_actions']));
    expect(result.exitCode).toBe(0);
  });

  // Every command's --help: test/cli/conventions.test.ts.
});

describe('cockpit lint on drill scenarios', () => {
  it('checks a scenario file against the scenario format, located like runbook problems', async () => {
    const clean = await cockpit(['lint', 'src/sandbox/scenarios']);
    expect(clean.stdout).toBe('');
    expect(clean.exitCode).toBe(0);
    const broken = await cockpit(['lint', 'test/fixtures/scenarios/broken.yaml']);
    expect(broken.stdout).toContain("test/fixtures/scenarios/broken.yaml:18:17: revision 43 is not in deploys.history (revisions: 41, 42)");
    expect(broken.exitCode).toBe(1);
  });
});

describe('plugins from the user settings', () => {
  it('are available to every runbook, and a broken one is reported at the top of each', async () => {
    const settingsDir = await mkdtemp(join(tmpdir(), 'cockpit-settings-'));
    try {
      const fixtures = new URL('../fixtures/plugins/', import.meta.url).pathname;
      const runbook = join(settingsDir, 'status.yaml');
      await writeFile(
        runbook,
        `${VALID.replace('providers:\n', 'providers:\n  status: { plugin: statuspage, page_id: abc }\n')}`,
      );
      await writeFile(join(settingsDir, 'settings.json'), JSON.stringify({ plugins: [join(fixtures, 'statuspage.mjs')] }));
      const clean = await cockpit(['lint', runbook], { env: { COCKPIT_DATA_DIR: settingsDir } });
      expect(clean.stdout).toBe('');
      expect(clean.exitCode).toBe(0);

      await writeFile(join(settingsDir, 'settings.json'), JSON.stringify({ plugins: [join(fixtures, 'statuspage.mjs'), join(fixtures, 'throws-on-import.mjs')] }));
      const broken = await cockpit(['lint', runbook], { env: { COCKPIT_DATA_DIR: settingsDir } });
      // Without a manifest lint cannot check it without running it; --trust-plugins runs it (in a worker).
      expect(broken.stdout).toBe(
        `${runbook}:1:1: plugin \`${join(fixtures, 'throws-on-import.mjs')}\` has no manifest (throws-on-import.cockpit.json beside it, or a \`cockpit\` field in its package.json), so its settings cannot be checked without running it; \`cockpit lint --trust-plugins\` runs it (listed under plugins in your settings)`,
      );
      expect(broken.exitCode).toBe(1);
      const trusted = await cockpit(['lint', '--trust-plugins', runbook], { env: { COCKPIT_DATA_DIR: settingsDir } });
      expect(trusted.stdout).toBe(
        `${runbook}:1:1: plugin \`${join(fixtures, 'throws-on-import.mjs')}\` could not be loaded: this plugin cannot find its native module (listed under plugins in your settings)`,
      );
      expect(trusted.exitCode).toBe(1);
    } finally {
      await rm(settingsDir, { recursive: true, force: true });
    }
  });
});
