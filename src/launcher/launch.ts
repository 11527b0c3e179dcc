// What `cockpit` runs: the bundle (dist/cockpit.cjs), through a compile cache (Node's own on 22.1+).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformDirs } from '../timeline/paths';
import { runBundle } from './compileCache';

const bundle = fileURLToPath(new URL('cockpit.cjs', import.meta.url));
const disabled = process.env.COCKPIT_NO_COMPILE_CACHE !== undefined && process.env.COCKPIT_NO_COMPILE_CACHE !== '';
runBundle(bundle, disabled ? undefined : join(platformDirs().cache, 'compile-cache'));
