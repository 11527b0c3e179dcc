import type { PluginDefinition } from '../src/plugins/contract';
import command from './command/index';
import ecs from './ecs/index';
import flagd from './flagd/index';
import kubernetes from './kubernetes/index';
import prometheus from './prometheus/index';

/** The plugins that ship with the cockpit. `command` is available to every runbook without a providers entry. */
export const builtinPlugins: readonly PluginDefinition<any>[] = [ecs, kubernetes, flagd, prometheus, command];
