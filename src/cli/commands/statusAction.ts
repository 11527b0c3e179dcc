import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { createCleaner } from '../../core/displayText';
import { createSecretMatcher } from '../../core/secretMatcher';
import { systemClock } from '../../plugins/clock';
import { loadRunbookFile } from '../../runbook/load';
import { formatProblem } from '../../runbook/problem';
import { formatStatus } from '../statusFormat';
import { settingsOrComplain } from '../settings';
import { EXIT } from '../exit';
import { stderrLogger } from '../logger';
import { checkInputFile } from '../inputFile';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../plugins/registry';
import type { PreviousIncident } from '../../core/events';
import { previousIncident } from '../../core/priorIncident';
import { locateStore, STORE_ENV, type LocatedStore } from '../storeLocator';

export interface StatusOptions {
  env?: string;
  json?: boolean;
  store?: string;
}

export async function status(file: string, options: StatusOptions): Promise<void> {
  const settings = settingsOrComplain('status');
  if (!settings) {
    process.exitCode = EXIT.usage;
    return;
  }
  const input = await checkInputFile(file, 'runbook');
  if (!input.ok) {
    process.stderr.write(`cockpit status: ${input.message}\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  const loaded = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins), env: process.env, userPlugins: settings.plugins });
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`${formatProblem(problem)}\n`);
    process.exitCode = EXIT.problems;
    return;
  }
  const environment = options.env ?? settings.defaultEnvironment;
  // Loaded by status alone (the providers, argv-only exec), not with the command line.
  const [{ anyProviderFailed, takeSnapshot }, { createExec }] = await Promise.all([import('../../session/statusSnapshot'), import('../../plugins/exec')]);
  const previous = await lastResolvedIncident(options.store, loaded.runbook.service, environment);
  const snapshot = await takeSnapshot({
    ...(previous === undefined ? {} : { previousIncident: previous }),
    runbook: loaded.runbook,
    baseDir: dirname(file),
    plugins: loaded.plugins,
    environment,
    // `--env production` names the default (what the top bar says): the runbook's providers as written.
    defaultEnvironment: environment === settings.defaultEnvironment,
    clock: systemClock,
    log: stderrLogger(loaded.secrets),
    exec: createExec(),
    signal: AbortSignal.timeout(60_000),
  });
  if (!snapshot.ok) {
    process.stderr.write(`cockpit status: ${createCleaner(createSecretMatcher(loaded.secrets))(snapshot.error.message)}\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  // Provider answers and errors are text from outside: redacted and without terminal controls.
  const shown = createCleaner(createSecretMatcher(loaded.secrets))(snapshot.value);
  process.stdout.write(options.json ? `${JSON.stringify(shown, null, 2)}\n` : formatStatus(shown));
  process.exitCode = anyProviderFailed(shown) ? EXIT.providerFailed : EXIT.ok;
}

/**
 * The service's previous incident in the store, which bounds when the burn began. A store that
 * cannot be read costs only that bound: the snapshot is of the providers, and is still given.
 */
async function lastResolvedIncident(store: string | undefined, service: string, environment: string): Promise<PreviousIncident | undefined> {
  let located: LocatedStore | undefined;
  try {
    located = await locateStore(store);
    // A store named (not the default data dir) that is not there is a typo more likely than an empty store.
    const named = store ?? (process.env[STORE_ENV] === '' ? undefined : process.env[STORE_ENV]);
    if (named !== undefined && located.incidents.kind === 'jsonl' && !existsSync(located.incidents.where)) throw new Error(`there is no store at ${located.incidents.where}`);
    return previousIncident(await located.incidents.list(), { service, environment }, systemClock.now().getTime());
  } catch (error) {
    process.stderr.write(`cockpit status: could not read the incidents (${(error as Error).message}): the burn's start is estimated from the SLO windows alone\n`);
    return undefined;
  } finally {
    await located?.incidents.close();
  }
}
