// A child process that opens an incident and either appends in a loop (crash test) or holds it
// open (lock test). It reports over IPC: {ready}, {acked: seq, hash}, {refused: message}.
import { openIncident } from '../../../src/timeline/openIncident';

type Mode = 'append' | 'hold';
const [mode, dataDir, id] = process.argv.slice(2) as [Mode, string, string];

const send = (message: unknown) => new Promise<void>((resolve) => process.send?.(message, () => resolve()));

const opened = await openIncident({ dataDir, id, responder: `worker-${process.pid}` });
if (!opened.ok) {
  await send({ refused: opened.error.message, kind: opened.error.kind });
  process.disconnect();
} else {
  const { store } = opened.value;
  await send({ ready: store.state().lastSeq });
  if (mode === 'hold') {
    process.on('message', async () => {
      await store.append({ kind: 'note', data: { text: `written by ${process.pid}` } });
      await store.close();
      await send({ closed: true });
      process.disconnect();
    });
  } else {
    // Several writers in flight at once, so group commit is exercised too.
    let n = 0;
    const loop = async () => {
      for (;;) {
        n += 1;
        const event = await store.append(
          n % 3 === 0
            ? { kind: 'action.output', data: { action: 'act-1', stream: 'stdout', chunk: `line ${n}\n`.repeat(1 + (n % 5)) } }
            : { kind: 'note', data: { text: `note ${n} from ${process.pid}` } },
        );
        process.send?.({ acked: event.seq, hash: event.hash });
      }
    };
    await Promise.all([loop(), loop(), loop(), loop()]);
  }
}
