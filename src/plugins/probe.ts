import { firstLine } from '../core/errorText';

/**
 * Loads one plugin module in a worker thread with a time limit, and brings back its manifest
 * (src/plugins/manifest.ts) derived from the definition it exports. What the plugin does while
 * loading stays in the worker: a hang (even a busy loop) is cut off by terminating it, and
 * `process.exit` in a worker ends only the worker. Used by `lint --trust-plugins`, and before a
 * trusted plugin is imported into the cockpit itself.
 */

export const PLUGIN_LOAD_TIMEOUT_MS = 5_000;

export type Probed = { readonly ok: true; readonly manifest: unknown } | { readonly ok: false; readonly message: string };

// A classic script, so it runs the same from the bundle and from source. The schemas are turned
// into JSON Schema by the plugin's own zod (`toJSONSchema`), as the input a runbook writes.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const schema = (s) => (s && typeof s.toJSONSchema === 'function' ? s.toJSONSchema({ io: 'input', unrepresentable: 'any' }) : undefined);
// The plugin's own error, whatever it is (a dependency it cannot find included): the caller has
// already made sure the plugin's entry file exists.
const firstLine = (e) => String(e && e.message !== undefined ? e.message : e).split('\\n')[0];
import(workerData.url).then(
  (module) => {
    const d = module.default ?? module.plugin;
    if (d === undefined || d === null || typeof d !== 'object') {
      parentPort.postMessage({ ok: false, message: 'the module has no default export (or \`plugin\` export)' });
      return;
    }
    const actions = {};
    for (const [verb, a] of Object.entries(d.actions ?? {})) {
      actions[verb] = { description: a && a.description, mutating: a && a.mutating, dangerous: a && a.dangerous, params: schema(a && a.params) };
    }
    if (!d.config || typeof d.config.toJSONSchema !== 'function') {
      parentPort.postMessage({ ok: false, message: 'not a plugin definition (config: must be a zod schema)' });
      return;
    }
    let config;
    try {
      config = schema(d.config);
    } catch (e) {
      parentPort.postMessage({ ok: false, message: 'its config schema cannot be described: ' + firstLine(e) });
      return;
    }
    parentPort.postMessage({ ok: true, manifest: { cockpitPlugin: 1, name: d.name, description: d.description, capabilities: d.capabilities, config, actions } });
  },
  (error) => parentPort.postMessage({ ok: false, message: firstLine(error) }),
);
`;

export async function probePlugin(url: string, timeoutMs = PLUGIN_LOAD_TIMEOUT_MS): Promise<Probed> {
  // Loaded here, not with the registry: a runbook without third-party plugins never starts a thread.
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { url },
      // What the plugin prints must not end up in lint's output.
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (outcome: Probed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
      void worker.terminate();
    };
    const timer = setTimeout(() => settle({ ok: false, message: `it did not finish loading within ${Math.round(timeoutMs / 1000)}s` }), timeoutMs);
    worker.once('message', (message: Probed) => settle(message?.ok === true ? { ok: true, manifest: message.manifest } : { ok: false, message: String(message?.message) }));
    worker.once('error', (error) => settle({ ok: false, message: `it crashed while loading: ${firstLine(error.message)}` }));
    worker.once('exit', (code) => settle({ ok: false, message: `it ended its process (exit code ${code}) while loading` }));
  });
}
