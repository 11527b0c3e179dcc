import { COCKPIT_ACTOR } from '../core/cockpitActor';
import { NOT_RECORDED_TAG, type EventKind, type NewEvent } from '../core/events';
import type { RecordingFailure } from '../timeline/eventStore';

/**
 * The outcomes of changes: kept when a failed write loses them, and recorded late, at the time each was made. A
 * command's exit status lost to a full disk left the step `not started` beside its own output, and its action with no
 * outcome for ever once the disk had room.
 */
const RECORDED_LATE: ReadonlySet<EventKind> = new Set<EventKind>(['action.succeeded', 'action.failed', 'action.cancelled', 'action.unwatched', 'verify.passed', 'verify.failed', 'step.completed']);

interface Lost {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /**
   * What was tried, each event once by its kind and data (its kind, the value): one retried many times (the status-update
   * reminder) is one event, not 32 notes.
   */
  readonly tried: Map<string, string>;
  /** The outcomes among them, stamped when they were first tried (RECORDED_LATE). */
  readonly late: Map<string, NewEvent>;
}

/** What the store could not write since the last event it did: said on the timeline once it writes again. */
export class Unrecorded {
  private lost: Lost | undefined;

  constructor(private readonly now: () => Date) {}

  /** A write that failed (`failure`: the store's, not a refusal). */
  remember(event: NewEvent, failure: RecordingFailure): void {
    if (isLostNote(event)) return;
    const at = this.now().toISOString();
    const lost = this.lost ?? { from: failure.at, to: at, reason: failure.reason, tried: new Map<string, string>(), late: new Map<string, NewEvent>() };
    const key = JSON.stringify([event.kind, event.data]);
    lost.tried.set(key, event.kind);
    if (RECORDED_LATE.has(event.kind) && !lost.late.has(key)) lost.late.set(key, { ...event, at: event.at ?? at });
    this.lost = { ...lost, to: at };
  }

  /** What to record now, in order: the outcomes lost, then the note that says what could not be recorded; none when nothing was lost. */
  take(): { readonly late: readonly NewEvent[]; readonly note: NewEvent; readonly lost: Lost } | undefined {
    const lost = this.lost;
    if (lost === undefined) return undefined;
    this.lost = undefined;
    const kinds = new Map<string, number>();
    for (const kind of lost.tried.values()) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const listed = [...kinds].map(([kind, n]) => (n === 1 ? kind : `${kind} ×${n}`)).join(', ');
    const late = [...lost.late.values()];
    const since = late.length === 0 ? '' : `; recorded since, at the time each was made: ${late.map((e) => e.kind).join(', ')}`;
    const text = `${lost.tried.size} event(s) could not be recorded from ${lost.from.slice(11, 19)} to ${lost.to.slice(11, 19)} UTC (${lost.reason}): ${listed}${since}`;
    return { late, note: { kind: 'note', actor: COCKPIT_ACTOR, data: { text, tag: NOT_RECORDED_TAG } }, lost };
  }

  /** The note was not written either: it is said with the next loss (what was tried meanwhile is in both once). */
  putBack(lost: Lost): void {
    const now = this.lost;
    this.lost = now === undefined ? { ...lost, late: new Map() } : { ...lost, to: now.to, tried: new Map([...lost.tried, ...now.tried]), late: now.late };
  }
}

/** The note that says what could not be recorded. */
export const isLostNote = (event: NewEvent): boolean => event.kind === 'note' && event.data.tag === NOT_RECORDED_TAG;
