import type { CockpitView } from '../session/viewModel';
import { ConfirmDialog, planScroll, type PlanScroll } from './ConfirmDialog';
import { HelpDialog } from './HelpDialog';
import { saidLines } from './helpLines';
import { CancelRunningDialog, QuitRunningDialog, QuitUnsentDialog, RoleDialog, SeverityDialog, TextDialog } from './InputDialogs';
import type { Rect } from './layout';
import { CommsDialog, OverrideDialog, ReopenDialog, StatusDialog } from './ReasonDialogs';
import { TimelineEntryDialog } from './TimelineEntryDialog';
import { StepDialog } from './StepDialog';
import { assertNever, type Dialog } from './uiState';

const stepTitleOf = (view: CockpitView, confirmation: NonNullable<CockpitView['confirmation']>) => view.steps.find((candidate) => candidate.id === (confirmation.step ?? confirmation.undoes?.step))?.title;

/** How the open confirmation's plan scrolls, drawn at `size` with `refusal` beside it (none: nothing to scroll). */
export function confirmPlanScroll(dialog: Dialog | null, view: CockpitView, size: Rect, refusal: string | null): PlanScroll | undefined {
  const confirmation = view.confirmation;
  if (dialog?.kind !== 'confirm' || confirmation === undefined) return undefined;
  return planScroll(confirmation, stepTitleOf(view, confirmation), dialog.typed, view.incident.mode === 'drill-sandbox', refusal, size);
}

/** Draws the one open dialog; what it shows comes from the view, what is typed from the UI state. */
export function DialogHost({ dialog, view, size }: { dialog: Dialog; view: CockpitView; size: Rect }) {
  switch (dialog.kind) {
    case 'confirm': {
      const confirmation = view.confirmation;
      if (confirmation === undefined) return null;
      return <ConfirmDialog confirmation={confirmation} stepTitle={stepTitleOf(view, confirmation)} typed={dialog.typed} {...(dialog.planTop === undefined ? {} : { planTop: dialog.planTop })} size={size} sandbox={view.incident.mode === 'drill-sandbox'} />;
    }
    case 'skip': {
      const step = view.steps.find((candidate) => candidate.id === dialog.step);
      return <TextDialog title={`SKIP STEP ${step?.title ?? dialog.step}`} label="Why is it skipped (required):" text={dialog.text} size={size} />;
    }
    case 'note':
      return <TextDialog title="ADD A NOTE TO THE TIMELINE" label="Note:" text={dialog.text} size={size} />;
    case 'status':
      return <StatusDialog to={dialog.to} burning={view.incident.burning} {...(view.incident.burnUnknown === undefined ? {} : { unknown: view.incident.burnUnknown })} openEnds={view.incident.openEnds} reminders={view.reminders} text={dialog.text} size={size} />;
    case 'override': {
      const step = view.steps.find((candidate) => candidate.id === dialog.step);
      return <OverrideDialog title={step?.title ?? dialog.step} check={step?.check} action={step?.action} running={step?.status === 'running'} text={dialog.text} size={size} />;
    }
    case 'comms':
      return <CommsDialog text={dialog.text} size={size} />;
    case 'reopen':
      return <ReopenDialog status={view.incident.status} resolvedAfterMs={view.incident.resolvedAfterMs} burning={view.incident.burning} text={dialog.text} size={size} />;
    case 'role':
      return <RoleDialog choice={dialog.choice} text={dialog.text} size={size} />;
    case 'severity':
      return <SeverityDialog current={view.incident.severity} choice={dialog.choice} text={dialog.text} size={size} />;
    case 'cancel-running':
      return <CancelRunningDialog name={dialog.name} phase={dialog.phase} ended={dialog.ended === true} size={size} />;
    case 'quit-running':
      return <QuitRunningDialog actions={dialog.actions} incident={view.incident} ended={dialog.ended === true} size={size} />;
    case 'quit-unsent':
      return <QuitUnsentDialog back={dialog.back} size={size} />;
    case 'help':
      return <HelpDialog size={size} incident={view.incident} said={saidLines(view.reminders, view.notices)} {...(dialog.page === undefined ? {} : { page: dialog.page })} {...(dialog.top === undefined ? {} : { top: dialog.top })} />;
    case 'timeline-entry':
      return <TimelineEntryDialog timeline={view.timeline} index={dialog.index} size={size} />;
    case 'step-read':
      return <StepDialog step={view.steps[dialog.index]} index={dialog.index} size={size} />;
    default:
      return assertNever(dialog);
  }
}
