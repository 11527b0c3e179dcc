import type { TimelineEntry, TimelineView } from './viewModel';

/**
 * The timeline lines of the view. Entries are only ever added at the end, so each published view
 * shares one array and a length: a renderer windows it with `entries(start, end)` at any size.
 */
export class AppendOnlyTimeline {
  private readonly items: TimelineEntry[] = [];

  push(entry: TimelineEntry): void {
    this.items.push(entry);
  }

  view(): TimelineView {
    const length = this.items.length;
    const items = this.items;
    return {
      length,
      entries: (start, end) => items.slice(Math.max(0, start), Math.min(length, end)),
    };
  }
}
