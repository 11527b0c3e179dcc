import type { CockpitView } from './viewModel';

/** Every panel has had its first answer (data or an error), or has no provider. */
export function panelsFilled(view: CockpitView): boolean {
  return [view.deploys, view.flags, view.slos].every((panel) => panel.status !== 'loading');
}
