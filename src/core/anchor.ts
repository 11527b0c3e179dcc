/**
 * The chain's anchor: how many events the log had and the hash of the last one, kept outside
 * the log (in `incident.json`, in every export, or written down by a person). A hash chain alone
 * cannot show that lines were cut from its end or that the whole chain was rewritten; compared
 * with an anchor, both show. Someone who can rewrite the log and every copy of its anchor can
 * still forge a consistent history: the anchor only moves the proof to where it is kept.
 */

export interface Anchor {
  /** Events in the log when the anchor was taken (the seq of the head). */
  readonly events: number;
  /** Hash of event `events`. */
  readonly head: string;
}

/** What the verified log says at the anchor's position. */
export interface ChainAtAnchor {
  /** Verified events in the log. */
  readonly count: number;
  /** Hash of the verified event whose seq is the anchor's `events`, when the log reaches it. */
  readonly hashAtAnchor?: string;
}

export type AnchorCheck =
  | { readonly status: 'match' }
  /** The chain runs through the anchored head and goes on: events newer than the anchor (a stop between writing the log and its anchor). */
  | { readonly status: 'log-ahead'; readonly newer: number }
  /** Fewer verified events than the anchor counted: lines cut from the end, or a break before it. */
  | { readonly status: 'log-short'; readonly missing: number }
  /** The event at the anchored seq has another hash: the chain was rewritten. */
  | { readonly status: 'head-mismatch'; readonly seq: number; readonly found: string };

export function checkAnchor(anchor: Anchor, chain: ChainAtAnchor): AnchorCheck {
  if (chain.count < anchor.events) return { status: 'log-short', missing: anchor.events - chain.count };
  if (anchor.events === 0) return chain.count === 0 ? { status: 'match' } : { status: 'log-ahead', newer: chain.count };
  if (chain.hashAtAnchor !== anchor.head) return { status: 'head-mismatch', seq: anchor.events, found: chain.hashAtAnchor ?? '(none)' };
  return chain.count === anchor.events ? { status: 'match' } : { status: 'log-ahead', newer: chain.count - anchor.events };
}

/**
 * Follows a log as it is read, one verified event at a time, and compares it with `anchor` at the
 * end: `verify` and `export` read the log once, and check it the same way.
 */
export function anchorFollower(anchor: Anchor | undefined): { see(event: { readonly seq: number; readonly hash: string }): void; check(count: number): AnchorCheck | undefined } {
  let hashAtAnchor: string | undefined;
  return {
    see(event) {
      if (event.seq === anchor?.events) hashAtAnchor = event.hash;
    },
    check: (count) => (anchor === undefined ? undefined : checkAnchor(anchor, { count, ...(hashAtAnchor === undefined ? {} : { hashAtAnchor }) })),
  };
}

/** True when the log contradicts its anchor (as opposed to merely running ahead of it). */
export function anchorBroken(check: AnchorCheck): boolean {
  return check.status === 'log-short' || check.status === 'head-mismatch';
}

export function describeAnchorCheck(check: AnchorCheck, anchor: Anchor, where: string): string {
  switch (check.status) {
    case 'match':
      return `matches the anchor in ${where} (${anchor.events} events, head ${anchor.head})`;
    case 'log-ahead':
      return `runs through the anchored head in ${where} (seq ${anchor.events}); the ${check.newer} event(s) after it were written after the anchor was last updated and are not anchored`;
    case 'log-short':
      return `is ${check.missing} event(s) shorter than the anchor in ${where} says (${anchor.events} events, head ${anchor.head}): the log lost events at its end, or they do not verify`;
    case 'head-mismatch':
      return `does not match the anchor in ${where}: seq ${check.seq} should have hash ${anchor.head} but has ${check.found}; the log was rewritten (or the anchor was)`;
  }
}

const HASH_RE = /^sha256:[0-9a-f]{64}$/;

/** A head as a person would copy it from a postmortem: `sha256:` and 64 hex digits. */
export function isHeadHash(text: string): boolean {
  return HASH_RE.test(text);
}

/** Parses an anchor read from a file; undefined when it is absent or malformed. */
export function parseAnchor(value: unknown): Anchor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { events, head } = value as Record<string, unknown>;
  if (typeof events !== 'number' || !Number.isSafeInteger(events) || events < 0) return undefined;
  if (typeof head !== 'string' || !isHeadHash(head)) return undefined;
  return { events, head };
}
