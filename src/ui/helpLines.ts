import type { IncidentView } from '../session/viewModel';
import type { Rect } from './layout';
import { BINDINGS, DIALOG_KEYS } from './keys';

/** One line of the keys page of help: a key and what it does, or a sentence (escalation, a link). */
export type HelpLine = { readonly kind: 'key'; readonly keys: string; readonly help: string } | { readonly kind: 'text'; readonly text: string; readonly muted?: true };

/**
 * Everything the keys page of help says, in order: every key, from the same table the router
 * uses, the dialog keys, who to call and where to look. The dialog scrolls through these when the
 * screen is shorter than they are (80x24), so every one of them can be reached.
 */
export function helpLines(incident: IncidentView): HelpLine[] {
  return [
    ...BINDINGS.map((binding): HelpLine => ({ kind: 'key', keys: binding.keys, help: binding.help })),
    { kind: 'text', text: `In a dialog: ${Object.values(DIALOG_KEYS).join(' · ')}`, muted: true },
    ...(incident.escalation.length === 0 ? [] : [{ kind: 'text' as const, text: `Escalation: ${incident.escalation.join(' → ')}` }]),
    // A URL is copied from here: never cut.
    ...Object.entries(incident.links).map(([name, url]): HelpLine => ({ kind: 'text', text: `${name}: ${url}` })),
  ];
}

/** Help lines a dialog of `size` shows at a time: its border, title, keys and position line take the rest. */
export function helpRoom(size: Rect): number {
  return Math.max(1, size.height - 5);
}

/** The first line shown when the last page of help is at the bottom: scrolling stops there. */
export function helpLastTop(incident: IncidentView, room: number): number {
  return Math.max(0, helpLines(incident).length - room);
}
