import type { IncidentView } from '../session/viewModel';
import type { Rect } from './layout';
import { wrapText } from './format';
import { BINDINGS, DIALOG_KEYS, WRITE_COMMANDS } from './keys';
import { LEGEND } from './symbols';

/** One line of the keys page of help: a key and what it does, or a sentence (escalation, a link). */
export type HelpLine = { readonly kind: 'key'; readonly keys: string; readonly help: string } | { readonly kind: 'text'; readonly text: string; readonly muted?: true };

/**
 * Everything the keys page of help says, in order: every key, from the same table the router
 * uses, the dialog keys, who to call and where to look. The dialog scrolls through these when the
 * screen is shorter than they are (80x24), so every one of them can be reached.
 */
export function helpLines(incident: IncidentView, said: readonly string[] = []): HelpLine[] {
  // A watch refuses every key that records (it listed n, m, r, u, c, S, U and o as if usable), as its footer leaves them out.
  // Nor Esc: a watch runs nothing to cancel, and its help offered to (a responder's test).
  const usable = BINDINGS.filter((binding) => !(incident.readOnly && (WRITE_COMMANDS.has(binding.command) || binding.command === 'escape')));
  return [
    // What the status line has no room for (`(+2 more: ? shows them)`), first.
    ...said.map((text): HelpLine => ({ kind: 'text', text })),
    ...(incident.readOnly ? [{ kind: 'text' as const, text: 'Read-only watch: the keys that record on the incident are left out.', muted: true as const }] : []),
    ...usable.map((binding): HelpLine => ({ kind: 'key', keys: binding.keys, help: binding.help })),
    { kind: 'text', text: `In a dialog: ${Object.values(DIALOG_KEYS).join(' · ')}`, muted: true },
    ...(incident.escalation.length === 0 ? [] : [{ kind: 'text' as const, text: `Escalation: ${incident.escalation.join(' → ')}` }]),
    // A URL is copied from here: never cut.
    ...Object.entries(incident.links).map(([name, url]): HelpLine => ({ kind: 'text', text: `${name}: ${url}` })),
  ];
}

/** The reminders (⚑) and notices (ℹ) as the status line says them: the first there, all of them in ? help. */
export function saidLines(reminders: readonly string[], notices: readonly string[]): string[] {
  return [...reminders.map((text) => `⚑ ${text}`), ...notices.map((text) => `ℹ ${text}`)];
}

/** The column a key's description starts at. */
export const KEY_WIDTH = 10;

/** One row of the keys page on screen: a key's name (on its first row only) and text. */
export interface HelpRow {
  readonly keys?: string;
  readonly text: string;
  readonly muted?: true;
}

/**
 * The help lines as rows `width` wide: a description too long for its row wraps under itself
 * (at 80 columns "mark the selected step done (a check or an action not run: with a…" lost its
 * end, and scrolling never showed it); a sentence wraps at the width.
 */
export function helpRows(incident: IncidentView, width: number, page = 0, said: readonly string[] = []): HelpRow[] {
  // The symbols page, a symbol a row: one paragraph of them ended mid-sentence at 80x24, with no way to scroll.
  if (page % 2 === 1) return LEGEND.flatMap(([symbol, meaning]) => wrapText(`${symbol} ${meaning}`, width, '  ').map((text) => ({ text })));
  return helpLines(incident, said).flatMap((line): HelpRow[] =>
    line.kind === 'key'
      ? wrapText(line.help, width - KEY_WIDTH).map((text, i) => ({ keys: i === 0 ? line.keys : '', text }))
      : wrapText(line.text, width).map((text) => ({ text, ...(line.muted ? { muted: true as const } : {}) })),
  );
}

export type HelpRoom = ReturnType<typeof helpRoom>;

/** Where the help dialog's rows go in a dialog of `size`: how many it shows at a time (its border, title, keys and position line take the rest), how wide. */
export function helpRoom(size: Rect): { readonly rows: number; readonly width: number } {
  // The frame's border and its padding take two columns each side.
  return { rows: Math.max(1, size.height - 5), width: Math.max(KEY_WIDTH + 10, size.width - 4) };
}

/** The first row shown when the end of a page of help (`page`: 0 keys, 1 symbols) is at the bottom: scrolling stops there. */
export function helpLastTop(incident: IncidentView, room: HelpRoom, page = 0, said: readonly string[] = []): number {
  return Math.max(0, helpRows(incident, room.width, page, said).length - room.rows);
}
