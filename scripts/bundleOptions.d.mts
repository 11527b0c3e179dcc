import type { BuildOptions } from 'esbuild';

export declare function bundleOptions(): BuildOptions;
