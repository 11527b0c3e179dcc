import { memo } from 'react';
import type { FlagRow, PanelView } from '../session/viewModel';
import { formatAge, wrapText } from './format';
import { fitRows, type Rect } from './layout';
import { Line, Span } from './Line';
import { PanelFrame, panelBody } from './PanelFrame';

export const FlagsPanel = memo(function FlagsPanel({ panel, top = 0, size }: { panel: PanelView<readonly FlagRow[]>; top?: number; size: Rect }) {
  const flags = panel.data ?? [];
  const fit = fitFlags(flags, panelBody(panel, size), top);
  // A body with no line left for the count says it on the title line: never a silent cut.
  const note = fit.paged && !fit.countFits ? pagerText(fit, flags.length) : undefined;
  return (
    <PanelFrame title="FLAGS" panel={panel} size={size} absentText="no flags provider in this runbook" {...(note === undefined ? {} : { note })}>
      {() => <FlagLines flags={flags} fit={fit} />}
    </PanelFrame>
  );
});

/**
 * Where `f` goes from the page starting at `top`: the first flag not shown, or back to the first
 * after the last page; undefined when every flag is on screen.
 */
export function flagsNextTop(panel: PanelView<readonly FlagRow[]>, size: Rect, top: number): number | undefined {
  const flags = panel.data ?? [];
  const fit = fitFlags(flags, panelBody(panel, size), top);
  if (!fit.paged) return undefined;
  const end = fit.from + fit.shown;
  return end >= flags.length ? 0 : end;
}

/** "flags 1-2 of 5 · f next", the deploys panel's words for a page of a longer list, with the key that pages it. */
const pagerText = ({ from, shown }: { from: number; shown: number }, count: number) =>
  `flags ${from + 1}-${from + shown} of ${count} · f ${from + shown >= count ? 'first' : 'next'}`;

/** The panel's body width for a panel width (PanelFrame keeps one column of gap). */
export const flagsBodyWidth = (panelWidth: number) => Math.max(1, panelWidth - 1);

/**
 * A flag in words that cannot be misread: whether it is enabled, which variant it serves, and
 * when it last changed ("unknown" when neither the provider nor the timeline knows). A flag
 * served disabled answers with the code's default, whatever its default variant says.
 */
export function flagWords(flag: FlagRow): { readonly key: string; readonly serves: string; readonly changed: string } {
  const serves = flag.state === 'ENABLED' ? `variant ${flag.variant ?? '— (code default)'} · enabled` : 'DISABLED · serves the code default';
  const changed =
    flag.changedAgoMs === undefined ? 'changed: unknown' : `changed ${formatAge(flag.changedAgoMs)} ago${flag.changedBy === undefined ? '' : ` by ${flag.changedBy}`}`;
  return { key: flag.key, serves, changed };
}

/** The lines a flag takes at `width`: one when it fits, else its key and then its state and age, wrapped. */
export function flagLines(flag: FlagRow, width: number): { readonly key: string; readonly rest: readonly string[] } {
  const { key, serves, changed } = flagWords(flag);
  const detail = `${serves} · ${changed}`;
  if (Array.from(`${key}  ${detail}`).length <= width) return { key, rest: [] };
  // The state and the age are what decide; the key may be cut, they are wrapped, each kept on
  // one line when it fits ("changed 20m ago by priya" never splits).
  return { key, rest: wrapSegments([serves, changed], width - 2).map((line) => `  ${line}`) };
}

/** Packs `segments` into lines joined by " · ", word-wrapping only a segment wider than a line. */
function wrapSegments(segments: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const segment of segments) {
    const joined = line === '' ? segment : `${line} · ${segment}`;
    if (Array.from(joined).length <= width) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    const pieces = wrapText(segment, width);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Whole flags only (a flag's key without its state would mislead), in the order buildView gives
 * them, from `top` (or the last flag, when the list has shrunk below it).
 */
function fitFlags(flags: readonly FlagRow[], body: Rect, top: number) {
  const from = Math.max(0, Math.min(top, flags.length - 1));
  const laidOut = flags.slice(from).map((flag) => ({ flag, ...flagLines(flag, body.width) }));
  const perFlag = laidOut.map((f) => 1 + f.rest.length);
  let shown = 0;
  let used = 0;
  const paging = from > 0;
  // Room for the pager line is kept whenever some flag is off this page.
  while (shown < laidOut.length && used + perFlag[shown]! <= body.height - (paging || shown + 1 < laidOut.length ? 1 : 0)) used += perFlag[shown++]!;
  if (shown === 0 && laidOut.length > 0) {
    shown = Math.min(1, fitRows(laidOut.length, body.height).shown);
    used = shown === 0 ? 0 : perFlag[0]!;
  }
  return { laidOut, from, shown, paged: shown < flags.length, countFits: used + 1 <= body.height };
}

function FlagLines({ flags, fit }: { flags: readonly FlagRow[]; fit: ReturnType<typeof fitFlags> }) {
  if (flags.length === 0) return <Line tone="muted">no flags</Line>;
  const { laidOut, shown, paged, countFits } = fit;
  return (
    <>
      {laidOut.slice(0, shown).map(({ flag, key, rest }) => {
        const words = flagWords(flag);
        const tone = flag.state === 'ENABLED' ? 'plain' : 'warn';
        return rest.length === 0 ? (
          <Line key={flag.key}>
            <Span bold>{key}</Span>
            {'  '}
            <Span tone={tone}>{words.serves}</Span>
            <Span tone="muted"> · {words.changed}</Span>
          </Line>
        ) : (
          [
            <Line key={flag.key} bold>
              {key}
            </Line>,
            ...rest.map((line, i) => (
              <Line key={`${flag.key}-${i}`} tone={tone}>
                {line}
              </Line>
            )),
          ]
        );
      })}
      {paged && countFits ? <Line tone="muted">{pagerText(fit, flags.length)}</Line> : null}
    </>
  );
}
