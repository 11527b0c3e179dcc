// What `cockpit` runs: V8's young generation capped (youngGeneration.ts), the first frame kept for
// this start, if any (firstFrame.ts), then the bundle (dist/cockpit.cjs) through a compile cache
// (Node's own on 22.1+).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformDirs } from '../timeline/paths';
import { runBundle } from './compileCache';
import { replayFirstFrame } from './firstFrame';
import { capYoungGeneration } from './youngGeneration';

capYoungGeneration();

const bundle = fileURLToPath(new URL('cockpit.cjs', import.meta.url));
// Both start-up caches, off together: a start as the first one after an install.
const disabled = process.env.COCKPIT_NO_COMPILE_CACHE !== undefined && process.env.COCKPIT_NO_COMPILE_CACHE !== '';
const cache = disabled ? undefined : platformDirs().cache;
const firstFrame = replayFirstFrame(bundle, cache);
runBundle(bundle, cache === undefined ? undefined : join(cache, 'compile-cache'), undefined, firstFrame);
