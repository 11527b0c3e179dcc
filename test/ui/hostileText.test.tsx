import { afterEach, describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../plugins/index';
import { loadRunbookText } from '../../src/runbook/load';
import { openHarness, type Harness } from '../support/sessionHarness';
import { VALID } from '../support/runbookText';
import { TestWorld } from '../support/testWorld';
import { renderCockpit } from './harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

/** What a hostile runbook or provider could make a terminal do: clear, retitle, write the clipboard, hide a link. */
const HOSTILE = /\x1b\]|\x1b\[2J|\x1bP|\x07|[\x80-\x9f]|evil|ZXZpbA/;

describe('text from runbooks and providers is drawn without its escape sequences', () => {
  it('a step title, a flag name and a provider error', async () => {
    const text = VALID.replace('title: Turn off checkout_v2', 'title: "Turn off \\e]0;evil title\\a\\e[2Jcheckout_v2"');
    const loaded = loadRunbookText(text, 'rb.yaml', { plugins: builtinPlugins });
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const world = new TestWorld();
    world.flags = [{ key: 'checkout\x1b]8;;https://evil.example\x07_v3\x1b]8;;\x07', state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'on' }];
    world.sloFailure = 'upstream said: \x1b]52;c;ZXZpbA==\x07\x1bP+q\x1b\\\x9b2Jdenied';
    harness = await openHarness({ world, runbook: loaded.runbook });
    const ui = renderCockpit(harness.session, { columns: 160, rows: 48 });
    const frame = await ui.waitForFrame((f) => f.includes('Turn off') && f.includes('checkout_v3') && f.includes('denied'));
    expect(frame).toContain('Turn off checkout_v2');
    expect(frame).toContain('upstream said: denied');
    expect(ui.rawFrame()).not.toMatch(HOSTILE);
  });
});
