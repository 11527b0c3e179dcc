import { open } from 'node:fs/promises';
import type { FileLinter } from '../runbook/lint';
import { lintRunbookFile } from '../runbook/load';
import { loadScenarioFile } from '../sandbox/scenario';
import { builtinPlugins } from '../../plugins/index';
import { pluginCatalog } from '../plugins/registry';
import { checkInputFile } from './inputFile';

/** A drill scenario says what the healthy world looks like; a runbook never has `baseline:`. */
const SCENARIO_MARK = /^baseline:/m;
const PEEK_BYTES = 64 * 1024;

/** `cockpit lint` checks runbooks and drill scenarios alike, each against its own format. */
export function documentLinter(userPlugins: readonly string[], trustPlugins = false): FileLinter {
  return async (file) => {
    // A file found in a directory that cannot be read: a problem of that file, said where it is.
    const input = await checkInputFile(file);
    if (!input.ok) return [{ file, line: 1, col: 1, message: `cannot read this file: ${input.reason}`, rule: 'file' }];
    if (!SCENARIO_MARK.test(await peek(file))) return lintRunbookFile(file, { catalog: pluginCatalog(builtinPlugins), userPlugins, trustPlugins, secretEnv: process.env });
    const result = await loadScenarioFile(file);
    return result.ok ? [] : result.problems.map((p) => ({ ...p, rule: p.rule ?? 'scenario' }));
  };
}

async function peek(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
