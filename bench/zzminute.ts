import { openDrill } from '../test/support/drillHarness';
const h = await openDrill(process.argv[2] ?? 'bad-flag');
const minutes = Number(process.argv[3] ?? 60);
const c0 = process.cpuUsage(); const t0 = performance.now();
await h.until(() => false, minutes * 60_000);
const c = process.cpuUsage(c0);
console.log(`${minutes} drill-min: wall ${(performance.now() - t0).toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms (user ${(c.user/1000).toFixed(0)} sys ${(c.system/1000).toFixed(0)}), per min ${((c.user + c.system) / 1000 / minutes).toFixed(1)} ms`);
await h.cleanup();
