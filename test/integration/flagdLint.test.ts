import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import flagd from '../../plugins/flagd/index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-flagd-lint-'));
  await mkdir(join(dir, 'flags'));
  const flags = { checkout_v2: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' }, express_pay: { state: 'DISABLED', variants: { on: true }, defaultVariant: 'on' } };
  await writeFile(join(dir, 'flags', 'checkout.flagd.json'), JSON.stringify({ flags }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lint = (file: string, uses: { action: string; params: Record<string, unknown> }[]) => flagd.lintSteps!({ file }, uses, dir);

describe("the flagd plugin's look at a runbook's flag steps, for cockpit lint (a real file beside the runbook)", () => {
  it('says what a plan would refuse, per step and parameter; a sound step says nothing', async () => {
    const problems = await lint('./flags/checkout.flagd.json', [
      { action: 'set', params: { flag: 'checkout_v2', variant: 'off' } },
      { action: 'set', params: { flag: 'checkout_v3', variant: 'off' } },
      { action: 'set', params: { flag: 'checkout_v2', variant: 'legacy' } },
      { action: 'enable', params: { flag: 'expres_pay' } },
      { action: 'disable', params: { flag: 'express_pay' } },
    ]);
    expect(problems).toEqual([
      { use: 1, param: 'flag', message: 'flag "checkout_v3" is not in ./flags/checkout.flagd.json (did you mean "checkout_v2"?); its flags: checkout_v2, express_pay' },
      { use: 2, param: 'variant', message: 'flag "checkout_v2" has no variant "legacy"; its variants: on, off' },
      { use: 3, param: 'flag', message: 'flag "expres_pay" is not in ./flags/checkout.flagd.json (did you mean "express_pay"?); its flags: checkout_v2, express_pay' },
    ]);
  });

  it('leaves alone what only the incident knows: a {{template}}, and a file that is not there to read', async () => {
    expect(await lint('./flags/checkout.flagd.json', [{ action: 'set', params: { flag: '{{flag}}', variant: 'off' } }])).toEqual([]);
    expect(await lint('./flags/elsewhere.flagd.json', [{ action: 'set', params: { flag: 'anything', variant: 'off' } }])).toEqual([]);
  });
});
