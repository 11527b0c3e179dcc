import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SessionController } from '../session/intents';
import type { CockpitView } from '../session/viewModel';
import { createUiStore, initialUiState, type UiStore } from './uiState';

/** The session's latest view, re-rendering on every publish; unsubscribes on unmount. */
export function useCockpitView(controller: SessionController): CockpitView {
  return useSyncExternalStore(controller.subscribe, controller.view);
}

/** The UI store, kept in step with the session's views (a confirmation opens its dialog, ...). */
export function useUiStore(controller: SessionController): UiStore {
  const [store] = useState(() => createUiStore(initialUiState(controller.view())));
  useEffect(() => {
    const unsubscribe = controller.subscribe((view) => store.dispatch({ type: 'view.changed', view }));
    // A view published between the first render and this subscription is not lost.
    store.dispatch({ type: 'view.changed', view: controller.view() });
    return unsubscribe;
  }, [controller, store]);
  return store;
}
