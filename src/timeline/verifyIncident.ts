import { anchorBroken, anchorFollower, type Anchor, type AnchorCheck } from '../core/anchor';
import { ok, type Result } from '../core/result';
import { jsonlSource, type IncidentSource } from './incidentSource';
import type { LogProblem } from './scanLog';

export interface Verification {
  readonly events: number;
  readonly lastHash: string;
  /** The first line that does not verify; absent when the chain is intact to the end. */
  readonly problem?: LogProblem;
  /** Tails quarantined by earlier opens (they are outside the chain, so they do not break it). */
  readonly quarantined: readonly string[];
  /** The notes in the chain that recorded a quarantine, or events taken in after the anchor: they stay when the files are gone. */
  readonly repairNotes: readonly { readonly seq: number; readonly text: string }[];
  /** The anchor in incident.json and how the log compares with it; absent when there is none. */
  readonly anchor?: { readonly anchor: Anchor; readonly check: AnchorCheck };
  /** With `expectHead`: the seq of the event with that hash, or undefined when no event has it. */
  readonly expected?: { readonly head: string; readonly seq?: number };
}

/** Intact: at least one event, every line verifies, the anchor agrees, and an expected head is in the chain. */
export function isIntact(v: Verification): boolean {
  if (v.events === 0 || v.problem !== undefined) return false;
  if (v.expected !== undefined) return v.expected.seq !== undefined && (v.anchor === undefined || !anchorBroken(v.anchor.check));
  return v.anchor !== undefined && !anchorBroken(v.anchor.check);
}

/**
 * Re-derives every hash of the incident's log from its bytes, checks seq and prev, and compares
 * the log with its anchor in `incident.json` and, when given, with a head kept elsewhere.
 */
export async function verifyIncident(
  dataDir: string,
  id: string,
  options: { readonly expectHead?: string; readonly signal?: AbortSignal; readonly source?: IncidentSource } = {},
): Promise<Result<Verification>> {
  const source = options.source ?? jsonlSource(dataDir);
  const anchor = await source.anchor(id);
  const anchored = anchorFollower(anchor);
  let expectedSeq: number | undefined;
  const repairNotes: { seq: number; text: string }[] = [];
  // Verify only: the state of the incident is not needed to check its chain.
  const scanned = await source.scan(id, {
    fold: false,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onEvent: (event) => {
      anchored.see(event);
      if (event.hash === options.expectHead) expectedSeq = event.seq;
      if (event.kind === 'note' && (event.data.tag === 'quarantine' || event.data.tag === 'unanchored')) repairNotes.push({ seq: event.seq, text: event.data.text });
    },
  });
  if (!scanned.ok) return scanned;
  const scan = scanned.value;
  const quarantined = await source.quarantined(id);
  const check = anchored.check(scan.count);
  return ok({
    events: scan.count,
    lastHash: scan.lastHash,
    ...(scan.problem === undefined ? {} : { problem: scan.problem }),
    quarantined,
    repairNotes,
    ...(anchor === undefined || check === undefined ? {} : { anchor: { anchor, check } }),
    ...(options.expectHead === undefined ? {} : { expected: { head: options.expectHead, ...(expectedSeq === undefined ? {} : { seq: expectedSeq }) } }),
  });
}
