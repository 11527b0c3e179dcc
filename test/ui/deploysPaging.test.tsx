import './deterministicEnv';
import { describe, expect, test } from 'vitest';
import { BINDINGS } from '../../src/ui/keys';
import { DEPLOYS, incidentView } from './fixtures';
import { FakeController } from './fakeController';
import { lines, renderCockpit } from './harness';

/** Issue #17: a long deploys history is paged through with `[` and `]`, and its length is said. */
describe('paging through the deploys history in the cockpit', () => {
  const history = Array.from({ length: 60 }, (_, i) => ({ ...DEPLOYS[2]!, id: `d-${i}`, revision: `checkout-api:${60 - i}`, shortRevision: `:${60 - i}` }));
  const view = incidentView({ deploys: { status: 'ok', source: 'deploys (ecs)', data: history, ageMs: 1000 } });
  const pagerOf = (frame: string) => /deploys (\d+)-(\d+) of 60/.exec(frame);

  test('[ goes to older deploys, ] back to newer, stopping at both ends; the help lists both keys', async () => {
    const r = renderCockpit(new FakeController(view), { columns: 160, rows: 48 });
    const first = await r.waitForFrame((frame) => pagerOf(frame) !== null);
    const [, from, to] = pagerOf(first)!.map(Number);
    expect(from).toBe(1);
    const page = to! - from! + 1;
    expect(first).toContain(':60 ');

    r.press('[');
    const second = await r.waitForFrame(`deploys ${page + 1}-${2 * page} of 60 · [ older ] newer`);
    expect(second).toContain(`:${60 - page} `);
    expect(second).not.toContain(':60 ');

    for (let i = 0; i < 60; i += 1) r.press('[');
    const oldest = await r.waitForFrame((frame) => /deploys \d+-60 of 60 · \] newer/.test(frame));
    expect(lines(oldest).some((line) => /│ :1 /.test(line))).toBe(true);

    for (let i = 0; i < 60; i += 1) r.press(']');
    expect(await r.waitForFrame(`deploys 1-${page} of 60 · [ older`)).toContain(':60 ');

    r.press('?');
    const help = await r.waitForFrame('page the deploys panel');
    expect(help).toContain('[/]       page the deploys panel to older / newer deploys');
    expect(BINDINGS.filter((b) => b.command === 'deploys.page').map((b) => b.keys)).toEqual(['[/]']);
  });
});
