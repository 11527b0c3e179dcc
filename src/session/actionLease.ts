import type { ActionLeases } from '../timeline/eventStore';
import type { LifecycleDeps } from './actionLifecycle';

/**
 * The lease of a provider target: one service's provider in one environment. A sandbox drill's
 * providers are its own world's, not shared with another drill of the service: its incident is the target.
 */
export function leaseFor(service: string, mode: LifecycleDeps['mode'], shared: { readonly incident: string; readonly environment: string; readonly responder: string }, leases: ActionLeases): NonNullable<LifecycleDeps['lease']> {
  const environment = mode === 'drill-sandbox' ? `sandbox:${shared.incident}` : shared.environment;
  return (request, onLost) => leases.acquire(`${service}/${environment}/${request.provider.key}`, { responder: shared.responder, incident: shared.incident, action: request.actionId, name: request.name }, onLost);
}
