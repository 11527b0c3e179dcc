import type { MitigationRule } from './mitigationLines';

/** What a scenario expects of the responders (from the scenario file, in core terms). */
export interface DrillExpectations {
  readonly scenario: string;
  readonly mitigations: readonly MitigationRule[];
  readonly targets: { readonly firstActionMs: number; readonly mitigateMs: number; readonly recoverMs: number };
  /** Steps of the runbook's `recovery:` section. */
  readonly recoverySteps: readonly string[];
  /** Steps whose action is a mitigation (a rollback, a flag): not doing one is judged by `mitigations`, not listed as undone. */
  readonly mitigationSteps?: readonly string[];
}

/** How the drill's virtual clock ran: targets and measured times are in drill time. */
export type DrillClockSpeed = { readonly kind: 'scaled'; readonly factor: number } | { readonly kind: 'max' };

export interface DrillOutcome {
  /** Ground truth from the sandbox: the world's error ratio is back to normal. */
  readonly recovered: boolean;
  /** Absent: speed 1, drill time is real time. */
  readonly speed?: DrillClockSpeed;
  /**
   * The drill was resumed (`--incident`): it ran in more than one sitting, perhaps at other
   * speeds than this one's, so its drill time says nothing of real time.
   */
  readonly resumed?: boolean;
  /**
   * What the responders changed and left so (core/openEnds.ts, as the cockpit's screen says it):
   * a follow-up, not a fault. A kill switch nobody needed, left off, went unsaid under 100/100.
   */
  readonly leftChanged?: readonly string[];
}

/**
 * What became of a plan the scenario judges wrong or risky. `declined`: the responder (or the
 * autopilot) said no at the confirmation, which is the judgement a drill rehearses, not a fault;
 * `refused`: the cockpit refused it (a safety gate, a deploy state that moved); `overridden`: a
 * safety block was overridden to force it through; `ran`: it started without any block; `left`:
 * the drill was quit while it waited at its confirmation.
 */
export type JudgedOutcome = 'ran' | 'overridden' | 'declined' | 'refused' | 'left';

export interface JudgedAction {
  readonly action: string;
  readonly name: string;
  readonly verdict: 'wrong' | 'risky';
  readonly why: string;
  /** Ran (started, with or without an override of a safety block). */
  readonly ran: boolean;
  readonly outcome: JudgedOutcome;
  /** Its check failed (an aborted Rollout): why, in place of what the scenario says it would do. */
  readonly checkFailed?: string;
}

/**
 * The headline: `recovered` needs both the world back to health and the runbook's recovery checks
 * passed; `unconfirmed` is a world that recovered while the checks did not pass (or were marked
 * done by hand), so the headline never contradicts the findings under it.
 */
export type DrillVerdict = 'recovered' | 'unconfirmed' | 'not-recovered';

export interface DrillReport {
  readonly scenario: string;
  readonly incident: string;
  readonly recovered: boolean;
  readonly recoveryChecksPassed: boolean;
  readonly verdict: DrillVerdict;
  /** Times and targets are drill time; this says how drill time related to real time. */
  readonly speed: DrillClockSpeed;
  readonly timeToFirstActionMs: number | null;
  readonly timeToMitigationMs: number | null;
  readonly timeToRecoveryMs: number | null;
  readonly targets: DrillExpectations['targets'];
  readonly stepsSkipped: readonly { readonly step: string; readonly reason?: string }[];
  readonly riskyOrWrong: readonly JudgedAction[];
  readonly overrides: readonly string[];
  /** Recovery checks the responder marked done by hand: not passed, whatever the world did. */
  readonly checkOverrides: readonly { readonly step: string; readonly reason?: string }[];
  readonly score: number;
  readonly max: number;
  /** One line each, for the terminal and the postmortem. */
  readonly findings: readonly string[];
}
