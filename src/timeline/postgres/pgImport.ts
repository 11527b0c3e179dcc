import { join } from 'node:path';
import { ChainVerifier } from '../../core/hashChain';
import type { IncidentState } from '../../core/incident';
import { fail, ok, type Result } from '../../core/result';
import { readLines } from '../logLines';
import { EVENTS_FILE, incidentDir } from '../paths';
import { foldOne } from '../storedEvents';
import { isIntact, verifyIncident } from '../verifyIncident';
import { describePgError, inTransaction } from './pgConnect';
import type { PgIncidentStore } from './pgIncidentStore';
import { insertAfterHead } from './pgAppendBatch';
import { schemaProblem } from './pgSchema';

const INSERT_CHUNK = 500;

/**
 * Uploads a local incident to the shared store with its chain intact: the lines are stored byte
 * for byte, so every hash and the head stay what they were (a head written in a postmortem still
 * verifies). Only an intact, anchored local log is imported, in one transaction; an incident the
 * shared store already has is refused, never merged.
 */
export async function importIncident(store: PgIncidentStore, dataDir: string, id: string): Promise<Result<{ events: number; head: string }>> {
  const local = await verifyIncident(dataDir, id);
  if (!local.ok) return local;
  if (!isIntact(local.value)) return fail('invalid-response', `incident ${id} does not verify locally (run cockpit verify ${id}); nothing was imported`);
  const verifier = new ChainVerifier(id);
  const lines: { seq: number; line: string }[] = [];
  let state: IncidentState | undefined;
  for await (const line of readLines(join(incidentDir(dataDir, id), EVENTS_FILE))) {
    if (verifier.count >= local.value.events) break;
    const checked = verifier.next(line.text);
    if (!checked.ok) return fail('invalid-response', `incident ${id} changed while it was read (seq ${checked.problem.seq}: ${checked.problem.reason}); nothing was imported`);
    lines.push({ seq: checked.event.seq, line: line.text });
    state = foldOne(state, checked.event);
  }
  if (state === undefined) return fail('invalid-response', `incident ${id} has no events; nothing was imported`);
  const folded = state;
  try {
    const problem = await schemaProblem(store.pool);
    if (problem !== undefined) return fail('unsupported', `shared store ${store.where}: ${problem}`);
    const imported = await inTransaction(store.pool, async (client) => {
      const inserted = await client.query('INSERT INTO cockpit_incidents (id, head_seq, head_hash, opened_at, summary) VALUES ($1, 0, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [id, verifier.lastHash, folded.openedAt, '{}']);
      if (inserted.rowCount !== 1) return false;
      // One transaction: the head row (the anchor) is seen only with every line under it.
      for (let from = 0; from < lines.length; from += INSERT_CHUNK) {
        await insertAfterHead(client, id, lines.slice(from, from + INSERT_CHUNK), { seq: verifier.count, hash: verifier.lastHash }, folded);
      }
      return true;
    });
    if (!imported) return fail('conflict', `the shared store ${store.where} already has an incident ${id}; nothing was imported`);
  } catch (error) {
    return fail('unreachable', `shared store ${store.where}: ${describePgError(store.target, error)}`);
  }
  return ok({ events: verifier.count, head: verifier.lastHash });
}
