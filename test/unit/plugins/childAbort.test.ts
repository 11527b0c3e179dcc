import { describe, expect, it } from 'vitest';
import { childAbort } from '../../../src/plugins/childAbort';

describe('childAbort', () => {
  it('aborts with its parent, with the parent’s reason', () => {
    const parent = new AbortController();
    const child = childAbort(parent.signal);
    parent.abort('closing');
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBe('closing');
  });

  it('aborts alone, leaving the parent as it was', () => {
    const parent = new AbortController();
    const child = childAbort(parent.signal);
    child.abort('done');
    expect(child.signal.reason).toBe('done');
    expect(parent.signal.aborted).toBe(false);
  });

  it('is born aborted under an aborted parent', () => {
    const parent = new AbortController();
    parent.abort('gone');
    const child = childAbort(parent.signal);
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBe('gone');
  });

  it('once released, no longer follows the parent, and the parent holds nothing of it', () => {
    const parent = new AbortController();
    let listeners = 0;
    const add = parent.signal.addEventListener.bind(parent.signal);
    const remove = parent.signal.removeEventListener.bind(parent.signal);
    parent.signal.addEventListener = ((...args: Parameters<typeof add>) => ((listeners += 1), add(...args))) as typeof add;
    parent.signal.removeEventListener = ((...args: Parameters<typeof remove>) => ((listeners -= 1), remove(...args))) as typeof remove;
    const children = Array.from({ length: 1000 }, () => childAbort(parent.signal));
    expect(listeners).toBe(1000);
    for (const child of children) child.release();
    expect(listeners).toBe(0);
    parent.abort();
    expect(children.some((child) => child.signal.aborted)).toBe(false);
  });
});
