import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endAndRemove, Tmux } from '../support/tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const sessions: { tmux: Tmux; dir: string }[] = [];
afterEach(async () => {
  for (const { tmux, dir } of sessions.splice(0)) await endAndRemove(tmux, dir);
});

// A team's play-test: with PostgreSQL stopped and 4 events queued, `open --store URL` ended `cockpit: internal error: shared
// store …: connect ECONNREFUSED` (exit 70, kept for bugs), and said nothing of the events kept on the machine.
describe('cockpit open while the shared store is out of reach', () => {
  it.each([[[]], [['--read-only']]])('refuses in one line, exit 2, naming the events queued on this machine (%j)', { timeout: 30_000 }, async (extra: string[]) => {
    const dir = await mkdtemp(join(tmpdir(), 'cockpit-store-down-'));
    const tmux = new Tmux(dir);
    sessions.push({ tmux, dir });
    const queue = join(dir, 'data', 'queue', 'inc-20261207-1145-checkout-api');
    await mkdir(queue, { recursive: true });
    await writeFile(join(queue, 'events.jsonl'), '{"id":"01A"}\n{"id":"01B"}\n');
    const command = `env -u CI COCKPIT_DATA_DIR='${join(dir, 'data')}' '${process.execPath}' '${BIN}' open runbooks/checkout-api.yaml ${extra.join(' ')} --store postgres://nobody@127.0.0.1:9/none; echo EXIT=$?`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '200', '-y', '40', '-c', ROOT, command);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    const screen = (await tmux.waitForIn('cockpit', (s) => /EXIT=\d+/.test(s), 'the refusal', 20_000)).replace(/\s+/g, ' ');
    expect(screen).toContain('EXIT=2');
    expect(screen).not.toContain('internal error');
    expect(screen).toContain('cockpit open: shared store postgres://nobody@127.0.0.1:9/none: connect ECONNREFUSED 127.0.0.1:9 (the incidents could not be listed to find the open one: try again once the store answers)');
    expect(screen).toContain(`2 event(s) of inc-20261207-1145-checkout-api are kept on this machine (${join(queue, 'events.jsonl')}) and are uploaded when it is opened again`);
  });
});
