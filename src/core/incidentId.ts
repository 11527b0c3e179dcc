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

/** The opening minute an incident id is stamped with (ISO, UTC), or undefined for an id not of that shape. */
export function incidentIdMinute(id: string): string | undefined {
  const match = /^inc-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})-/.exec(id);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute] = match;
  const at = new Date(`${year}-${month}-${day}T${hour}:${minute}:00.000Z`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}
