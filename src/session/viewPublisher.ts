import { formatDuration } from '../core/duration';
import type { Clock } from '../plugins/contract';
import { panelsFilled } from './panelsFilled';
import type { CockpitView } from './viewModel';

const NOTIFY_INTERVAL_MS = 16;
const FILLING_NOTIFY_WAIT_MS = 250;

/**
 * The session's views, built on demand and published to subscribers at a frame's pace.
 *
 * Coalesces bursts of changes (a poll answering six windows, an action's output) into one view
 * per frame: a renderer draws at most about 60 frames a second anyway. Until every panel has its
 * first answer, a view is published as soon as the last one arrives, or after a short wait: each
 * full repaint costs a terminal UI tens of milliseconds, and half-filled frames would only delay
 * the filled one.
 */
export class ViewPublisher {
  private readonly listeners = new Set<(view: CockpitView) => void>();
  private cached: CockpitView | undefined;
  private timer: NodeJS.Timeout | undefined;
  private fillCheck: NodeJS.Immediate | undefined;
  private lastNotified: CockpitView | undefined;
  private stopped = false;

  constructor(
    private readonly build: () => CockpitView,
    private readonly clock: Clock,
    /** Aborted when the session starts closing: waits (`until`) end. */
    private readonly closed: AbortSignal,
  ) {}

  /** No view is published after this (the session has closed). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearImmediate(this.fillCheck);
  }

  view(): CockpitView {
    this.cached ??= this.build();
    return this.cached;
  }

  subscribe(listener: (view: CockpitView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    this.cached = undefined;
    // Nobody to publish to (a headless drill, a test): the view is built when asked for, not per change.
    if (this.stopped || this.listeners.size === 0) return;
    const filling = this.lastNotified === undefined || !panelsFilled(this.lastNotified);
    if (filling) this.checkFilledSoon();
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.notify(), filling ? FILLING_NOTIFY_WAIT_MS : NOTIFY_INTERVAL_MS);
  }

  /**
   * Whether the panels are filled, asked once per burst of changes, once it has been recorded
   * (a provider's answer arrives as several events, each a change): the question is answered by
   * building the view, and a view per change cost a drill's start-up ~15 ms before its first answers were drawn.
   */
  private checkFilledSoon(): void {
    if (this.fillCheck !== undefined) return;
    this.fillCheck = setImmediate(() => {
      this.fillCheck = undefined;
      if (this.stopped || this.listeners.size === 0 || !panelsFilled(this.view())) return;
      clearTimeout(this.timer);
      this.notify();
    });
  }

  /**
   * Resolves once `predicate` holds for the view; rejects after `timeoutMs` of the session's
   * clock, or when the session closes first.
   */
  until(predicate: (view: CockpitView) => boolean, options: { timeoutMs: number }): Promise<CockpitView> {
    return new Promise((resolve, reject) => {
      const done = new AbortController();
      let unsubscribe = () => {};
      const settle = (outcome: () => void) => {
        unsubscribe();
        done.abort();
        this.closed.removeEventListener('abort', onClosed);
        outcome();
      };
      const check = (view: CockpitView) => {
        if (!predicate(view)) return false;
        settle(() => resolve(view));
        return true;
      };
      const onClosed = () => settle(() => reject(new Error('the session closed before the condition was reached')));
      if (check(this.view())) return;
      if (this.closed.aborted) return onClosed();
      this.closed.addEventListener('abort', onClosed, { once: true });
      unsubscribe = this.subscribe((view) => void check(view));
      this.clock.sleep(options.timeoutMs, done.signal).then(
        () => settle(() => reject(new Error(`condition not reached within ${formatDuration(options.timeoutMs)}`))),
        () => undefined,
      );
    });
  }

  private notify(): void {
    this.timer = undefined;
    if (this.listeners.size === 0) return;
    const view = this.view();
    this.lastNotified = view;
    for (const listener of this.listeners) listener(view);
  }
}
