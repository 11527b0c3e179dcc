/**
 * Recommendation inputs shaped like the built-in drill scenarios (src/sandbox/scenarios/*.yaml):
 * their deploy and flag histories relative to the drill's start, the trigger that fires at the
 * start, and the rollback step's dry plan.
 */
import type { FlagChange } from '../../../src/core/changeCorrelation';
import type { Deploy } from '../../../src/core/deploys';
import type { BurnEvidence, RecommendationInput } from '../../../src/core/recommendation';
import type { ResponderAction } from '../../../src/core/responderActions';
import type { RollbackPreview } from '../../../src/core/rollbackPreview';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Every scenario's `start`. */
export const START = Date.parse('2026-11-22T02:30:00Z');

const iso = (ms: number) => new Date(ms).toISOString();

export function deploy(n: number, at: number, options: { current?: boolean; migration?: string; actor?: string; status?: Deploy['status'] } = {}): Deploy {
  return {
    id: `arn:deployment/${n}-${at}`,
    revision: `checkout-api:${n}`,
    artifacts: [`checkout-api:c${n}`],
    status: options.status ?? 'successful',
    startedAt: iso(at),
    ...(options.actor ? { actor: options.actor } : {}),
    labels: options.migration ? { migration: options.migration } : {},
    current: options.current ?? false,
  };
}

/** :39 … :42, the newest `lastAgo` before the start, as every scenario has them. */
export function history(lastAgo: number, lastMigration?: string): Deploy[] {
  return [
    deploy(42, START - lastAgo, { current: true, actor: 'dave', ...(lastMigration ? { migration: lastMigration } : {}) }),
    deploy(41, START - DAY, { actor: 'carol' }),
    deploy(40, START - 2 * DAY, { actor: 'bob', migration: 'expand_only' }),
    deploy(39, START - 3 * DAY, { actor: 'alice' }),
  ];
}

export const flag = (key: string, at: number, variant = 'on', by = 'erin'): FlagChange => ({ key, changedAt: at, by, variant, state: 'ENABLED' });

/** The 1h+5m page trigger of runbooks/checkout-api.yaml, first fired at the drill's start. */
export const pageBurn = (longBurn: number, shortBurn: number, fired = true): BurnEvidence => ({
  slo: 'availability',
  fired,
  threshold: 14.4,
  longMs: HOUR,
  shortMs: 5 * MINUTE,
  longBurn,
  shortBurn,
  onsetAt: START,
});

/** The 6h+30m trigger. */
export const slowBurn = (longBurn: number, shortBurn: number, fired = true): BurnEvidence => ({
  slo: 'availability',
  fired,
  threshold: 6,
  longMs: 6 * HOUR,
  shortMs: 30 * MINUTE,
  longBurn,
  shortBurn,
  onsetAt: START,
});

export function preview(current: string, target: string, level: 'ok' | 'typed' | 'blocked', reasons: string[] = ['one revision back']): RollbackPreview {
  const verdict = level === 'blocked' ? { level, reasons, phrase: `override migration ${current}` } : { level, reasons };
  return { status: 'planned', step: 'rollback', current, target, verdict, at: START };
}

/** An action that started a minute before `at` (when it finished, or `at` itself while running). */
/** When the 5m burn tells whether a rollback made at `at` stopped the burn (core/burnWentOn.ts `judgedBy`): its check ended as it was made. */
export const judgedFrom = (at: number, status: ResponderAction['status']): number => (status === 'running' || status === 'done' ? Number.POSITIVE_INFINITY : at + 6 * MINUTE);
export const rolledBack = (from: string, to: string, at: number, status: ResponderAction['status'] = 'verified'): ResponderAction => ({ id: `act-${at}`, kind: 'rollback', from, to, status, startedAt: status === 'running' ? at : at - MINUTE, at, judgedBy: judgedFrom(at, status) });
export const flagSet = (key: string, after: string, at: number, status: ResponderAction['status'] = 'verified'): ResponderAction => ({ id: `act-${at}`, kind: 'flag', flag: key, after, status, startedAt: status === 'running' ? at : at - MINUTE, at });

const quietFlags = [flag('checkout_v2', START - 6 * DAY), flag('express_pay', START - 10 * DAY, 'off', 'frank')];
const toggledFlags = [flag('checkout_v2', START - 55 * MINUTE), flag('express_pay', START - 10 * DAY, 'off', 'frank')];

/** bad-deploy at the start: :42 went out an hour ago and 8% of requests fail. */
export const badDeploy = (): RecommendationInput => ({
  now: START + MINUTE,
  burns: [pageBurn(16.1, 16.3)],
  deploys: history(HOUR),
  flagChanges: quietFlags,
  rollbackPreview: preview('checkout-api:42', 'checkout-api:41', 'ok'),
  actions: [],
});

/** bad-flag at the start: checkout_v2 turned on 55m ago, :42 three hours old. */
export const badFlag = (): RecommendationInput => ({
  now: START + MINUTE,
  burns: [pageBurn(17.2, 18.1)],
  deploys: history(3 * HOUR),
  flagChanges: toggledFlags,
  rollbackPreview: preview('checkout-api:42', 'checkout-api:41', 'ok'),
  actions: [],
});

const CONTRACT_REASONS = ['one revision back', 'checkout-api:42 ran a contract migration: checkout-api:41 is likely to fail against the data it left behind'];

/** irreversible-migration at the start: like bad-flag, but :42 ran a contract migration. */
export const irreversibleMigration = (): RecommendationInput => ({
  ...badFlag(),
  deploys: history(3 * HOUR, 'contract'),
  rollbackPreview: preview('checkout-api:42', 'checkout-api:41', 'blocked', CONTRACT_REASONS),
});

/** slow-burn at the start: :42 five and a half hours old, only the 6h+30m trigger fires. */
export const slowBurnScenario = (): RecommendationInput => ({
  now: START + MINUTE,
  burns: [slowBurn(7.4, 8.1)],
  deploys: history(5.5 * HOUR),
  flagChanges: quietFlags,
  rollbackPreview: preview('checkout-api:42', 'checkout-api:41', 'ok'),
  actions: [],
});

/** The deploys after rolling back to :41 at `at`: :41 deployed again and current. */
export function afterRollback(deploys: readonly Deploy[], at: number): Deploy[] {
  return [deploy(41, at, { current: true, actor: 'cockpit' }), ...deploys.map((d) => ({ ...d, current: false }))];
}

export { CONTRACT_REASONS };
