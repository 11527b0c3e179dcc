import { Box } from 'ink';
import { useMemo, useRef, useSyncExternalStore } from 'react';
import type { SessionController } from '../session/intents';
import type { CockpitView } from '../session/viewModel';
import { DeploysPanel, deploysPage, deploysTableMinWidth } from './DeploysPanel';
import { confirmPlanScroll, DialogHost } from './DialogHost';
import { DialogRefusal } from './DialogFrame';
import { FlagsPanel, flagsNextTop } from './FlagsPanel';
import { Footer } from './Footer';
import { computeLayout, type Layout } from './layout';
import { RunningActions } from './RunningActions';
import { SloPanel } from './SloPanel';
import { StatusLine } from './StatusLine';
import { StepsPanel, stepsOnScreen } from './StepsPanel';
import { ThemeContext, makeTheme } from './theme';
import { TimelinePanel, timelinePage } from './TimelinePanel';
import { helpRoom } from './helpLines';
import type { Command } from './keys';
import { TopBar, topBarHeight } from './TopBar';
import { reduceUi } from './uiState';
import { useKeys } from './useKeys';
import { useCockpitView, useUiStore } from './useUiStore';
import { useTerminalSize } from './useTerminalSize';
import { wantedLines } from './wantedLines';

interface Props {
  readonly controller: SessionController;
  readonly color: boolean;
}

/**
 * The root: subscribes to the session, holds the UI store, lays the screen out, and hands keys
 * to the router. Components below are pure renderers of the view; every change to the incident
 * goes through `controller.dispatch`.
 */
export function App({ controller, color }: Props) {
  const view = useCockpitView(controller);
  const store = useUiStore(controller);
  const stored = useSyncExternalStore(store.subscribe, store.get);
  // Render the UI state as of this very view, so a frame never shows a view without its dialog.
  const ui = useMemo(() => reduceUi(stored, { type: 'view.changed', view }), [stored, view]);
  const size = useTerminalSize();
  // Widths come first (they depend on the terminal, the top bar and the deploys table only), then
  // the heights the content wants and needs at those widths.
  const topBar = topBarHeight(view.incident, Math.max(20, Math.floor(size.columns)));
  const deploysMinWidth = view.deploys.data === undefined ? undefined : deploysTableMinWidth(view.deploys.data);
  const deploysAbsent = view.deploys.status === 'absent';
  const flagsAbsent = view.flags.status === 'absent';
  const sloAbsent = view.slos.status === 'absent';
  const absent = useMemo(() => ({ deploys: deploysAbsent, flags: flagsAbsent, slo: sloAbsent }), [deploysAbsent, flagsAbsent, sloAbsent]);
  const widths = computeLayout(size, { running: view.running.length, topBar, absent, ...(deploysMinWidth === undefined ? {} : { deploysMinWidth }) });
  const wanted = wantedLines(view, { flags: widths.flags.width, slo: widths.slo.width, steps: widths.steps.width }, ui.selected);
  // A timeline longer than the screen is as long as any: the layout stays put as events come.
  const timelineWanted = Math.min(wanted.timeline, Math.floor(size.rows));
  // Keyed on numbers so unchanged areas keep their rects and memoized panels skip re-rendering.
  const layout = useMemo(
    () =>
      computeLayout(size, {
        running: view.running.length,
        wanted: { ...wanted, timeline: timelineWanted },
        needed: wanted.needed,
        preferred: wanted.preferred,
        topBar,
        absent,
        ...(deploysMinWidth === undefined ? {} : { deploysMinWidth }),
      }),
    [size, absent, view.running.length, wanted.deploys, wanted.flags, wanted.slo, wanted.steps, timelineWanted, wanted.needed.flags, wanted.needed.slo, wanted.needed.steps, wanted.preferred.deploys, wanted.preferred.steps, wanted.preferred.slo, topBar, deploysMinWidth],
  );
  const layoutRef = useRef<Layout>(layout);
  layoutRef.current = layout;
  const theme = useMemo(() => makeTheme(color), [color]);
  // A refusal while a dialog is up is the dialog's to say.
  const refusal = ui.dialog !== null && ui.status?.tone === 'bad' ? ui.status : undefined;
  useKeys(controller, store, () => ({ timeline: timelinePage(layoutRef.current.timeline), deploys: deploysPage(controller.view().deploys, layoutRef.current.deploys), flags: flagsNextTop(controller.view().flags, layoutRef.current.flags, store.get().flagsTop), help: helpRoom(layoutRef.current.dialog),
    steps: stepsOnScreen(layoutRef.current.steps),
    plan: confirmPlanScroll(store.get().dialog, controller.view(), layoutRef.current.dialog, store.get().status?.tone === 'bad' ? store.get().status!.text : null),
  }));

  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={layout.width} height={layout.height} overflowY="hidden">
        <TopBar incident={view.incident} size={layout.topBar} />
        {ui.dialog === null ? (
          <>
            <Box flexDirection={layout.panels} flexShrink={0}>
              <DeploysPanel panel={view.deploys} top={ui.deploysTop} size={layout.deploys} />
              <FlagsPanel panel={view.flags} top={ui.flagsTop} size={layout.flags} />
              <SloPanel panel={view.slos} recommendations={view.recommendations} size={layout.slo} />
            </Box>
            <RunningActions running={view.running} size={layout.running} />
            <StepsPanel steps={view.steps} selected={ui.selected} nextStep={view.nextStep} passed={view.passedOver} size={layout.steps} resolved={view.incident.status === 'resolved'} burning={view.incident.burning !== undefined} />
            <TimelinePanel timeline={view.timeline} {...(view.pending ? { pending: view.pending } : {})} top={ui.timelineTop} size={layout.timeline} />
          </>
        ) : (
          <DialogRefusal.Provider value={refusal?.text ?? null}>
            <DialogHost dialog={ui.dialog} view={view} size={layout.dialog} />
          </DialogRefusal.Provider>
        )}
        <StatusLine status={refusal === undefined ? ui.status : null} reminders={view.reminders} notices={view.notices} size={layout.status} />
        <Footer
          size={layout.footer}
          dialogOpen={ui.dialog !== null}
          keys={{ status: view.incident.status, stepsOnScreen: stepsOnScreen(layout.steps), readOnly: view.incident.readOnly, asked: askedKeys(view.recommendations) }}
        />
      </Box>
    </ThemeContext.Provider>
  );
}

/** The keys the advice names: `· m mitigated` (its `asks`) and `· U on step 3` (an undo step). */
function askedKeys(advice: CockpitView['recommendations']): Command[] {
  return [...new Set(advice.flatMap((r): Command[] => [...(r.asks === undefined ? [] : [r.asks]), ...(r.undoStep === undefined ? [] : ['step.undo' as const])]))];
}
