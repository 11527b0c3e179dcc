import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { PanelView } from '../session/viewModel';
import { formatAge, truncate, wrapText } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';
import type { Tone } from './theme';

/** A watch of a sandbox drill has no world of its own: what the drill's cockpit saw is on the timeline. */
const WATCHED_ELSEWHERE = 'a watch has no sandbox of its own: the timeline shows what the drill saw';

/** Panels shorter than this keep a provider's error to one line, for the data's sake. */
const MIN_HEIGHT_FOR_LONG_ERROR = 5;

interface Props {
  readonly title: string;
  readonly panel: PanelView<unknown>;
  readonly size: Rect;
  /** Renders the body into what is left once the title and error lines are drawn. */
  readonly children: (body: Rect) => ReactNode;
  /** What to say instead of the body when there is no data yet or no provider at all. */
  readonly absentText: string;
  /** Said on the title line after the freshness ("flags 1-1 of 3" when the body has no line for it). */
  readonly note?: string;
}

/**
 * A data panel: title, where the data comes from, how old it is, and the provider's error in
 * place. The last good data stays on screen under an error: one failing provider never blanks
 * a panel, let alone another one.
 */
export function PanelFrame({ title, panel, size, children, absentText, note }: Props) {
  const [tone, state] = freshness(panel);
  const errorLines = panel.error === undefined ? 0 : errorHeight(panel, panel.error, size);
  const body = panelBody(panel, size);
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden" paddingRight={1}>
      <Line>
        <Span bold>{title}</Span>
        {panel.source === undefined ? '' : <Span tone="muted"> {panel.source}</Span>}
        {' · '}
        <Span tone={tone}>{state}</Span>
        {note === undefined ? '' : <Span tone="muted"> · {note}</Span>}
      </Line>
      {panel.error === undefined ? null : errorText(panel.error, size.width - 1, errorLines).map((line, i) => (
        <Line key={`error-${i}`} tone="bad">
          {line}
        </Line>
      ))}
      {panel.warning === undefined || panel.data === undefined ? null : <Line tone="warn">⚠ {panel.warning}</Line>}
      {panel.data === undefined ? <Line tone="muted">{panel.status === 'absent' ? (panel.elsewhere === undefined ? absentText : WATCHED_ELSEWHERE) : noDataYet(panel)}</Line> : children(body)}
    </Box>
  );
}

/** A provider asked and not answered: waiting, or (its error above) still nothing, asked again ("✖ ERROR" stood over "waiting for the first answer…"). */
const noDataYet = (panel: PanelView<unknown>) => (panel.error === undefined ? 'waiting for the first answer…' : 'no answer yet: asked again at every poll');

/** What a panel's body gets of its rect: all but the title, the error lines, and one column of gap to the next panel. */
export function panelBody(panel: PanelView<unknown>, size: Rect): Rect {
  const errorLines = panel.error === undefined ? 0 : errorHeight(panel, panel.error, size);
  const warningLines = panel.warning === undefined || panel.data === undefined ? 0 : 1;
  return { width: Math.max(0, size.width - 1), height: Math.max(0, size.height - 1 - errorLines - warningLines) };
}

/** The error wrapped as the height was counted (`errorHeight`); its last line ends `…` where the rest does not fit. */
function errorText(error: string, width: number, lines: number): string[] {
  const wrapped = wrapText(`✖ ${error}`, Math.max(1, width));
  if (wrapped.length <= lines) return wrapped;
  return [...wrapped.slice(0, lines - 1), truncate(`${wrapped[lines - 1]!} ${wrapped[lines]!}`, Math.max(1, width))];
}

/**
 * A provider's error may take a second line when the panel has room: its end often says why. With
 * no data under it, every line the panel has but its title and the line under the error: at 120
 * columns ECS's `no AWS credentials found … (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...) or the` stopped
 * there, fifteen blank lines below it.
 */
function errorHeight(panel: PanelView<unknown>, error: string, size: Rect): number {
  const needed = wrapText(`✖ ${error}`, Math.max(1, size.width - 1)).length;
  if (panel.data === undefined) return Math.max(1, Math.min(needed, size.height - 2));
  return Math.min(needed, size.height >= MIN_HEIGHT_FOR_LONG_ERROR ? 2 : 1);
}

function freshness(panel: PanelView<unknown>): [Tone, string] {
  const age = panel.ageMs === undefined ? '' : ` ${formatAge(panel.ageMs)} ago`;
  switch (panel.status) {
    case 'loading':
      return ['muted', '… loading'];
    case 'ok':
      return ['ok', `✓ updated${age}`];
    case 'stale':
      return ['warn', `⚠ STALE, data${age}`];
    case 'error': {
      const retry = panel.retryInMs === undefined ? '' : ` · ${panel.retryInMs < 1000 ? 'trying again now' : `next try in ${formatAge(panel.retryInMs)}`}`;
      return ['bad', `${panel.data === undefined ? '✖ ERROR' : `✖ ERROR, showing data from${age}`}${retry}`];
    }
    case 'absent':
      return ['muted', panel.elsewhere === undefined ? '— not configured' : `— ${panel.elsewhere}`];
  }
}
