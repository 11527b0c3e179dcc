/**
 * Incident ids: `inc-20261122-0231-checkout-api` (UTC opening minute + service), so a directory
 * listing sorts by time and a responder can say the id aloud. `attempt` > 1 adds `-2`, `-3`, ...
 * for a second incident of the same service in the same minute.
 */
export function incidentId(openedAt: string, service: string, attempt = 1): string {
  const iso = new Date(openedAt).toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  const slug = service.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'service';
  return `inc-${stamp}-${slug}${attempt > 1 ? `-${attempt}` : ''}`;
}
