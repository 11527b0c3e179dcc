/**
 * View models for UI tests: a realistic checkout-api incident at 14:30 UTC, 12 minutes in,
 * availability burning, a rollback step next. Variants change one thing each.
 */
import { NOTHING_PASSED_OVER } from '../../src/core/nextStep';
import type {
  CockpitView,
  ConfirmationView,
  DeployRow,
  FlagRow,
  PanelView,
  RunningActionView,
  SloRow,
  StepView,
  TimelineEntry,
  TimelineView,
} from '../../src/session/viewModel';
import type { Recommendation } from '../../src/core/recommendation';

export const NOW = '2026-11-22T14:30:00.000Z';
const NOW_MS = Date.parse(NOW);
const MINUTE = 60_000;

export const DEPLOYS: readonly DeployRow[] = [
  { id: 'd-42', revision: 'checkout-api:42', shortRevision: ':42', artifact: 'checkout-api:2026.11.22-1', status: 'PRIMARY', ageMs: 14 * MINUTE, actor: 'ci-bot', current: true, rollbackTarget: false, migration: 'expand_only' },
  { id: 'd-41', revision: 'checkout-api:41', shortRevision: ':41', artifact: 'checkout-api:2026.11.20-3', status: 'INACTIVE', ageMs: 2 * 24 * 60 * MINUTE, actor: 'ci-bot', current: false, rollbackTarget: true },
  { id: 'd-40', revision: 'checkout-api:40', shortRevision: ':40', artifact: 'checkout-api:2026.11.18-2', status: 'INACTIVE', ageMs: 4 * 24 * 60 * MINUTE, actor: 'dana', current: false, rollbackTarget: false },
];

export const FLAGS: readonly FlagRow[] = [
  { key: 'checkout.new-pricing', state: 'ENABLED', variant: 'treatment', variants: ['control', 'treatment'], changedAgoMs: 20 * MINUTE, changedBy: 'priya' },
  { key: 'checkout.fraud-v2', state: 'DISABLED', variant: null, variants: [], changedAgoMs: 3 * 24 * 60 * MINUTE, changedBy: 'sam' },
];

/** What core/recommendation.ts says of this incident: :42 is the newest change before the page. */
export const RECOMMENDATION: Recommendation = {
  kind: 'rollback',
  slo: 'availability',
  text: 'Rollback recommended: checkout-api:42 deployed 2m before the trigger fired; target :41 (✓ safe)',
  evidence: [
    'the provider plans checkout-api:42 → checkout-api:41, one revision back',
    'checkout-api:42 deployed 14m ago by ci-bot',
    'the last flag change before the burn, checkout.new-pricing, is older (20m ago)',
    'availability burning 15.5x on 1h and 16.2x on 5m (trigger > 14.4), fired 12m ago',
  ],
};

export const SLOS: readonly SloRow[] = [
  {
    name: 'availability',
    objective: 99.9,
    status: 'burning',
    windows: [
      { window: '5m', errorRatio: 0.0162, burnRate: 16.2 },
      { window: '30m', errorRatio: 0.015, burnRate: 15 },
      { window: '1h', errorRatio: 0.0155, burnRate: 15.5 },
      { window: '6h', errorRatio: 0.0031, burnRate: 3.1 },
    ],
    sparkline: [0.2, 0.3, 0.2, 0.4, 1, 4, 9, 14, 16, 16.2, 15.8, 16.2],
    budgetRemaining: 0.62,
    exhaustionMs: 3 * 60 * MINUTE,
    firedTriggers: [{ id: 'fast-burn', label: '14.4x on 1h+5m', firedAgoMs: 2 * 60_000, firings: 1 }],
  },
  {
    name: 'latency-p99',
    objective: 99,
    status: 'ok',
    windows: [
      { window: '5m', errorRatio: 0.001, burnRate: 0.1 },
      { window: '30m', errorRatio: 0.002, burnRate: 0.2 },
      { window: '1h', errorRatio: null, burnRate: null },
      { window: '6h', errorRatio: 0.001, burnRate: 0.1 },
    ],
    sparkline: [0.1, 0.1, 0.2, 0.1],
    budgetRemaining: 0.97,
    exhaustionMs: null,
    firedTriggers: [],
  },
];

export const STEPS: readonly StepView[] = [
  { id: 'ack', title: 'Acknowledge and take the commander role', phase: 'first_actions', status: 'done' },
  { id: 'check-deploys', title: 'Look for a recent deploy', phase: 'first_actions', status: 'done' },
  { id: 'rollback', title: 'Roll back to the previous revision', hint: 'Only if the deploy is under 2h old and the migration is expand-only', phase: 'first_actions', status: 'pending', action: 'deploys.rollback' },
  { id: 'disable-pricing', title: 'Turn off checkout.new-pricing', phase: 'first_actions', status: 'pending', action: 'flags.set' },
  { id: 'verify', title: 'Wait for the burn to fall below 1x', phase: 'recovery', status: 'pending', check: 'availability burn < 1x for 10m' },
  { id: 'status-page', title: 'Update the status page', phase: 'recovery', status: 'pending' },
];

/** A timeline of `length` entries made on demand, counting what was read (virtualization is observable). */
export function timelineOf(length: number): TimelineView & { readonly reads: { count: number } } {
  const reads = { count: 0 };
  const entry = (seq: number): TimelineEntry => ({
    seq,
    at: new Date(NOW_MS - (length - seq) * 1000).toISOString(),
    actor: seq % 3 === 0 ? 'alice' : 'cockpit',
    kind: seq % 3 === 0 ? 'note' : 'provider.observed',
    text: `event number ${seq}`,
  });
  return {
    length,
    reads,
    entries(start, end) {
      const out: TimelineEntry[] = [];
      for (let seq = Math.max(0, start); seq < Math.min(end, length); seq += 1) out.push(entry(seq));
      reads.count += out.length;
      return out;
    },
  };
}

function ok<T>(source: string, data: T, ageMs = 5_000): PanelView<T> {
  return { status: 'ok', source, data, ageMs };
}

export function incidentView(overrides: Partial<CockpitView> = {}): CockpitView {
  return {
    now: NOW,
    incident: {
      id: 'INC-20261122-checkout-api',
      service: 'checkout-api',
      owner: 'payments-team',
      severity: 'SEV2',
      status: 'open',
      openedAt: new Date(NOW_MS - 12 * MINUTE).toISOString(),
      ageMs: 12 * MINUTE,
      present: [],
      mode: 'incident',
      drill: false,
      environment: 'production',
      roles: { commander: 'alice' },
      responder: 'alice',
      readOnly: false,
      escalation: [],
      links: {},
    },
    deploys: ok('deploys (ecs)', DEPLOYS),
    flags: ok('flags (flagd)', FLAGS, 8_000),
    slos: ok('metrics (prometheus)', SLOS, 15_000),
    recommendations: [RECOMMENDATION],
    steps: STEPS,
    nextStep: 2,
    passedOver: NOTHING_PASSED_OVER,
    timeline: timelineOf(50),
    running: [],
    reminders: [],
    notices: [],
    ...overrides,
  };
}

export function withProviderError(view = incidentView()): CockpitView {
  return { ...view, flags: { status: 'error', source: 'flags (flagd)', error: 'connect ECONNREFUSED 127.0.0.1:8013', data: FLAGS, ageMs: 4 * MINUTE } };
}

export function loading(view = incidentView()): CockpitView {
  return { ...view, deploys: { status: 'loading', source: 'deploys (ecs)' }, slos: { status: 'loading', source: 'metrics (prometheus)' } };
}

export function stale(view = incidentView()): CockpitView {
  return { ...view, slos: { ...view.slos, status: 'stale', ageMs: 7 * MINUTE } };
}

export function drill(view = incidentView()): CockpitView {
  return { ...view, incident: { ...view.incident, mode: 'drill-sandbox', drill: true } };
}

export const ROLLBACK_CONFIRMATION: ConfirmationView = {
  action: 'act-1',
  step: 'rollback',
  name: 'deploys.rollback',
  summary: 'Roll back checkout-api from :42 to :39',
  calls: [
    { kind: 'api', operation: 'ecs:UpdateService', args: { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:39' } },
    { kind: 'argv', argv: ['./scripts/notify.sh', '--channel', '#incidents', 'rolling back'] },
  ],
  safety: { level: 'typed', reasons: ['rollback jumps 3 revisions'] },
  typeToConfirm: 'checkout-api',
  typeReason: 'rollback jumps 3 revisions',
};

export function withConfirmation(confirmation: ConfirmationView = ROLLBACK_CONFIRMATION, view = incidentView()): CockpitView {
  return { ...view, confirmation };
}

export const RUNNING_ROLLBACK: RunningActionView = {
  action: 'act-1',
  name: 'deploys.rollback',
  step: 'rollback',
  summary: 'Roll back checkout-api from :42 to :41',
  phase: 'executing',
  progress: 'tasks 3/6 running, rollout IN_PROGRESS',
  done: 3,
  total: 6,
  startedAt: new Date(NOW_MS - 65_000).toISOString(),
  elapsedMs: 65_000,
  cancellable: true,
  outputTail: ['deployment ecs-svc/123 IN_PROGRESS'],
};

export function runningRollback(view = incidentView()): CockpitView {
  const steps = view.steps.map((step) => (step.id === 'rollback' ? { ...step, status: 'running' as const } : step));
  return { ...view, steps, running: [RUNNING_ROLLBACK] };
}

/** Words, then one unbreakable run (an image tag, a URL): both must be cut, never spill. */
const sprawl = (label: string) => `${label} ${'far too long to fit '.repeat(12)}${'x'.repeat(240)}`;

/**
 * Every free-text field wider than any terminal, in every panel at once (with a running action,
 * a provider error and a reminder): the layout must cut each one itself, as nothing is clipped
 * sideways by its box.
 */
export function sprawling(): CockpitView {
  const view = runningRollback(withProviderError(drill()));
  const rows = Array.from({ length: 40 }, (_, i) => i);
  return {
    ...view,
    incident: { ...view.incident, service: sprawl('service'), owner: sprawl('owner'), environment: sprawl('env'), roles: { commander: sprawl('alice'), comms: sprawl('bob') }, responder: sprawl('alice') },
    deploys: { ...view.deploys, data: rows.map((i) => ({ ...DEPLOYS[1], id: `d-${i}`, shortRevision: sprawl(':'), artifact: sprawl('image'), status: sprawl('STATUS'), actor: sprawl('actor'), migration: sprawl('migration'), current: i === 0, rollbackTarget: i === 1 }) as DeployRow) },
    flags: { ...view.flags, error: sprawl('ECONNREFUSED'), data: rows.map((i) => ({ ...FLAGS[0], key: sprawl(`flag-${i}`), variant: sprawl('variant'), changedBy: sprawl('who') }) as FlagRow) },
    slos: { ...view.slos, data: SLOS.map((slo) => ({ ...slo, name: sprawl(slo.name), firedTriggers: slo.firedTriggers.map((t) => ({ ...t, label: sprawl(t.label) })) })) },
    recommendations: [{ ...RECOMMENDATION, text: sprawl('Rollback recommended'), evidence: RECOMMENDATION.evidence.map(sprawl) }],
    steps: view.steps.map((step) => ({ ...step, title: sprawl(step.title), ...(step.hint === undefined ? {} : { hint: sprawl('hint') }), ...(step.verify === undefined ? {} : { verify: sprawl('verify') }) })),
    timeline: { length: 60, entries: (start, end) => timelineOf(60).entries(start, end).map((entry) => ({ ...entry, actor: sprawl('actor'), kind: sprawl('kind'), text: sprawl('note') })) },
    running: view.running.map((action) => ({ ...action, summary: sprawl('Roll back'), progress: sprawl('tasks'), outputTail: [sprawl('output')] })),
    reminders: [sprawl('Post a status update')],
    notices: [sprawl('interrupted')],
  };
}
