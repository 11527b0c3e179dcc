// A child process holding a shared incident with a local queue: it opens the incident, says
// {ready}, then on {append: [texts]} (sent once the test has stopped the database) appends each
// note and says {queued: text} once the store acknowledged it as queued. It never exits by
// itself: the test kills it (SIGKILL) with its events in the queue only.
import { pgIncidentStore } from '../../../src/timeline/postgres/pgIncidentStore';

const [url, id, localDir] = process.argv.slice(2) as [string, string, string];
const incidents = pgIncidentStore(url, process.env, { localDir });
const opened = await incidents.open({ id, responder: 'carol' });
if (!opened.ok) {
  process.send?.({ refused: opened.error.message });
  process.exit(1);
}
const { store } = opened.value;
process.on('message', (message: { append: string[] }) => {
  void (async () => {
    for (const text of message.append) {
      const outcome = await new Promise<string>((resolve) => {
        store.append({ kind: 'note', data: { text } }, () => resolve('queued')).then(
          () => resolve('recorded'),
          (error: unknown) => resolve(`refused: ${String(error)}`),
        );
      });
      process.send?.({ [outcome === 'queued' ? 'queued' : 'other']: outcome === 'queued' ? text : `${text}: ${outcome}` });
    }
  })();
});
process.send?.({ ready: true });
