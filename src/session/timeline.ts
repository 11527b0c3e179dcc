import { authorOf } from '../core/cockpitActor';
import { describeEvent } from '../core/describeEvent';
import { formatWindow } from '../core/duration';
import { LateEvents } from '../core/lateDecision';
import type { Cleaner } from '../core/displayText';
import type { StoredEvent } from '../core/events';
import type { TimelineEntry, TimelineView } from './viewModel';

/**
 * The timeline lines of the view. Entries are only ever added at the end (or the last one, a run
 * of observations, replaced by a newer one), so each published view shares one array and a length: a renderer windows it with `entries(start, end)` at any size.
 * Lines are described as events arrive but cleaned for the terminal only when a window of them
 * is read: a reopened incident of 100,000 events redacts the few dozen lines on screen, not all
 * of them (the cleaner is a pure function of the text, so when it runs changes nothing).
 */
/** Kinds the cockpit records on a clock, whose consecutive runs read as one line. */
const COLLAPSED = new Set<string>(['slo.observed']);

export class AppendOnlyTimeline {
  private readonly items: TimelineEntry[] = [];
  /** Entries already cleaned: kept in place, so a window read again gives the same objects (renderers memoize on them). */
  private readonly cleaned = new WeakSet<TimelineEntry>();
  private events = 0;
  /** The SLOs and windows the last line's run of samples covers: its line names them. */
  private run: { readonly slo: string; readonly windowMs: number }[] = [];
  /** Events recorded after later ones say so, and decisions whose later one stands (core/lateDecision.ts). */
  private readonly late = new LateEvents();

  constructor(private readonly clean: Cleaner) {}

  push(event: StoredEvent): void {
    this.events += 1;
    const entry: TimelineEntry = { seq: event.seq, at: event.at, actor: authorOf(event), kind: event.kind, text: `${describeEvent(event)}${this.late.see(event)}` };
    const last = this.items.at(-1);
    // The cockpit samples each SLO every minute: a run of those samples is one line (the newest,
    // with how many), so they never push the responder's own actions off the screen.
    if (COLLAPSED.has(event.kind) && last?.kind === event.kind) {
      this.items[this.items.length - 1] = { ...entry, text: this.runText(event, entry.text), repeats: (last.repeats ?? 1) + 1 };
      return;
    }
    this.run = [];
    if (event.kind === 'slo.observed') this.runText(event, entry.text);
    this.items.push(entry);
  }

  /**
   * The newest sample's words, and the windows of the run when it covers more than one: "×5"
   * beside "over 30d" alone read as five samples of the 30d window.
   */
  private runText(event: StoredEvent, text: string): string {
    if (event.kind !== 'slo.observed') return text;
    const { slo, windowMs } = event.data;
    if (!this.run.some((r) => r.slo === slo && r.windowMs === windowMs)) this.run.push({ slo, windowMs });
    if (this.run.length < 2) return text;
    const slos = new Set(this.run.map((r) => r.slo)).size;
    const windows = this.run.map((r) => `${slos > 1 ? `${r.slo} ` : ''}${formatWindow(r.windowMs)}`);
    return `${text} (the newest of samples over ${windows.join(', ')})`;
  }

  view(): TimelineView {
    const length = this.items.length;
    return {
      length,
      events: this.events,
      entries: (start, end) => {
        const from = Math.max(0, start);
        const to = Math.min(length, end);
        for (let i = from; i < to; i += 1) this.cleanAt(i);
        return this.items.slice(from, to);
      },
    };
  }

  private cleanAt(index: number): void {
    const entry = this.items[index] as TimelineEntry;
    if (this.cleaned.has(entry)) return;
    const clean = this.clean(entry);
    this.cleaned.add(clean);
    this.items[index] = clean;
  }
}
