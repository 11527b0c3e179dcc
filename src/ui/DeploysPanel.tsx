import { memo } from 'react';
import type { DeployRow, PanelView } from '../session/viewModel';
import { CompactTable } from './CompactTable';
import { formatAge, truncate, truncateStart } from './format';
import { fitRows, type Rect } from './layout';
import { Line } from './Line';
import { PanelFrame, panelBody } from './PanelFrame';
import { type ColumnSpec, fitColumns, widthForAllColumns } from './tableFit';

/** The marker column has no heading: its cells say what they mean ("● current"). */
const MARK = ' ';

const COLUMNS: readonly ColumnSpec[] = [
  { key: MARK, max: 9 },
  { key: 'rev', max: 8 },
  { key: 'artifact', max: 40, min: 10 },
  { key: 'status', max: 11 },
  { key: 'age', max: 4 },
  { key: 'actor', max: 12, dropOrder: 1 },
  // Its cells say what they are (`⛁ contract`): a table short of room drops its heading.
  { key: 'migration', max: 13, dropOrder: 2 },
];

/** Lines the table spends on its heading and the rule under it. */
const TABLE_CHROME = 2;

export const DeploysPanel = memo(function DeploysPanel({ panel, top = 0, size }: { panel: PanelView<readonly DeployRow[]>; top?: number; size: Rect }) {
  const rows = panel.data ?? [];
  const layout = tableLayout(rows, panelBody(panel, size));
  const from = pageStart(layout, top, rows.length);
  const note = titleNote(layout, from, rows.length);
  return (
    <PanelFrame title="DEPLOYS" panel={panel} size={size} absentText="no deploys provider in this runbook" {...(note === undefined ? {} : { note })}>
      {() => <DeploysTable rows={rows} from={from} layout={layout} />}
    </PanelFrame>
  );
});

/**
 * What the title line says of what the body has no line for: the pager, short of a line of its
 * own (never a silent cut), and how many lines under the table are not shown. Both together drop
 * the pager's keys (`?` lists them), so that the count fits at 80 columns.
 */
function titleNote(layout: ReturnType<typeof tableLayout>, from: number, count: number): string | undefined {
  const pager = layout.paged && layout.pagerInTitle ? pagerText(from, layout.perPage, count) : undefined;
  const hidden = layout.hiddenLines === 0 ? undefined : `${layout.hiddenLines} line${layout.hiddenLines === 1 ? '' : 's'} not shown`;
  if (pager !== undefined && hidden !== undefined) return `deploys ${from + 1}-${from + layout.perPage} of ${count} · ${hidden}`;
  return pager ?? hidden;
}

/** The page asked for, or the oldest one there is (the history may have shrunk since). */
const pageStart = ({ paged, perPage }: { paged: boolean; perPage: number }, top: number, count: number) => (paged ? Math.min(top, Math.max(0, count - perPage)) : 0);

/** The narrowest body at which the deploys table shows every column: the layout keeps it that wide. */
export function deploysTableMinWidth(rows: readonly DeployRow[]): number {
  return widthForAllColumns(COLUMNS, rows.map(toCells));
}

/** Which columns the table shows at a body width (wider never shows fewer: `fitColumns` only drops to fit). */
export function deployColumns(rows: readonly DeployRow[], width: number): string[] {
  return fitColumns(COLUMNS, rows.map(toCells), width).map((column) => column.key);
}

/** How many deploys the panel shows at a time in `size`: what `[` and `]` page by. */
export function deploysPage(panel: PanelView<readonly DeployRow[]>, size: Rect): number {
  const rows = panel.data ?? [];
  return Math.max(1, tableLayout(rows, panelBody(panel, size)).perPage);
}

/**
 * How the table spends its lines: the heading, one page of deploys, the pager line when the
 * history is longer than a page ("deploys 1-8 of 140 · [ older ] newer": never a silent cut),
 * and the lines that flag bad revisions and migrations. Short of room, the heading goes first.
 */
function tableLayout(rows: readonly DeployRow[], body: Rect) {
  const all = rows.map(toCells);
  const columns = fitColumns(COLUMNS, all, body.width);
  // A narrow table drops the migration column: the labels that matter for a rollback (current
  // and target) then get lines of their own.
  const migrations = columns.some((column) => column.key === 'migration')
    ? []
    : rows.filter((row) => row.migration !== undefined && (row.current || row.rollbackTarget));
  const bad = rows.filter((row) => row.knownBad !== undefined || row.automaticRollback !== undefined);
  // The rows down to the running build come before any line under the table: at 80x24 two `⊗ bad`
  // lines took the whole body, and the panel showed no row for the build running, nor a word of it.
  const current = rows.findIndex((row) => row.current);
  const kept = Math.min(body.height, rows.length, current + 1 || 1);
  const under = Math.min(bad.length + migrations.length, body.height - kept);
  const shownBad = bad.slice(0, under);
  const shownMigrations = migrations.slice(0, under - shownBad.length);
  const hiddenLines = bad.length + migrations.length - under;
  const lines = Math.max(0, body.height - under);
  // The heading goes before a deploy does: with room for one row and no pager line, the table hid
  // the rest of the history (the rollback target among it) without a word; with a pager line and
  // one row, the current deploy stood alone and the target was a page away.
  const headedFit = fitRows(rows.length, Math.max(0, lines - TABLE_CHROME));
  const headed = headedFit.shown === rows.length || (headedFit.more && headedFit.shown >= 2);
  const fitted = headed ? headedFit : fitRows(rows.length, lines);
  const shared = { all, columns, migrations: shownMigrations, bad: shownBad, hiddenLines, headed };
  // The rows down to the current revision, the rollback target and the revision an undo would deploy
  // again: at 80x24 the pager line left the current row alone, the target the advice named a page away.
  const decisive = Math.max(1, ...rows.map((row, i) => (row.current || row.rollbackTarget || row.undoTarget ? i + 1 : 0)));
  if (fitted.more && fitted.shown < decisive && !headed && lines > fitted.shown) {
    return { ...shared, perPage: Math.min(rows.length, lines), paged: true, pagerInTitle: true };
  }
  // One line for the whole table has no room for a pager line: the title says it.
  const cutSilently = !fitted.more && fitted.shown > 0 && fitted.shown < rows.length;
  return { ...shared, perPage: fitted.shown, paged: fitted.more || cutSilently, pagerInTitle: cutSilently };
}

function DeploysTable({ rows, from, layout }: { rows: readonly DeployRow[]; from: number; layout: ReturnType<typeof tableLayout> }) {
  if (rows.length === 0) return <Line tone="muted">no deploys</Line>;
  const { all, columns, migrations, bad, headed, perPage, paged, pagerInTitle } = layout;
  const cells = all.slice(from, from + perPage);
  // Artifacts of one service share their prefix: keep the end, where the tags differ.
  const cut = (key: string, text: string, width: number) => (key === 'artifact' ? truncateStart(text, width) : truncate(text, width));
  const table = cells.map((cell) => Object.fromEntries(columns.map((column) => [column.key, cut(column.key, cell[column.key] ?? '', column.width)])));
  return (
    <>
      {cells.length > 0 ? <CompactTable rows={table} columns={columns.map((column) => column.key)} accent={MARK} headed={headed} /> : null}
      {paged && !pagerInTitle ? <Line tone="muted">{pagerText(from, cells.length, rows.length)}</Line> : null}
      {bad.map((row) =>
        // Rolled back from, and the burn went on: what was done, not a verdict the evidence took back.
        row.burnRoseAfterRollback && row.automaticRollback === undefined ? (
          <Line key={`bad-${row.id}`} tone="warn">
            ↶ {row.shortRevision} not shown to be the cause: the burn rose after it was {row.knownBad}
          </Line>
        ) : row.burnWentOnUnder !== undefined && row.automaticRollback === undefined ? (
          // The burn after it was another thing's, taken away since (the next build, bad too; a change undone): it settles nothing of this one.
          <Line key={`bad-${row.id}`} tone="warn">
            ↶ {row.shortRevision} not shown either way: the burn went on {row.burnWentOnUnder}; {row.knownBad}
          </Line>
        ) : row.burnStoppedAfter !== undefined && row.automaticRollback === undefined ? (
          // The verdict first: a narrow line cuts the end ("…by r…"), and "or the build it went to as bad" stood after the kill switch cleared both.
          <Line key={`bad-${row.id}`} tone="warn">
            ↶ {row.shortRevision} not the cause: the burn stopped after {row.burnStoppedAfter}, and went on after it was {row.knownBad}
          </Line>
        ) : row.burnOutlivedRollback && row.automaticRollback === undefined ? (
          <Line key={`bad-${row.id}`} tone="warn">
            ↶ {row.shortRevision} not the cause, or the build it went to is bad too: the burn went on after it was {row.knownBad}
          </Line>
        ) : row.stoppedTogetherWith !== undefined && row.automaticRollback === undefined ? (
          <Line key={`bad-${row.id}`} tone="warn">
            ↶ {row.shortRevision} the cause? the burn stopped after it and {row.stoppedTogetherWith}, made together (the SLO cannot tell which); {row.knownBad}
          </Line>
        ) : row.causeShowsBy !== undefined && row.automaticRollback === undefined ? (
          // Rolled back a moment ago: the responder's guess, which the 5m burn confirms or not. When
          // first, a narrow line cuts only who rolled it back (at 100 columns: "…, the 5m b…").
          <Line key={`bad-${row.id}`} tone="muted">
            ↶ {row.shortRevision} the cause? the 5m burn tells {row.causeShowsBy}; {row.knownBad}
          </Line>
        ) : (
          <Line key={`bad-${row.id}`} tone="bad">
            ⊗ {row.shortRevision} bad — {[row.knownBad, row.automaticRollback].filter(Boolean).join('; ')}
          </Line>
        ),
      )}
      {migrations.map((row) => (
        <Line key={row.id} tone="warn">
          ⛁ {row.shortRevision} migration {row.migration}
        </Line>
      ))}
    </>
  );
}

/** "deploys 1-8 of 140 · [ older": where the page is in the whole history, and the keys that move it. */
function pagerText(from: number, shown: number, count: number): string {
  const keys = [from + shown < count ? '[ older' : undefined, from > 0 ? '] newer' : undefined].filter(Boolean).join(' ');
  return `deploys ${from + 1}-${from + shown} of ${count}${keys === '' ? '' : ` · ${keys}`}`;
}

/** `↩ target`; `⊘` when its safety check blocks it; `again` once the incident has rolled back (a second rollback). */
function targetMark(row: DeployRow): string {
  return `${row.rollbackBlocked ? '⊘' : '↩'} ${row.rollbackAgain ? 'again' : 'target'}`;
}

/** Marked `⊗ bad` as its line under the table says it (`⊗ :44 bad — rolled back by Argo Rollouts …` had no mark on its row). */
function markedBad(row: DeployRow): boolean {
  if (row.knownBad === undefined) return row.automaticRollback !== undefined;
  return !row.burnOutlivedRollback && !row.burnRoseAfterRollback && row.burnWentOnUnder === undefined && row.causeShowsBy === undefined && row.stoppedTogetherWith === undefined;
}

function toCells(row: DeployRow): Record<string, string> {
  return {
    [MARK]: row.current ? '● current' : row.rollbackTarget ? targetMark(row) : markedBad(row) ? '⊗ bad' : row.sameAsCurrent ? '= same' : '',
    rev: row.shortRevision,
    artifact: row.artifact,
    status: row.status,
    age: row.ageMs === undefined ? '' : formatAge(row.ageMs),
    actor: row.actor ?? '',
    migration: row.migration === undefined ? '' : `⛁ ${row.migration}`,
  };
}
