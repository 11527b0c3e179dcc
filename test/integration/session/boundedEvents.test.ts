/** Issue #11: one event's data is bounded where the session records it, on a real JSONL store. */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_EVENT_STRING_CHARS } from '../../../src/core/eventBounds';
import { openHarness, type Harness } from '../../support/sessionHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('a note of 20 MB', () => {
  it('is recorded cut, its start and end kept around a notice of the cut, and the chain still verifies', async () => {
    harness = await openHarness();
    const text = `first words ${'of a long paste '.repeat(1_250_000)}last words`;
    expect(await harness.session.dispatch({ type: 'note', text })).toEqual({ ok: true });
    await harness.session.settled();
    const notes = (await harness.events()).filter((e) => e.kind === 'note').map((e) => (e.data as { text: string }).text);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.length).toBeLessThanOrEqual(MAX_EVENT_STRING_CHARS);
    expect(notes[0]).toMatch(/^first words of a long paste .* … 19,98\d,\d{3} characters cut … .*long paste last words$/);
    const shown = harness.session.view().timeline;
    expect(shown.entries(shown.length - 1, shown.length)[0]!.text.length).toBeLessThan(MAX_EVENT_STRING_CHARS + 100);
  });
});
