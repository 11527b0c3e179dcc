import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';
import { VALID, variant } from '../support/runbookText';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-hostile-cli-'));
  await writeFile(join(dir, 'rb.yaml'), `${VALID}environments:\n  staging: { deploys: { cluster: staging } }\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hostile input on the command line (issue #11)', () => {
  // The top bar says "in production" of the runbook's providers as written: `--env production` was
  // refused ("the runbook has no environment `production` (it has: staging)").
  it('`--env` naming the default environment is the runbook as written, not an unknown one', async () => {
    const result = await cockpit(['status', join(dir, 'rb.yaml'), '--env', 'production', '--json'], { env: { COCKPIT_DATA_DIR: dir } });
    expect(result.stderr).not.toContain('has no environment');
    expect(JSON.parse(result.stdout)).toMatchObject({ environment: 'production' });
  });

  it.each(['__proto__', 'constructor', 'toString'])('`cockpit status --env %s` is an unknown environment, exit 2', async (name) => {
    const result = await cockpit(['status', join(dir, 'rb.yaml'), '--env', name], { env: { COCKPIT_DATA_DIR: dir } });
    expect(result.stderr).toBe(`cockpit status: the runbook has no environment \`${name}\` (it has: staging)`);
    expect(result.exitCode).toBe(2);
  });

  it('a file name with a newline and a bidi override stays on one line, escaped', async () => {
    const file = join(dir, 'evil\nname\u202E.yaml');
    await writeFile(file, variant('severity: SEV2', 'severity: SEV9'));
    const result = await cockpit(['lint', file]);
    expect(result.stdout).toBe(`${dir}/evil\\nname\\u202e.yaml:4:11: severity: bad severity "SEV9": expected one of SEV1, SEV2, SEV3, SEV4`);
    expect(result.exitCode).toBe(1);
  });
});
