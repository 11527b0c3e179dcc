import { summarize, type IncidentSummary } from '../core/summary';
import { readIndex } from './incidentIndex';
import { incidentIds } from './incidentIds';
import { incidentDir } from './paths';
import { openIncident } from './openIncident';
import { compareText } from '../core/compareText';

/**
 * Every stored incident, newest first, from each `incident.json`; an incident whose index is
 * missing or unreadable is folded from its log instead (read-only), so it is never left out.
 */
export async function listIncidents(dataDir: string): Promise<IncidentSummary[]> {
  const names = await incidentIds(dataDir);
  const summaries = await Promise.all(
    names.map(async (id): Promise<IncidentSummary | undefined> => {
      const indexed = await readIndex(incidentDir(dataDir, id));
      if (indexed !== undefined) {
        const { anchor: _anchor, ...summary } = indexed;
        return summary;
      }
      const opened = await openIncident({ dataDir, id, readOnly: true, responder: 'list' });
      if (!opened.ok) return undefined;
      await opened.value.store.close();
      return summarize(opened.value.store.state());
    }),
  );
  return summaries.filter((s): s is IncidentSummary => s !== undefined).sort((a, b) => compareText(b.openedAt, a.openedAt));
}

/**
 * Of incidents listed newest first (from any store), the one `cockpit open` resumes: the service's newest real incident in this environment
 * that is not resolved. Drills of either kind are never resumed (a rehearsal is not the incident).
 */
export function pickOpenIncident(incidents: readonly IncidentSummary[], of: { readonly service: string; readonly environment: string }): IncidentSummary | undefined {
  return incidents.find((s) => s.service === of.service && s.environment === of.environment && s.mode === 'incident' && !s.drill && s.status !== 'resolved');
}
