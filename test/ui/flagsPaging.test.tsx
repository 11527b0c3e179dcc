import './deterministicEnv';
import { describe, expect, test } from 'vitest';
import type { FlagRow } from '../../src/session/viewModel';
import { BINDINGS } from '../../src/ui/keys';
import { FLAGS, incidentView } from './fixtures';
import { FakeController } from './fakeController';
import { renderCockpit } from './harness';

/**
 * At 80x24 the flags panel holds a flag or two: `f` pages through the rest, and the panel says
 * which of how many it shows and what `f` does next (a responder once saw "flags 1-1 of 3" and no
 * key to see the other two).
 */
describe('paging through the flags in a small terminal', () => {
  const flags: FlagRow[] = Array.from({ length: 5 }, (_, i) => ({ ...FLAGS[0]!, key: `checkout.flag-${i + 1}`, changedAgoMs: (i + 1) * 60_000 }));
  const view = incidentView({ flags: { status: 'ok', source: 'flags (flagd)', data: flags, ageMs: 1000 } });
  const pagerOf = (frame: string) => /flags (\d+)-(\d+) of 5 · f (next|first)/.exec(frame);
  const shownKeys = (frame: string) => flags.map((f) => f.key).filter((key) => frame.includes(key));

  test('f shows the next flags, after the last page the first again; every flag is seen; the help lists it', async () => {
    const r = renderCockpit(new FakeController(view), { columns: 80, rows: 24 });
    const first = await r.waitForFrame((frame) => pagerOf(frame) !== null);
    const [, from, to, next] = pagerOf(first)!;
    expect([from, next]).toEqual(['1', 'next']);
    expect(Number(to)).toBeLessThan(5);
    const seen = new Set(shownKeys(first));
    expect(seen.size).toBe(Number(to));

    // Forward until the last page, then round to the first.
    let frame = first;
    for (let page = 0; page < 5 && pagerOf(frame)![3] === 'next'; page += 1) {
      const before = pagerOf(frame)![0];
      r.press('f');
      frame = await r.waitForFrame((f) => pagerOf(f) !== null && pagerOf(f)![0] !== before);
      const [, pageFrom, pageTo] = pagerOf(frame)!.map(Number);
      expect(shownKeys(frame)).toEqual(flags.slice(pageFrom! - 1, pageTo).map((f) => f.key));
      for (const key of shownKeys(frame)) seen.add(key);
    }
    expect(pagerOf(frame)![2]).toBe('5');
    expect(pagerOf(frame)![3]).toBe('first');
    expect([...seen].sort()).toEqual(flags.map((f) => f.key).sort());
    r.press('f');
    expect(pagerOf(await r.waitForFrame(`flags 1-${to} of 5 · f next`))![1]).toBe('1');

    r.press('?');
    expect(await r.waitForFrame('page the flags panel')).toContain('f         page the flags panel (after the last flags, back to the first)');
    expect(BINDINGS.filter((b) => b.command === 'flags.page').map((b) => b.keys)).toEqual(['f']);
  });

  test('with room for every flag there is no pager and f does nothing', async () => {
    const few = incidentView({ flags: { status: 'ok', source: 'flags (flagd)', data: flags.slice(0, 2), ageMs: 1000 } });
    const r = renderCockpit(new FakeController(few), { columns: 160, rows: 48 });
    const frame = await r.waitForFrame('checkout.flag-2');
    expect(frame).not.toMatch(/flags \d+-\d+ of/);
    r.press('f');
    r.press('j');
    const after = await r.waitForFrame((f) => f !== frame);
    expect(after).toContain('checkout.flag-1');
    expect(after).toContain('checkout.flag-2');
  });
});
