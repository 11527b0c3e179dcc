import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFixtureDataDir, FIXTURE_ID, fixtureFile } from '../fixtures/timeline/copyFixture';
import { cockpit } from '../support/cli';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await copyFixtureDataDir()));
afterEach(async () => cleanup());

const run = (...args: string[]) => cockpit(['export', ...args], { env: { COCKPIT_DATA_DIR: dataDir } });

describe('cockpit export', () => {
  it('prints the Markdown postmortem to a pipe; Markdown is what it exports without --format', async () => {
    const result = await run(FIXTURE_ID, '--format', 'md');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe((await readFile(fixtureFile('postmortem.golden.md'), 'utf8')).trimEnd());
    const plain = await run(FIXTURE_ID);
    expect([plain.exitCode, plain.stdout]).toEqual([0, result.stdout]);
  });

  it('writes the JSON export to -o FILE', async () => {
    const out = join(dataDir, 'export.json');
    const result = await run(FIXTURE_ID, '--format', 'json', '-o', out);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`wrote ${out}`);
    expect(await readFile(out, 'utf8')).toBe(await readFile(fixtureFile('export.golden.json'), 'utf8'));
  });

  it('warns, and exports the verified part, when the timeline is broken', async () => {
    const file = join(dataDir, 'incidents', FIXTURE_ID, 'events.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.splice(40, 1);
    await writeFile(file, lines.join('\n'));
    const result = await run(FIXTURE_ID, '--format', 'json');
    // Written, and said incomplete by its exit code too (it was 0).
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('does not verify from seq 41');
    expect(JSON.parse(result.stdout).events).toHaveLength(40);
    // The file says so too, not stderr alone: its anchor and state are the part before the break.
    expect(JSON.parse(result.stdout).broken).toEqual({ seq: 41, reason: expect.stringMatching(/\S/) });
    // The postmortem says it at its top, not only on stderr.
    const md = await run(FIXTURE_ID, '--format', 'md');
    expect(md.exitCode).toBe(1);
    expect(md.stdout.split('\n').slice(0, 6).join('\n')).toMatch(/> \*\*Warning: the timeline is broken at seq 41\*\* \(.+\)\. This document is made of the 40 events before it/);
  });

  // A log with its last events cut verifies to its new end: `verify` caught it by the anchor, and
  // `export` printed it as whole (exit 0, "broken": null, the cut head given as the one to keep).
  it('says so, and exits 1, when the log is shorter than its anchor', async () => {
    const file = join(dataDir, 'incidents', FIXTURE_ID, 'events.jsonl');
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    await writeFile(file, `${lines.slice(0, -3).join('\n')}\n`);
    const json = await run(FIXTURE_ID, '--format', 'json');
    expect(json.exitCode).toBe(1);
    expect(json.stderr).toContain(`does not verify from seq ${lines.length - 2}`);
    expect(JSON.parse(json.stdout).broken).toEqual({ seq: lines.length - 2, reason: expect.stringContaining('3 event(s) shorter than the anchor') });
    const md = await run(FIXTURE_ID, '--format', 'md');
    expect(md.exitCode).toBe(1);
    expect(md.stdout).toContain(`> **Warning: the timeline is broken at seq ${lines.length - 2}**`);
  });

  // A hostile play-test: lines cut from the log's end and the anchor removed from incident.json; `verify` said NOT intact,
  // `export` exited 0 with no word, its cut head given as the one to keep.
  it('warns, and exits 1, when the log has no anchor', async () => {
    const dir = join(dataDir, 'incidents', FIXTURE_ID);
    const lines = (await readFile(join(dir, 'events.jsonl'), 'utf8')).trimEnd().split('\n');
    await writeFile(join(dir, 'events.jsonl'), `${lines.slice(0, -3).join('\n')}\n`);
    const { anchor: _removed, ...index } = JSON.parse(await readFile(join(dir, 'incident.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'incident.json'), JSON.stringify(index));
    const md = await run(FIXTURE_ID);
    expect(md.exitCode).toBe(1);
    expect(md.stderr).toContain(`cockpit export: warning: the timeline has no anchor, so events cut from its end would not show; its head is not proven. See cockpit verify ${FIXTURE_ID}.`);
    expect(md.stdout).toContain('**The log has no anchor** (its index holds none): events cut from its end would not show, so this head is not proven.');
  });

  it('exits 2 on a bad format, an unwritable -o, or an unknown incident', async () => {
    const badFormat = await run(FIXTURE_ID, '--format', 'pdf');
    expect(badFormat.exitCode).toBe(2);
    expect(badFormat.stderr).toContain('Allowed choices are md, json.');
    const unwritable = await run(FIXTURE_ID, '--format', 'md', '-o', join(dataDir, 'missing-dir', 'pm.md'));
    expect(unwritable.exitCode).toBe(2);
    // About the file asked for, not the temporary one beside it (`pm.md.10485-1.tmp`).
    expect(unwritable.stderr).toBe(`cockpit export: cannot write ${join(dataDir, 'missing-dir', 'pm.md')}: no such directory ${join(dataDir, 'missing-dir')}`);
    const unknown = await run('inc-nope', '--format', 'md');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no incident inc-nope');
  });
});
