import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/ARCHITECTURE.md: a source file has one reason to change, and none grows past 400 lines
 * (issue #12). A file over the line is split by what it does, not cut at line 400.
 */
const MAX_LINES = 400;
const ROOTS = ['src', 'plugins'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function lineCount(text: string): number {
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('source file size', () => {
  it('counts lines as wc -l does', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
  });

  it(`keeps every source file at ${MAX_LINES} lines or fewer`, () => {
    const files = ROOTS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    const over = files.map((path) => ({ path, lines: lineCount(readFileSync(path, 'utf8')) })).filter((f) => f.lines > MAX_LINES);
    expect(over.map((f) => `${f.path}: ${f.lines} lines`)).toEqual([]);
  });
});
