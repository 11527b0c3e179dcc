// Ink repaints the whole screen on every change: each line it draws is measured (`widest-line` over
// `string-width`) and split into styled characters (`@alcalzone/ansi-tokenize`) again, through
// caches that live for one frame. At 160x48 that was most of a keypress's cost, though nearly
// every line is the same as in the frame before. This plugin gives Ink's modules the versions
// in src/ui/inkMemo/, memoized across frames in bounded memory (and `string-width` with a fast
// path for text of one-code-point clusters, src/ui/inkMemo/textWidth.ts).
//
// Only the bundle is affected; code run from source (vitest) uses Ink as published. The
// functions are pure, so the screen is the same either way (test/ui/inkMemo.test.ts checks
// them against the originals). The build fails if Ink stops importing one of them, so the
// optimisation cannot vanish silently with an upgrade.
//
// Ink's Output also fills every cell of the screen with a new blank character (an object and an
// array: 7,680 of each a frame at 160x48) before drawing into it. It only ever replaces cells,
// never changes one, so the bundle's Output starts every cell on one frozen blank instead. And it
// writes every row back out as text on every frame: the bundle's asks src/ui/inkMemo/outputRows.ts,
// which reuses a row's text while its cells are the same as the frame before.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const SHIMS = {
  '@alcalzone/ansi-tokenize': 'ansiTokenize.ts',
  'string-width': 'stringWidth.ts',
};

const SHIM_DIR = fileURLToPath(new URL('../src/ui/inkMemo/', import.meta.url));
// Ink, and the packages it measures text with (wrap-ansi's own older string-width goes too: one
// measure for wrapping and drawing, and one emoji expression less to build at start-up).
const INK_TEXT = /[\\/]node_modules[\\/](ink[\\/]build|widest-line|cli-truncate|wrap-ansi)[\\/]/;

const OUTPUT = /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/;
const NEW_BLANK = /row\.push\(\{\s*type: 'char',\s*value: ' ',\s*fullWidth: false,\s*styles: \[\],\s*\}\);/;
const SHARED_BLANK = "const SHARED_BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });\n";
const ROW_TO_TEXT = /\.map\(line => \{\s*(\/\/[^\n]*\s*)?const lineWithoutEmptyItems = line\.filter\(item => item !== undefined\);\s*return styledCharsToString\(lineWithoutEmptyItems\)\.trimEnd\(\);\s*\}\)/;
const ROW_SHIM = `${SHIM_DIR}outputRows.ts`;

// The text packages Ink draws with each build a grapheme Intl.Segmenter as they load; the first
// one loads ICU's break-iterator data (~13 ms at every start). The bundle's are built on first
// need, for text whose code points can join (src/ui/inkMemo/graphemeSegmenter.ts).
const SEGMENTING = /[\\/]node_modules[\\/](slice-ansi[\\/]tokenize-ansi|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize|string-width[\\/]index)\.js$/;
const NEW_SEGMENTER = /new Intl\.Segmenter\((?:undefined, \{\s*granularity: ["']grapheme["']\s*\})?\)/g;
const SEGMENTER_SHIM = `${SHIM_DIR}graphemeSegmenter.ts`;

/** The installed Ink's version, for the guard's message (package.json pins it exactly). */
function inkVersion() {
  try {
    const entry = createRequire(import.meta.url).resolve('ink');
    return JSON.parse(readFileSync(new URL('../package.json', `file://${entry}`), 'utf8')).version;
  } catch {
    return '(version unknown)';
  }
}

/** @returns {import('esbuild').Plugin} */
export function inkMemoPlugin() {
  return {
    name: 'ink-memo',
    setup(build) {
      const substituted = new Set();
      const filter = new RegExp(`^(${Object.keys(SHIMS).map((name) => name.replace(/[/.-]/g, '\\$&')).join('|')})$`);
      build.onStart(() => substituted.clear());
      build.onResolve({ filter }, (args) => {
        if (!INK_TEXT.test(args.importer)) return undefined;
        substituted.add(args.path);
        return { path: `${SHIM_DIR}${SHIMS[args.path]}` };
      });
      build.onLoad({ filter: OUTPUT }, (args) => {
        const contents = readFileSync(args.path, 'utf8');
        if (!NEW_BLANK.test(contents)) return { errors: [{ text: `ink ${inkVersion()}: Output no longer fills rows with new blank characters as expected: update scripts/inkMemoPlugin.mjs` }] };
        if (!ROW_TO_TEXT.test(contents)) return { errors: [{ text: `ink ${inkVersion()}: Output no longer writes its rows out as expected: update scripts/inkMemoPlugin.mjs` }] };
        const patched = contents.replace(NEW_BLANK, 'row.push(SHARED_BLANK_CELL);').replace(ROW_TO_TEXT, '.map((line, y) => styledRowText(line, y))');
        return { contents: `import { styledRowText } from ${JSON.stringify(ROW_SHIM)};\n${SHARED_BLANK}${patched}`, loader: 'js', resolveDir: dirname(args.path) };
      });
      build.onLoad({ filter: SEGMENTING }, (args) => {
        const contents = readFileSync(args.path, 'utf8');
        if (contents.match(NEW_SEGMENTER)?.length !== 1) return { errors: [{ text: `${args.path}: no longer builds one grapheme Intl.Segmenter as expected: update scripts/inkMemoPlugin.mjs` }] };
        const patched = contents.replace(NEW_SEGMENTER, 'lazyGraphemeSegmenter()');
        return { contents: `import { lazyGraphemeSegmenter } from ${JSON.stringify(SEGMENTER_SHIM)};\n${patched}`, loader: 'js', resolveDir: dirname(args.path) };
      });
      build.onEnd((result) => {
        // Only bundles that contain Ink's renderer must have used every shim.
        if (result.errors.length > 0 || substituted.size === 0) return;
        const missing = Object.keys(SHIMS).filter((name) => !substituted.has(name));
        // Returned, not pushed onto result.errors: esbuild ignores that, and the build passed.
        if (missing.length > 0) {
          return { errors: [{ text: `ink ${inkVersion()} no longer imports ${missing.join(', ')}: update scripts/inkMemoPlugin.mjs` }] };
        }
        return undefined;
      });
    },
  };
}
