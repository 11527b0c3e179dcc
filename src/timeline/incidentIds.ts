import { readdir } from 'node:fs/promises';
import { incidentsDir } from './paths';

/** The names under `<dataDir>/incidents/`; none when nothing was ever stored there. */
export async function incidentIds(dataDir: string): Promise<string[]> {
  try {
    return await readdir(incidentsDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
