import { createCleaner } from '../core/displayText';
import { NOTHING_PASSED_OVER } from '../core/nextStep';
import { createSecretMatcher } from '../core/secretMatcher';
import type { IncidentMode } from '../core/events';
import type { Runbook } from '../core/runbookModel';
import type { Capability, PluginDefinition } from '../plugins/contract';
import { stepFields } from './stepFields';
import type { CockpitView, PanelView, StepView } from './viewModel';

export interface StartingViewInput {
  readonly runbook: Runbook;
  readonly plugins: readonly PluginDefinition<unknown>[];
  readonly mode: IncidentMode;
  readonly environment: string;
  readonly responder: string;
  readonly now: Date;
  /** What the cockpit is doing meanwhile, for the status line ("starting the sandbox…"). */
  readonly doing: string;
  /** The runbook's secret values: redacted here as in every later frame. */
  readonly secrets: readonly string[];
}

/** Stands in for the incident's id on the first frame: the log that gives it is being opened. */
export const STARTING_ID = 'starting…';

/**
 * The cockpit's first frame, from the runbook alone: its service, severity, owner and steps, and
 * a panel per provider saying it is being asked. Drawn at once, before the incident's log is
 * opened and before any provider answers (issue #17: something useful at once), then replaced by
 * the session's own views (`StartingController`).
 */
export function startingView(input: StartingViewInput): CockpitView {
  // Cleaned as the session's frames are: a runbook is not trusted (a step title's OSC sequence set
  // the terminal's title, a hint's wrote the clipboard), and a `${TOKEN}` in a title was drawn, and
  // kept for the next start's replay, in clear.
  return createCleaner(createSecretMatcher(input.secrets))(rawStartingView(input));
}

function rawStartingView(input: StartingViewInput): CockpitView {
  const { runbook } = input;
  const steps: StepView[] = [
    ...runbook.first_actions.map((step) => ({ step, phase: 'first_actions' as const })),
    ...runbook.recovery.map((step) => ({ step, phase: 'recovery' as const })),
  ].map(({ step, phase }) => ({
    id: step.id,
    title: step.title,
    phase,
    status: 'pending' as const,
    ...stepFields(step),
  }));
  const now = input.now.toISOString();
  return {
    now,
    incident: {
      id: STARTING_ID,
      service: runbook.service,
      owner: runbook.owner,
      severity: runbook.severity,
      status: 'open',
      openedAt: now,
      ageMs: 0,
      present: [],
      mode: input.mode,
      drill: input.mode !== 'incident',
      environment: input.environment,
      roles: {},
      responder: input.responder,
      readOnly: false,
      escalation: runbook.escalation ?? [],
      links: runbook.links ?? {},
    },
    deploys: loading(input, 'deploys'),
    flags: loading(input, 'flags'),
    slos: loading(input, 'slo'),
    recommendations: [],
    steps,
    nextStep: steps.length > 0 ? 0 : -1,
    passedOver: NOTHING_PASSED_OVER,
    timeline: { length: 0, entries: () => [] },
    running: [],
    reminders: [],
    notices: [input.doing],
  };
}

/** A panel waiting for its provider: the first of the runbook's providers whose plugin serves it. */
function loading(input: StartingViewInput, capability: Capability): PanelView<never> {
  const entry = Object.entries(input.runbook.providers).find(([, section]) => input.plugins.find((p) => p.name === section.plugin)?.capabilities.includes(capability));
  return entry === undefined ? { status: 'absent' } : { status: 'loading', source: `${entry[0]} (${entry[1].plugin})` };
}
