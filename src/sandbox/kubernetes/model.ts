/** The sandbox Kubernetes world's data: plain, serialisable state that the pure transitions replace. */

/** A JSON object as the API carries it (pod templates are kept as the client sent them). */
export type JsonObject = { [key: string]: unknown };

/** The workloads the sandbox runs: apps/v1 Deployments, and Argo Rollouts (argoproj.io/v1alpha1). */
export type WorkloadKind = 'Deployment' | 'Rollout';

export interface ReplicaSet {
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
  /** The workload that owns it (its controller reference). */
  readonly owner: string;
  readonly ownerKind: WorkloadKind;
  readonly createdAtMs: number;
  annotations: Record<string, string>;
  /** The pod template, with the `pod-template-hash` label. */
  readonly template: JsonObject;
  readonly hash: string;
  /** Pods it runs now. */
  replicas: number;
  /**
   * The revision this ReplicaSet was first made at: the identity of the code its pods run, which
   * the drill's traffic model knows it by (an undo reuses it under a new revision number).
   */
  readonly origin: number;
  resourceVersion: number;
}

/** A template change the Deployment is rolling out: old pods replaced by new ones, one at a time. */
export interface Rollout {
  readonly newReplicaSet: string;
  readonly sinceMs: number;
  /** Pods of each ReplicaSet when the rollout began. */
  readonly startCounts: Readonly<Record<string, number>>;
}

/**
 * A Deployment, or an Argo Rollout: the same controller model (a ReplicaSet per template, reused
 * on undo, a rolling replacement) kept in Deployment terms; the views speak Argo's for a Rollout.
 */
export interface Deployment {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly createdAtMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generation: number;
  observedGeneration: number;
  replicas: number;
  readonly selector: Readonly<Record<string, string>>;
  template: JsonObject;
  readonly progressDeadlineSeconds: number;
  rollout: Rollout | null;
  /** When the last rollout finished (the Progressing condition's time). */
  settledAtMs: number;
  /** The rollout ran past its deadline: Progressing=False, reason ProgressDeadlineExceeded. */
  deadlineExceeded: boolean;
  resourceVersion: number;
  /** A Rollout's stable ReplicaSet (the fully promoted one): what an abort goes back to. */
  stableReplicaSet?: string;
  /** A Rollout's update the controller aborted (its analysis failed): why, for `status.message`. */
  aborted?: string;
}

/** An Argo AnalysisRun the Rollout controller started for one revision's template. */
export interface AnalysisRun {
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
  /** The Rollout that owns it. */
  readonly owner: string;
  readonly hash: string;
  readonly revision: number;
  readonly createdAtMs: number;
  /** When its measurement decides; `Running` until then. */
  readonly decidesAtMs: number;
  /** What it decides (the scenario's: a bad build fails). */
  readonly outcome: 'Successful' | 'Failed';
  phase: 'Running' | 'Successful' | 'Failed';
  resourceVersion: number;
}

export interface World {
  /** Virtual time one pod takes to replace another in a rolling update. */
  readonly msPerPod: number;
  /** Images whose pods never become ready: a rollout to them stalls until its progress deadline. */
  readonly brokenImages: readonly string[];
  readonly deployments: Deployment[];
  readonly replicaSets: ReplicaSet[];
  readonly analysisRuns: AnalysisRun[];
  /** Revisions (by origin) whose builds are bad: a Rollout's analysis of them fails. */
  readonly failingAnalysis: readonly number[];
  /** The cluster-wide resourceVersion counter. */
  resourceVersion: number;
  nextId: number;
}

/** What the API answers for a failed request: a `Status` object with this code and reason. */
export interface KubeError {
  readonly code: number;
  readonly reason: 'NotFound' | 'Conflict' | 'Forbidden' | 'Unauthorized' | 'BadRequest' | 'Invalid' | 'UnsupportedMediaType' | 'MethodNotAllowed';
  readonly message: string;
  readonly details?: { readonly name?: string; readonly group?: string; readonly kind?: string };
}

export type Outcome<T> = { readonly ok: true; readonly world: World; readonly value: T } | { readonly ok: false; readonly error: KubeError };

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const HASH_LABEL = 'pod-template-hash';
