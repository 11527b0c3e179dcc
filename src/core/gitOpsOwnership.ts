/**
 * Whether a GitOps controller owns a workload, read from the labels and annotations Argo CD and
 * Flux put on what they apply. Such a controller puts back what git says within seconds (Argo CD's
 * self-heal, Flux's reconciliation), so a rollback made through the API is reverted unless the
 * controller is paused first or the revert is made in git. Pure.
 */

export interface GitOpsOwner {
  readonly controller: 'Argo CD' | 'Flux';
  /** The Argo CD Application or the Flux Kustomization / HelmRelease. */
  readonly name: string;
  /** What to do instead of (or before) rolling back through the API, in words. */
  readonly instead: string;
}

type Strings = Readonly<Record<string, string>>;

/** `argocd.argoproj.io/tracking-id` is `<app>:<group>/<kind>:<namespace>/<name>`. */
const trackedApp = (trackingId: string) => trackingId.split(':')[0] ?? trackingId;

export function gitOpsOwner(labels: Strings, annotations: Strings): GitOpsOwner | undefined {
  const argoApp =
    labels['argocd.argoproj.io/instance'] ??
    (annotations['argocd.argoproj.io/tracking-id'] ? trackedApp(annotations['argocd.argoproj.io/tracking-id']) : undefined) ??
    // Argo CD's default tracking label before 2.2; Helm also sets it, so only with Argo CD's other marks.
    (labels['app.kubernetes.io/instance'] !== undefined && (annotations['argocd.argoproj.io/sync-options'] !== undefined || labels['app.kubernetes.io/managed-by']?.toLowerCase() === 'argocd')
      ? labels['app.kubernetes.io/instance']
      : undefined);
  if (argoApp !== undefined) {
    return {
      controller: 'Argo CD',
      name: argoApp,
      instead: `turn off auto-sync (self-heal) of Argo CD application ${argoApp} first (\`argocd app set ${argoApp} --sync-policy none\`), or revert the change in git and let Argo CD sync it`,
    };
  }
  const kustomization = labels['kustomize.toolkit.fluxcd.io/name'];
  const helmRelease = labels['helm.toolkit.fluxcd.io/name'];
  if (kustomization !== undefined || helmRelease !== undefined) {
    const [kind, name, namespace] =
      kustomization !== undefined
        ? ['kustomization', kustomization, labels['kustomize.toolkit.fluxcd.io/namespace']]
        : ['helmrelease', helmRelease!, labels['helm.toolkit.fluxcd.io/namespace']];
    const ns = namespace === undefined ? '' : ` -n ${namespace}`;
    return {
      controller: 'Flux',
      name,
      instead: `suspend the Flux ${kind} ${name} first (\`flux suspend ${kind} ${name}${ns}\`), or revert the change in git and let Flux reconcile it`,
    };
  }
  return undefined;
}

/** The warning shown with the safety verdict, before the confirm button. */
export function gitOpsWarning(owner: GitOpsOwner, workload: string): string {
  return `${workload} is managed by ${owner.controller} (${owner.name}): it will put back what git says and undo this rollback; ${owner.instead}`;
}
