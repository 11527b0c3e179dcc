import { describe, expect, it } from 'vitest';
import { load, problemsOf, VALID, variant } from '../../support/runbookText';
import { builtinPlugins } from '../../../plugins/index';
import { loadRunbookText } from '../../../src/runbook/load';

describe('loading a valid runbook', () => {
  it('returns the typed runbook with defaults applied', () => {
    const result = load(VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.runbook.service).toBe('checkout-api');
    expect(result.runbook.first_actions.map((s) => s.id)).toEqual(['disable-flag', 'page-db']);
    expect(result.runbook.rollback?.target).toBe('previous');
    expect(result.runbook.slos[0]?.error_ratio).toContain('[$window]');
  });
});

describe('YAML problems', () => {
  it('reports a syntax error where it is', () => {
    expect(problemsOf('version: 1\nservice: a\nowner: x: y\n')[0]).toMatch(/^3:\d+: YAML syntax error: /);
  });

  // A play-test: an unclosed `{` was reported two lines below it as `misindented`.
  it('points at a flow collection never closed, not at the line where the block went on', () => {
    expect(problemsOf('version: 1\nservice: [a, b\nowner: x\n')).toEqual(['2:10: this [ is never closed (a flow list ends with ]): the lines after it were read as part of it']);
    const nested = "version: 1\nservice: a\nowner: b's team\nseverity: SEV2\nproviders:\n  deploys: { plugin: ecs, cluster: \"{prod\" # a { in a comment\n  flags: { plugin: flagd }\n";
    expect(problemsOf(nested)).toEqual(['6:12: this { is never closed (a flow mapping ends with }): the lines after it were read as part of it']);
  });

  it('reports a duplicate key at the second occurrence, naming it and the line where it was first set', () => {
    expect(problemsOf(variant('owner: commerce-platform\n', 'owner: commerce-platform\nowner: other\n'))).toEqual([
      '4:1: duplicate key `owner`: first set at line 3; keys must be unique',
    ]);
  });

  // A play-test: `run:` at 3 spaces between keys at 4 read "Sequence item without - indicator" there, and "misindented"
  // of the next key, correctly indented.
  it('points at a line indented unlike the lines around it, alone', () => {
    const base = 'version: 1\nservice: a\nowner: b\nseverity: SEV2\nfirst_actions:\n  - id: a\n';
    const run = '    run: { action: command.run, argv: [ls] }\n';
    const at3 = '8:4: misindented: this line is indented 3 spaces and the line above it 4; the keys of one mapping start in the same column';
    // Between keys at 4; the last of its item; and under a `- id:` (its keys start at 4, after the dash), with the
    // errors yaml found after it left out (they are of lines it read wrongly for it).
    expect(problemsOf(`${base}    title: A\n   run: { action: command.run, argv: [ls] }\n    confirm: true\n`)).toEqual([at3]);
    expect(problemsOf(`${base}    title: A\n   confirm: true\n  - id: b\n${run}`)).toEqual([at3]);
    expect(problemsOf(`${base}   title: A\n    hint: say: more\n${run}`)).toEqual([at3.replace('8:4', '7:4')]);
  });

  it('points at the misindented line, not the one above it, whether it is indented too deep or not enough', () => {
    const base = 'version: 1\nservice: a\nowner: b\nseverity: SEV2\nproviders:\n  deploys:\n    plugin: ecs\n';
    expect(problemsOf(`${base}     cluster: prod\n    service: x\n`)).toEqual([
      '8:6: misindented: this line is indented 5 spaces and the line above it 4; the keys of one mapping start in the same column',
    ]);
    expect(problemsOf(`${base}\n   # a comment\n   cluster: prod\n`)).toEqual([
      '10:4: misindented: this line is indented 3 spaces and the line above it 4; the keys of one mapping start in the same column',
    ]);
  });

  it('rejects a document that is not a mapping', () => {
    expect(problemsOf('- just\n- a list\n')).toEqual(['1:1: a runbook must be a YAML mapping (key: value pairs) at the top level']);
    expect(problemsOf('# only a comment\n"a string"\n')).toEqual(['2:1: a runbook must be a YAML mapping (key: value pairs) at the top level']);
  });
});

describe('schema problems, each at its line and column', () => {
  it('suggests the key that was meant', () => {
    expect(problemsOf(variant('first_actions:', 'firts_actions:'))).toEqual([
      '1:1: missing required field `first_actions`',
      '19:1: unknown key `firts_actions` (did you mean `first_actions`?)',
    ]);
  });

  // A hostile play-test: a service id of 300 letters linted clean, and `drill` ended ENAMETOOLONG (its incidents' directory).
  it('refuses an id too long for a directory name', () => {
    expect(problemsOf(variant('service: checkout-api', `service: ${'s'.repeat(101)}`))).toEqual(["2:10: service: ids are at most 100 characters (a service's is part of its incidents' directory names)"]);
    expect(problemsOf(variant('service: checkout-api', `service: ${'s'.repeat(100)}`))).toEqual([]);
  });

  it('lists the keys when nothing is close', () => {
    expect(problemsOf(variant('    confirm: true\n', '    confirm: true\n    zzz: 1\n'))).toEqual([
      '24:5: unknown key `zzz` in first_actions[0] (expected one of: id, title, hint, run, confirm, verify, reverses)',
    ]);
  });

  it('reports wrong types at the value', () => {
    expect(problemsOf(variant('    confirm: true', '    confirm: yes please'))).toEqual([
      '23:14: first_actions[0].confirm: expected true or false, got the string "yes please"',
    ]);
  });

  it('reports a missing required field at the mapping that lacks it', () => {
    expect(problemsOf(variant('    title: Check the primary database\n', ''))).toEqual(['24:5: missing required field `title` in first_actions[1]']);
  });

  it('reports bad durations, severities and objectives', () => {
    const text = variant('severity: SEV2', 'severity: SEV5').replace('period: 30d', 'period: 5mins').replace('objective: 99.5', 'objective: 100');
    expect(problemsOf(text)).toEqual([
      '4:11: severity: bad severity "SEV5": expected one of SEV1, SEV2, SEV3, SEV4',
      '11:16: slos[0].objective: must be a percentage strictly between 0 and 100, got 100',
      '12:13: slos[0].period: bad duration "5mins": expected a duration like 30s, 5m, 1h or 30d',
    ]);
    expect(problemsOf(variant('objective: 99.5', 'objective: 0'))).toEqual([
      '11:16: slos[0].objective: must be a percentage strictly between 0 and 100, got 0',
    ]);
  });

  it('validates a plugin section with the plugin schema', () => {
    // `region` itself is optional (AWS_REGION or the profile's may give it).
    expect(problemsOf(variant('region: us-east-1 }', 'regoin: us-east-1 }'))).toEqual([
      '6:65: unknown key `regoin` in providers.deploys (did you mean `region`?)',
    ]);
    expect(problemsOf(variant('cluster: prod,', ''))).toEqual(['6:12: missing required field `cluster` in providers.deploys']);
    expect(problemsOf(variant('plugin: ecs,', 'plugin: ecss,'))).toEqual(['6:22: unknown plugin `ecss` (did you mean `ecs`?)']);
  });

  it('validates action parameters with the action schema', () => {
    expect(problemsOf(variant('flag: checkout_v2, variant: "off" }', 'flag: checkout_v2 }'))).toEqual([
      '22:10: missing required field `variant` in first_actions[0].run',
    ]);
  });
});

describe('cross-checks', () => {
  it('reports duplicate step ids at the second one', () => {
    expect(problemsOf(variant('  - id: page-db', '  - id: disable-flag'))).toEqual([
      '24:9: duplicate step id `disable-flag` (first used on line 20)',
    ]);
  });

  it('reports a `reverses` that names no step before it', () => {
    expect(problemsOf(variant('  - id: page-db\n', '  - id: page-db\n    reverses: disable-flag\n'))).toEqual([]);
    expect(problemsOf(variant('  - id: page-db\n', '  - id: page-db\n    reverses: disable-flags\n'))).toEqual([
      '25:15: `reverses` names `disable-flags`, not a step before this one (did you mean `disable-flag`?)',
    ]);
    expect(problemsOf(variant('  - id: page-db\n', '  - id: page-db\n    reverses: page-db\n'))).toEqual([
      '25:15: `reverses` names `page-db`, not a step before this one (earlier steps: disable-flag)',
    ]);
  });

  it('checks step ids of a list with an item that is not a step, and reports that item (a fast-check counterexample threw)', () => {
    expect(problemsOf(variant('recovery:\n', 'recovery:\n  - burn-normal\n'))).toEqual([
      '28:5: recovery[0]: expected a mapping, got the string "burn-normal"',
    ]);
  });

  it('reports a run action whose provider does not exist', () => {
    expect(problemsOf(variant('action: flags.set', 'action: flag.set'))).toEqual([
      '22:20: unknown provider `flag` in action `flag.set` (did you mean `flags.set`?)',
    ]);
  });

  it('reports a run action the provider does not offer', () => {
    expect(problemsOf(variant('action: flags.set', 'action: flags.sett'))).toEqual([
      '22:20: provider `flags` (flagd) has no action `sett` (did you mean `flags.set`?)',
    ]);
    expect(problemsOf(variant('action: flags.set', 'action: slo.query'))).toEqual([
      '22:20: provider `slo` (prometheus) has no action `query`; it offers no actions',
    ]);
  });

  it('reports triggers and verify steps naming unknown SLOs', () => {
    expect(problemsOf(variant('{ slo: availability, burn_rate', '{ slo: availabilty, burn_rate'))).toEqual([
      '18:14: unknown SLO `availabilty` (did you mean `availability`?)',
    ]);
    expect(problemsOf(variant('verify: { slo: availability', 'verify: { slo: latency'))).toEqual([
      '30:20: unknown SLO `latency` (SLOs: availability)',
    ]);
  });

  it('reports a template naming an unknown variable at the template itself', () => {
    expect(problemsOf(variant('"{{service}}"', '"svc={{servce}}"'))).toEqual([
      '26:76: unknown template variable `{{servce}}` (did you mean `{{service}}`?)',
    ]);
  });

  it('accepts templates naming vars: entries', () => {
    const text = variant('"{{service}}"', '"{{queue}}"').replace('severity: SEV2\n', 'severity: SEV2\nvars: { queue: orders }\n');
    expect(problemsOf(text)).toEqual([]);
  });

  it('reports invalid PromQL at the offending line inside the block scalar', () => {
    const text = variant('/ sum(rate(http_requests_total{job="checkout"}[$window]))', '/ sum(rate(http_requests_total{job="checkout"}[$window])) by (')
    expect(problemsOf(text)).toEqual(['15:68: not valid PromQL: the expression ends too early']);
    const first = variant('sum(rate(http_requests_total{job="checkout",code=~"5.."}', 'sum(rat(http_requests_total{job="checkout",code=~"5.."}');
    expect(problemsOf(first)).toEqual([expect.stringMatching(/^14:\d+: not valid PromQL near `/)]);
  });

  it('reports an error_ratio without $window', () => {
    const text = variant(
      `error_ratio: >-
      sum(rate(http_requests_total{job="checkout",code=~"5.."}[$window]))
      / sum(rate(http_requests_total{job="checkout"}[$window]))`,
      'error_ratio: sum(rate(errors[5m])) / sum(rate(requests[5m]))',
    );
    expect(problemsOf(text)).toEqual([
      '13:18: error_ratio must use `$window` in its range selectors (e.g. `[$window]`) so each burn window can be queried',
    ]);
  });

  it('reports every problem of a runbook in one pass', () => {
    const text = variant('severity: SEV2', 'severity: SEV9').replace('action: flags.set', 'action: flag.set').replace('- id: page-db', '- id: disable-flag');
    expect(problemsOf(text)).toHaveLength(3);
  });
});

describe('environments and secrets', () => {
  it('reports an environment overriding a provider that does not exist', () => {
    const text = variant('providers:\n', 'environments:\n  staging: { deploy: { cluster: staging } }\nproviders:\n');
    expect(problemsOf(text)).toEqual(['6:14: environment `staging` overrides unknown provider `deploy` (did you mean `deploys`?)']);
  });

  it('expands ${ENV} from the environment and remembers the values as secrets', () => {
    const text = variant('url: "http://prometheus.internal:9090" }', 'url: "http://prometheus.internal:9090", bearer: "${PROM_TOKEN}" }');
    const result = load(text, { PROM_TOKEN: 's3cr3t-token' });
    expect(result.ok && result.runbook.providers.slo?.bearer).toBe('s3cr3t-token');
    expect(result.ok && result.secrets).toEqual(['s3cr3t-token']);
    const missing = load(text, {});
    expect(missing.ok ? [] : missing.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      '8:78: environment variable `PROM_TOKEN` is not set',
    ]);
  });
});

describe('which ${NAME} values are secrets', () => {
  const located = (result: ReturnType<typeof load>) => (result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`));
  const withCluster = variant('cluster: prod,', 'cluster: "${ECS_CLUSTER}",');

  it('treats a plain configuration value as plain: never a secret', () => {
    const result = load(withCluster, { ECS_CLUSTER: 'production-blue' });
    expect(result.ok && result.runbook.providers.deploys?.cluster).toBe('production-blue');
    expect(result.ok && result.secrets).toEqual([]);
  });

  it('treats a value as a secret when its name is listed under secrets:', () => {
    const result = load(`${withCluster}secrets: [ECS_CLUSTER]\n`, { ECS_CLUSTER: 'production-blue' });
    expect(result.ok && result.secrets).toEqual(['production-blue']);
  });

  it('treats a listed variable as a secret even when the runbook does not use it (env_allow may pass it on)', () => {
    const result = load(`${VALID}secrets: [DB_PASSWORD]\n`, { DB_PASSWORD: 'correct-horse-battery' });
    expect(result.ok && result.secrets).toEqual(['correct-horse-battery']);
  });

  it('refuses a listed secret shorter than 8 characters, at its secrets: entry', () => {
    const result = load(`${withCluster}secrets:\n  - ECS_CLUSTER\n`, { ECS_CLUSTER: 'prod' });
    expect(located(result)).toEqual([
      '32:5: secret `ECS_CLUSTER` is 4 characters long; a secret needs at least 8, or redacting it would cut into ordinary words',
    ]);
  });

  it('refuses a credential-named ${NAME} whose value is shorter than 8 characters, at the ${NAME}', () => {
    const text = variant('url: "http://prometheus.internal:9090" }', 'url: "http://prometheus.internal:9090", bearer: "Bearer ${PROM_TOKEN}" }');
    expect(located(load(text, { PROM_TOKEN: 'abc123' }))).toEqual([
      '8:86: `${PROM_TOKEN}` is named like a credential, so it is a secret, and its value is 6 characters long; a secret needs at least 8, or redacting it would cut into ordinary words (rename the variable if it is not a secret)',
    ]);
  });

  it('lint (no expansion) reports a short secret from its environment, and nothing for unset ones', () => {
    const text = `${VALID}secrets: [DB_PASSWORD, API_TOKEN]\n`;
    const lint = (env: Record<string, string>) => loadRunbookText(text, 'rb.yaml', { plugins: builtinPlugins, secretEnv: env });
    expect(located(lint({}))).toEqual([]);
    expect(located(lint({ DB_PASSWORD: 'hunter2' }))).toEqual([
      '31:11: secret `DB_PASSWORD` is 7 characters long; a secret needs at least 8, or redacting it would cut into ordinary words',
    ]);
  });

  it('rejects a secrets: entry that is not a variable name', () => {
    expect(problemsOf(`${VALID}secrets: ["db password"]\n`)).toEqual(['31:11: secrets[0]: secrets lists environment variable names: letters, digits and "_"']);
  });
});

describe('environment overrides', () => {
  const withStaging = (override: string) => variant('providers:\n', `environments:\n  staging: { deploys: ${override} }\nproviders:\n`);

  it('accepts a valid override and the cockpit-level drill_target key', () => {
    expect(problemsOf(withStaging('{ cluster: staging, drill_target: true }'))).toEqual([]);
  });

  it('reports only what the override itself got wrong, at the override', () => {
    expect(problemsOf(withStaging('{ clustr: staging }'))).toEqual(['6:25: unknown key `clustr` in environments.staging.deploys (did you mean `cluster`?)']);
    expect(problemsOf(withStaging('{ cluster: 42 }'))).toEqual(['6:34: environments.staging.deploys.cluster: expected a string, got number 42']);
  });
});
