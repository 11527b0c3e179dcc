// Interleaved: baseline vs this build, N runs each; prints medians of wall and CPU marks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cockpitPopulated, cockpitUseful, spawnDrill } from './fixtures/drill';
const N = Number(process.env.N ?? 5);
const clis = { base: '/tmp/startup-work/basesrc/bin/cockpit.js', new: '/work/wt/startup/bin/cockpit.js' } as const;
const dir = mkdtempSync(join(tmpdir(), 'cockpit-cmp-'));
const res: Record<string, { useful: number[]; populated: number[]; marks: any[] }> = { base: { useful: [], populated: [], marks: [] }, new: { useful: [], populated: [], marks: [] } };
for (let i = 0; i < N + 1; i++) {
  for (const [name, cli] of Object.entries(clis)) {
    const mf = join(dir, `${name}-${i}.jsonl`);
    const p = spawnDrill(join(dir, `data-${name}`), { XDG_CACHE_HOME: join(dir, `cache-${name}`), COCKPIT_STARTUP_MARKS: mf }, undefined, undefined, cli);
    const u = p.waitForScreen(cockpitUseful, 'useful', 30000);
    const pop = await p.waitForScreen(cockpitPopulated, 'pop', 30000);
    const uu = await u;
    p.press('q');
    await p.waitForExit?.(5000).catch(() => undefined);
    await p.close();
    if (i === 0) continue;
    res[name]!.useful.push(uu - p.spawnedAt);
    res[name]!.populated.push(pop - p.spawnedAt);
    try { res[name]!.marks.push(JSON.parse(readFileSync(mf, 'utf8').trim().split('\n')[0]!)); } catch {}
  }
}
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };
for (const [name, r] of Object.entries(res)) {
  console.log(`${name}: useful ${med(r.useful).toFixed(0)} populated ${med(r.populated).toFixed(0)}  (n=${r.useful.length}, marks n=${r.marks.length})`);
  const keys = Object.keys(r.marks[0]?.cpu ?? {});
  console.log('   ' + keys.map((k) => `${k}: ${med(r.marks.map((m) => m[k])).toFixed(0)}/${med(r.marks.map((m) => m.cpu[k])).toFixed(0)}cpu`).join(' | '));
}
rmSync(dir, { recursive: true, force: true });
