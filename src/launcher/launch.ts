// What `cockpit` runs: the bundle (dist/cockpit.cjs), through the compile cache.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformDirs } from '../timeline/paths';
import { runWithCompileCache } from './compileCache';

const bundle = fileURLToPath(new URL('cockpit.cjs', import.meta.url));
const disabled = process.env.COCKPIT_NO_COMPILE_CACHE !== undefined && process.env.COCKPIT_NO_COMPILE_CACHE !== '';
runWithCompileCache(bundle, disabled ? undefined : join(platformDirs().cache, 'compile-cache'));
