import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { takeLease, type LeaseDeps } from '../../../src/session/actionLease';
import type { ActionRequest } from '../../../src/session/actionLifecycle';
import type { LeaseAttempt } from '../../../src/timeline/eventStore';
import { verifyingRollback } from './verifyingRollback';

const request = (over: Partial<ActionRequest> = {}) => ({ actionId: 'act-2', name: 'deploys.rollback', stepConfirm: false, spec: { mutating: true }, ...over }) as unknown as ActionRequest;

/** The lifecycle's deps as takeLease reads them: `attempts` answered in turn; what it records. */
function depsWith(attempts: (onLost: () => void) => LeaseAttempt[], actionOf?: LeaseDeps['actionOf']) {
  const recorded: NewEvent[] = [];
  const released: string[] = [];
  let lostHook: () => void = () => undefined;
  let answers: LeaseAttempt[] | undefined;
  const deps = {
    append: async (event: NewEvent) => void recorded.push(event),
    lease: async (_request: ActionRequest, onLost: () => void) => {
      lostHook = onLost;
      answers ??= attempts(onLost);
      return answers.shift()!;
    },
    ...(actionOf ? { actionOf } : {}),
  } as unknown as LeaseDeps;
  const held = (name: string): LeaseAttempt => ({ ok: true, release: async () => void released.push(name) });
  return { deps, recorded, released, held, lose: () => lostHook() };
}

describe('takeLease', () => {
  it("records a verified change whose expired lease it takes over as unwatched, not as interrupted in a note", async () => {
    const carol = verifyingRollback('carol').actions[0]!;
    const was = { responder: 'carol', incident: 'inc-1', action: 'act-1', name: 'deploys.rollback', heldMs: 60_000, expiredAt: '2026-11-22T02:40:00.000Z' };
    const { deps, recorded } = depsWith(() => [{ ok: true, tookOver: was, release: async () => undefined }], (id) => (id === 'act-1' ? carol : undefined));
    expect((await takeLease(deps, request())).ok).toBe(true);
    expect(recorded.map((e) => e.kind)).toEqual(['action.unwatched']);
    expect((recorded[0]!.data as { reason: string }).reason).toMatch(/^carol's lease on it expired 02:40:00 while it was being verified/);
  });

  it("in a sandbox drill says the expiry without the store's time (the drill's timeline runs on its own clock)", async () => {
    const carol = verifyingRollback('carol').actions[0]!;
    const was = { responder: 'carol', incident: 'inc-1', action: 'act-1', name: 'deploys.rollback', heldMs: 60_000, expiredAt: '2026-11-22T18:31:44.000Z' };
    const { deps, recorded } = depsWith(() => [{ ok: true, tookOver: was, release: async () => undefined }], (id) => (id === 'act-1' ? carol : undefined));
    expect((await takeLease({ ...deps, mode: 'drill-sandbox' }, request())).ok).toBe(true);
    expect((recorded[0]!.data as { reason: string }).reason).toMatch(/^carol's lease on it expired while it was being verified/);
  });

  it('takes a lost lease again when it is free, and releases that one at the end', async () => {
    const { deps, recorded, released, held, lose } = depsWith(() => [held('first'), held('again')]);
    const lease = await takeLease(deps, request());
    if (!lease.ok) throw new Error('not taken');
    lose();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(recorded.map((e) => (e.data as { text?: string }).text)).toEqual([expect.stringMatching(/^act-2 lost its lease on its target/)]);
    await lease.release();
    expect(released).toEqual(['again']);
  });

  it('takes none for a diagnostic, and one for a step its runbook asks to confirm', async () => {
    const { deps, released, held } = depsWith(() => [held('confirmed')]);
    await (await takeLease(deps, request({ spec: { mutating: false } as ActionRequest['spec'] })) as { release(): Promise<void> }).release();
    expect(released).toEqual([]);
    await (await takeLease(deps, request({ spec: { mutating: false } as ActionRequest['spec'], stepConfirm: true })) as { release(): Promise<void> }).release();
    expect(released).toEqual(['confirmed']);
  });
});
