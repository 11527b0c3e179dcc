import type { SafetyVerdict } from './actions';

/**
 * Where a rollback would go now, as the provider's own (dry) plan answers it: the deploys panel,
 * `cockpit status` and the recommendation show this, never a rule of their own.
 */
export type RollbackPreview =
  | {
      readonly status: 'planned';
      /** The runbook step whose action the plan is for. */
      readonly step: string;
      /** `family:N` running now (or being rolled out). */
      readonly current: string;
      /** `family:N` the rollback would deploy. */
      readonly target: string;
      readonly verdict: SafetyVerdict;
      /** When it was planned (ms since the epoch). */
      readonly at: number;
    }
  /** No rollback step, no provider able to plan one, or the plan failed (`reason` says which). */
  | { readonly status: 'none'; readonly step?: string; readonly reason: string; readonly at: number };
