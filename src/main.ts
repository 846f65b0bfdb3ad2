// `npm start`: HTTP and the job worker in one process, on the embedded database by default.
import { runProcess } from './processes.ts';

runProcess('all').then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`handoff: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
