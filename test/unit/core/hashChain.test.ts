import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type StoredEvent } from '../../../src/core/events';
import { ChainVerifier, checkLine, sealAt, sealEvent, sha256 } from '../../../src/core/hashChain';
import { chainOf, OPENED } from './chainOf';

const lines = () => chainOf([OPENED, { kind: 'note', data: { text: 'a' } }, { kind: 'note', data: { text: 'b' } }, { kind: 'note', data: { text: 'c' } }]).map((e) => {
  const { hash, ...rest } = e;
  const sealed = sealEvent(rest);
  expect(sealed.hash).toBe(hash);
  return sealed.line;
});

function firstBreak(input: readonly string[]) {
  const verifier = new ChainVerifier();
  for (const line of input) {
    const result = verifier.next(line);
    if (!result.ok) return result.problem;
  }
  return undefined;
}

describe('line format and hash chain', () => {
  it('seals an event at a seq and prev given apart into the line it makes with them inside', () => {
    const [, second] = chainOf([OPENED, { kind: 'note', data: { text: 'a' } }]) as [StoredEvent, StoredEvent];
    const { hash, seq, prev, ...placed } = second;
    expect(sealAt(placed, seq, prev)).toEqual({ line: JSON.stringify(second), hash });
  });

  it('hashes the line bytes without the hash field, and chains prev from the genesis', () => {
    const [first, second] = lines() as [string, string];
    const suffix = first.slice(first.lastIndexOf(',"hash":'));
    expect(suffix).toMatch(/^,"hash":"sha256:[0-9a-f]{64}"}$/);
    expect(JSON.parse(first).hash).toBe(sha256(`${first.slice(0, -suffix.length)}}`));
    expect(JSON.parse(first).prev).toBe(GENESIS_HASH);
    expect(JSON.parse(second).prev).toBe(JSON.parse(first).hash);
    expect(Object.keys(JSON.parse(first))).toEqual(['v', 'seq', 'id', 'at', 'incident', 'kind', 'actor', 'drill', 'data', 'prev', 'hash']);
  });

  it('an intact chain verifies', () => {
    expect(firstBreak(lines())).toBeUndefined();
  });

  it('an edited byte breaks the hash of that seq', () => {
    const input = lines();
    input[2] = (input[2] as string).replace('"text":"b"', '"text":"B"');
    expect(firstBreak(input)).toEqual({ seq: 3, reason: 'hash does not match the line (content was changed)' });
  });

  it('an edit that also fixes the hash still breaks prev of the next seq', () => {
    const input = lines();
    const forged = JSON.parse(input[1] as string);
    forged.data.text = 'forged';
    const { hash: _hash, ...rest } = forged;
    void _hash;
    input[1] = sealEvent(rest).line;
    expect(firstBreak(input)).toEqual({ seq: 3, reason: 'prev does not match the hash of the event before it' });
  });

  it('a deleted line is named by the seq that is missing', () => {
    const input = lines();
    input.splice(1, 1);
    expect(firstBreak(input)?.seq).toBe(2);
    expect(firstBreak(input)?.reason).toContain('found seq 3 where seq 2 belongs');
  });

  it('two swapped lines are named by the first position out of order', () => {
    const input = lines();
    [input[1], input[2]] = [input[2] as string, input[1] as string];
    expect(firstBreak(input)).toMatchObject({ seq: 2 });
  });

  it('checkLine says why a line is unusable', () => {
    expect(checkLine('{"v":1,"seq":')).toEqual({ ok: false, reason: 'not valid JSON' });
    expect(checkLine('{"v":1}')).toEqual({ ok: false, reason: 'no hash at the end of the line' });
    const [first] = lines() as [string];
    expect(checkLine(first.replace('"v":1', '"v":9'))).toMatchObject({ ok: false, reason: 'unsupported event version 9' });
    expect(checkLine(first.replace('incident.opened', 'incident.exploded'))).toMatchObject({ ok: false, reason: 'unknown kind "incident.exploded"' });
  });

  it('checkLine takes only a lowercase sha256 hash, last on the line, and a prev of that form', () => {
    const [first] = lines() as [string];
    const hash = first.slice(-73, -2);
    const noHash = { ok: false, reason: 'no hash at the end of the line' };
    expect(checkLine(first.replace(hash, hash.toUpperCase().replace('SHA256', 'sha256')))).toEqual(noHash);
    expect(checkLine(first.replace(hash, hash.slice(0, -1)))).toEqual(noHash);
    expect(checkLine(first.replace(hash, `${hash.slice(0, -1)}g`))).toEqual(noHash);
    expect(checkLine(first.replace('"hash":"sha256:', '"hash":"sha512:'))).toEqual(noHash);
    expect(checkLine(`${first.slice(0, -1)} }`)).toEqual(noHash);
    expect(checkLine(first.replace(GENESIS_HASH, GENESIS_HASH.toUpperCase()))).toEqual({ ok: false, reason: 'prev is not a sha256 hash' });
    expect(checkLine(first.replace(GENESIS_HASH, `${GENESIS_HASH}0`))).toEqual({ ok: false, reason: 'prev is not a sha256 hash' });
    expect(checkLine(first)).toMatchObject({ ok: true, event: { seq: 1, hash } });
  });

  it('the redaction stamp sits after drill when the writer knows its rules, is left out when not, and must be a string', () => {
    const [first] = lines() as [string];
    const { hash: _hash, ...rest } = JSON.parse(first) as StoredEvent;
    const stamped = sealEvent({ ...rest, redaction: '3ef4235cd0203d8a' }).line;
    expect(Object.keys(JSON.parse(stamped))).toEqual(['v', 'seq', 'id', 'at', 'incident', 'kind', 'actor', 'drill', 'redaction', 'data', 'prev', 'hash']);
    expect(checkLine(stamped)).toMatchObject({ ok: true, event: { redaction: '3ef4235cd0203d8a' } });
    expect(sealEvent({ ...rest, redaction: undefined }).line).toBe(first);
    expect(checkLine(sealEvent({ ...rest, redaction: 7 as unknown as string }).line)).toEqual({ ok: false, reason: 'redaction is not a string' });
  });

  it('takes a time in any form Date.parse takes, and refuses one it does not', () => {
    const [first] = lines() as [string];
    const { hash: _hash, ...rest } = JSON.parse(first) as StoredEvent;
    for (const at of ['2026-11-22T02:31:07Z', '2026-11-22T24:00:00.000Z', '2026-11-22T02:31:07.123+01:00']) expect(checkLine(sealEvent({ ...rest, at }).line)).toMatchObject({ ok: true });
    for (const at of ['yesterday', '2026-13-22T02:31:07.000Z', '']) expect(checkLine(sealEvent({ ...rest, at }).line)).toEqual({ ok: false, reason: 'at is not a timestamp' });
  });

  it('a log must start with incident.opened and belong to one incident', () => {
    const [, note] = lines() as [string, string];
    expect(firstBreak([note])).toMatchObject({ seq: 1 });
    const other = chainOf([OPENED, { kind: 'note', data: { text: 'a' } }], { incident: 'inc-other' });
    const { hash: _h, ...rest } = other[1]!;
    void _h;
    const mixed = [...lines().slice(0, 1), sealEvent({ ...rest, prev: JSON.parse(lines()[0] as string).hash }).line];
    expect(firstBreak(mixed)).toMatchObject({ seq: 2, reason: 'belongs to incident inc-other, not inc-20261122-0231-test' });
  });
});
