/**
 * Terminal size → where everything goes. Pure, so breakpoints are tested without a terminal.
 * Every height here is a hard budget: components render at most that many lines and truncate
 * every line to their width, so nothing wraps into garbage at 80x24.
 */

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface Rect {
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly width: number;
  /** Lines drawn: one less than the terminal so Ink updates in place instead of clearing the screen. */
  readonly height: number;
  /**
   * `row`: deploys, flags and SLO side by side (from 120 columns, when the deploys table keeps
   * every column at its share of the width); `column`: stacked.
   */
  readonly panels: 'row' | 'column';
  readonly topBar: Rect;
  readonly deploys: Rect;
  readonly flags: Rect;
  readonly slo: Rect;
  readonly running: Rect;
  readonly steps: Rect;
  readonly timeline: Rect;
  /** The modal area a dialog takes: everything between the top bar and the status line. */
  readonly dialog: Rect;
  readonly status: Rect;
  readonly footer: Rect;
}

export const SIDE_BY_SIDE_MIN_COLUMNS = 120;
const TOP_BAR_LINES = 2;
const STATUS_LINES = 1;
const FOOTER_LINES = 1;
/** Each running action takes a line for its progress and one for its latest output. */
export const LINES_PER_RUNNING_ACTION = 2;
const MAX_RUNNING_SHOWN = 2;

export interface LayoutContent {
  /** Number of running actions: their block appears only while something runs. */
  readonly running: number;
  /**
   * Lines each area could use (see `wantedLines`): space beyond that goes to the timeline. A short
   * timeline is filled first like the others (twelve lines went to seven events, five of them blank,
   * while the SLO's evidence read "… 2 more lines"); what is left over after every area is full is its.
   */
  readonly wanted?: { readonly deploys: number; readonly flags: number; readonly slo: number; readonly steps: number; readonly timeline?: number };
  /**
   * Lines an area must have for its decisive words (the whole recommendation and the burn windows
   * of a burning SLO, the selected step's title and status): taken before the timeline gets more
   * than its minimum. A terminal too short for them all cuts from the timeline up.
   */
  readonly needed?: { readonly flags?: number; readonly slo?: number; readonly steps?: number };
  /** Lines of the top bar (the escalation may need a line of its own); 2 unless told. */
  readonly topBar?: number;
  /**
   * The narrowest the deploys table can be with every column (see `deploysTableMinWidth`): the
   * panels go side by side only when the deploys panel keeps them all, so a wider terminal never
   * shows fewer columns than a narrower one.
   */
  readonly deploysMinWidth?: number;
  /**
   * Stacked, lines these areas get right after the needed ones, before the rest is shared by
   * weight: the runbook's steps one line each (with the selected one whole), and the deploys
   * table down to the current revision and the rollback target. What the timeline shows beyond
   * its newest lines and older deploys are worth less than a step the responder cannot see.
   * Then the SLO panel whole, its evidence with it: at 120x40 (stacked) it read `… 2 more lines (a
   * taller terminal shows them)` under a recommendation, beside two older deploys and six events.
   */
  readonly preferred?: { readonly deploys?: number; readonly steps?: number; readonly slo?: number };
  /**
   * Panels with nothing to show here (no such provider in the runbook, or a watch whose world is
   * in the drill's cockpit): each says so in its title and a line. An absent flags panel says it
   * in its title alone, and gives its width away.
   */
  readonly absent?: { readonly deploys?: boolean; readonly flags?: boolean; readonly slo?: boolean };
}

/** Title and the line that says why there is nothing. */
const ABSENT_PANEL_LINES = 2;

/** "no flags provider in this runbook" and the gap to the next panel. */
const ABSENT_FLAGS_WIDTH = 34;

/** The deploys panel's width when the panels are side by side. */
export const sideBySideDeploysWidth = (width: number) => Math.floor(width * 0.42);

export function computeLayout(size: TerminalSize, content: LayoutContent): Layout {
  const width = Math.max(20, Math.floor(size.columns));
  const height = Math.max(10, Math.floor(size.rows) - 1);
  const runningLines = Math.min(content.running, MAX_RUNNING_SHOWN) * LINES_PER_RUNNING_ACTION;
  const topBarLines = Math.max(TOP_BAR_LINES, content.topBar ?? TOP_BAR_LINES);
  const body = Math.max(0, height - topBarLines - STATUS_LINES - FOOTER_LINES - runningLines);
  // Decisive words get up to a third of the body each: absurdly long ones (a 600-character
  // recommendation) are cut rather than push every other panel off the screen.
  const cap = (lines: number | undefined) => Math.min(lines ?? 0, Math.floor(body / 3));
  const needed = { flags: cap(content.needed?.flags), slo: cap(content.needed?.slo), steps: cap(content.needed?.steps) };
  const common = {
    width,
    height,
    topBar: { width, height: topBarLines },
    running: { width, height: runningLines },
    dialog: { width, height: body + runningLines },
    status: { width, height: STATUS_LINES },
    footer: { width, height: FOOTER_LINES },
  };

  // The deploys panel's body is one column narrower than the panel (the gap to the next one).
  const deploysKeepColumns = content.deploysMinWidth === undefined || sideBySideDeploysWidth(width) - 1 >= content.deploysMinWidth;
  if (width >= SIDE_BY_SIDE_MIN_COLUMNS && deploysKeepColumns) {
    const wanted = content.wanted;
    const panelsWanted = wanted === undefined ? undefined : Math.max(wanted.deploys, wanted.flags, wanted.slo);
    const allAbsent = content.absent?.deploys && content.absent.flags && content.absent.slo;
    const [panelHeight = 0, stepsHeight = 0, timelineHeight = 0] = withLeftover(body, [
      { min: allAbsent ? ABSENT_PANEL_LINES : Math.max(5, needed.slo ?? 0, needed.flags ?? 0), weight: 4, max: allAbsent ? ABSENT_PANEL_LINES : panelsWanted },
      { min: Math.max(3, needed.steps ?? 0), weight: 3, max: wanted?.steps },
      { min: 3, weight: 3, max: wanted?.timeline },
    ]);
    // Deploys carry the most columns; SLO lines next (four windows and a sparkline).
    const shareOfFlags = Math.floor(width * 0.23);
    const flagsWidth = content.absent?.flags ? Math.min(shareOfFlags, ABSENT_FLAGS_WIDTH) : shareOfFlags;
    // What an absent flags panel gives away goes to the two beside it, half each.
    const deploysWidth = sideBySideDeploysWidth(width) + Math.floor((shareOfFlags - flagsWidth) / 2);
    const sloWidth = width - deploysWidth - flagsWidth;
    return {
      ...common,
      panels: 'row',
      deploys: { width: deploysWidth, height: panelHeight },
      flags: { width: flagsWidth, height: panelHeight },
      slo: { width: sloWidth, height: panelHeight },
      steps: { width, height: stepsHeight },
      timeline: { width, height: timelineHeight },
    };
  }

  const wanted = content.wanted;
  // The flags' count line comes after the SLO's and the steps' decisive words: it gives way
  // when the screen has no line to spare for it.
  const others = 4 + Math.max(3, needed.slo ?? 0) + Math.max(3, needed.steps ?? 0) + 3;
  const flagsMin = others + Math.max(2, needed.flags ?? 0) <= body ? Math.max(2, needed.flags ?? 0) : 2;
  const preferred = content.preferred;
  const absentArea = { min: ABSENT_PANEL_LINES, weight: 1, max: ABSENT_PANEL_LINES };
  const [deploys = 0, flags = 0, slo = 0, steps = 0, timeline = 0] = withLeftover(body, [
    content.absent?.deploys ? absentArea : { min: 4, weight: 3, max: wanted?.deploys, prefer: preferred?.deploys },
    // Absent, its title says all there is (`FLAGS · — not configured`).
    content.absent?.flags ? { min: 1, weight: 1, max: 1 } : { min: flagsMin, weight: 2, max: wanted?.flags },
    content.absent?.slo ? absentArea : { min: Math.max(3, needed.slo ?? 0), weight: 3, max: wanted?.slo, prefer: preferred?.slo, preferLater: true },
    { min: Math.max(3, needed.steps ?? 0), weight: 3, max: wanted?.steps, prefer: preferred?.steps },
    { min: 3, weight: 3, max: wanted?.timeline },
  ]);
  return {
    ...common,
    panels: 'column',
    deploys: { width, height: deploys },
    flags: { width, height: flags },
    slo: { width, height: slo },
    steps: { width, height: steps },
    timeline: { width, height: timeline },
  };
}

/** `share`, and what no area could use to the last one (the timeline): its empty lines wait for events. */
function withLeftover(total: number, areas: readonly Share[]): number[] {
  const sizes = share(total, areas);
  const left = total - sizes.reduce((sum, size) => sum + size, 0);
  if (left > 0 && sizes.length > 0) sizes[sizes.length - 1] = (sizes.at(-1) ?? 0) + left;
  return sizes;
}

interface Share {
  readonly min: number;
  readonly weight: number;
  /** No more than this is useful (the content's own height); undefined: takes any amount. */
  readonly max?: number | undefined;
  /** Raised to this (within `max`), in order, before anything is shared by weight. */
  readonly prefer?: number | undefined;
  /** Its `prefer` comes after the others' (the SLO's evidence after the runbook's steps). */
  readonly preferLater?: boolean;
}

/**
 * Splits `total` lines: each area gets its minimum, then what it prefers (in order, while lines
 * last), the rest goes by weight to areas that can still use it. When even the minimums do not
 * fit (a tiny terminal), areas are cut from the last one up so the sum never exceeds `total`.
 */
export function share(total: number, areas: readonly Share[]): number[] {
  const minimum = areas.reduce((sum, area) => sum + area.min, 0);
  if (minimum >= total) {
    let left = total;
    return areas.map((area) => {
      const given = Math.min(area.min, left);
      left -= given;
      return given;
    });
  }
  const sizes = areas.map((area) => area.min);
  const room = (i: number) => Math.max(0, (areas[i]?.max ?? Number.POSITIVE_INFINITY) - (sizes[i] ?? 0));
  let spare = total - minimum;
  const preferring = areas.map((area, i) => ({ area, i }));
  for (const { area, i } of [...preferring.filter(({ area }) => area.preferLater !== true), ...preferring.filter(({ area }) => area.preferLater === true)]) {
    const raise = Math.min(spare, room(i), Math.max(0, (area.prefer ?? 0) - area.min));
    sizes[i] = area.min + raise;
    spare -= raise;
  }
  while (spare > 0) {
    const open = areas.flatMap((area, i) => (room(i) > 0 ? [{ i, weight: area.weight }] : []));
    if (open.length === 0) break;
    const weights = open.reduce((sum, area) => sum + area.weight, 0);
    let given = 0;
    for (const { i, weight } of open) {
      const extra = Math.min(room(i), Math.floor((spare * weight) / weights));
      sizes[i] = (sizes[i] ?? 0) + extra;
      given += extra;
    }
    if (given === 0) {
      // Less spare than areas: one line at a time, in order.
      const first = open[0];
      if (first !== undefined) sizes[first.i] = (sizes[first.i] ?? 0) + 1;
      given = 1;
    }
    spare -= given;
  }
  return sizes;
}

/**
 * How many of `count` rows fit in `lines`, and whether the last line says "… N more": only
 * when at least one row still shows, so a one-line panel shows a row rather than a count.
 */
export function fitRows(count: number, lines: number): { shown: number; more: boolean } {
  if (count <= lines) return { shown: count, more: false };
  if (lines <= 1) return { shown: Math.max(0, lines), more: false };
  return { shown: lines - 1, more: true };
}
