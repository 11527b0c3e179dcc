import { join } from 'node:path';
import type { EventOf } from '../core/events';
import { fail, ok, type Result } from '../core/result';
import { EVENTS_FILE, incidentDir, incidentsDir, isSafeIncidentId } from './paths';
import { readVerifiedEvents } from './readEvents';

/**
 * An incident's first event, read without a lock and without writing: what the incident is
 * (its mode, and a sandbox drill's scenario) must be known before anything else is opened.
 */
export async function readOpenedEvent(dataDir: string, id: string): Promise<Result<EventOf<'incident.opened'>>> {
  if (!isSafeIncidentId(id)) return fail('not-found', `${JSON.stringify(id)} is not an incident id`);
  try {
    for await (const event of readVerifiedEvents(join(incidentDir(dataDir, id), EVENTS_FILE), 1)) {
      if (event.kind === 'incident.opened') return ok(event);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail('not-found', `no incident ${id} in ${incidentsDir(dataDir)}`);
    throw error;
  }
  return fail('invalid-response', `incident ${id} cannot be read: its first line is not a verified incident.opened event`);
}
