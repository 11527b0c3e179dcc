// A child process that appends to one incident in the shared store: `count` notes from four
// concurrent loops (so batches of appends are exercised too), then reports every seq it was
// acknowledged over IPC ({acked: [seq...]}) and exits.
import { pgIncidentStore } from '../../../src/timeline/postgres/pgIncidentStore';

const [url, id, count, responder] = process.argv.slice(2) as [string, string, string, string];
const incidents = pgIncidentStore(url);
const opened = await incidents.open({ id, responder });
if (!opened.ok) {
  process.send?.({ refused: opened.error.message });
} else {
  const { store } = opened.value;
  const acked: number[] = [];
  const perLoop = Number(count) / 4;
  const loop = async (loopIndex: number) => {
    for (let n = 0; n < perLoop; n += 1) acked.push((await store.append({ kind: 'note', data: { text: `note ${loopIndex}.${n} from ${responder}` } })).seq);
  };
  await Promise.all([0, 1, 2, 3].map(loop));
  await store.close();
  await new Promise<void>((resolve) => process.send?.({ acked }, () => resolve()));
}
await incidents.close();
process.disconnect?.();
