// Checkpoints of an SQLite database in WAL mode, mostly off the event loop.
//
// A commit appends pages to the write-ahead log; a checkpoint copies them back into the database
// file and, with synchronous = NORMAL, is the only time SQLite waits for the disk (fsync). SQLite
// runs it by default inside the commit that takes the log past 1,000 pages, on the committing
// connection — the thread that serves requests. Measured, that was about half of a booking's
// wall time on SQLite, nearly all of it waiting on the disk (BENCHMARKS.md).
//
// So a worker thread with its own connection copies the log into the database every `intervalMs`
// (PASSIVE: it never waits for, nor blocks, our writes). Copying alone never lets the log start
// over under a steady load — a log is rewound only once a checkpoint has caught up with all of it,
// and commits keep landing while the worker copies — so the committing connection keeps SQLite's
// own checkpoint at `logPages` (instead of 1,000): by then the worker has copied nearly all of
// it, so that checkpoint writes the few pages since and syncs once, and the next commit rewinds
// the log. Measured under the booking benchmark: the log peaks near `logPages` (16 MB by default)
// instead of growing, and commits no longer wait on the disk. If the worker fails, the connection
// goes back to SQLite's default.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

export interface CheckpointerOptions {
  intervalMs?: number;
  /** The committing connection's own checkpoint size (pages of the log) while the worker runs. */
  logPages?: number;
}

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

// Plain JavaScript run by the worker (eval: no module loader involved, so it runs the same from
// the sources and from the build), with the same better-sqlite3 as the serving thread.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Starts checkpointing the database at `path`; the returned function stops it (and waits for it). */
export function startCheckpointer(
  sqlite: SqliteDatabase.Database,
  path: string,
  options: CheckpointerOptions = {},
): () => Promise<void> {
  const { intervalMs = 100, logPages = 4000 } = options;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path, intervalMs },
  });
  // A checkpointer never keeps a process alive on its own.
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${logPages}`);
  let running = true;
  const fallBack = () => {
    running = false;
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return async () => {
    if (!running) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref(); // so this process waits for it to close its connection
    worker.postMessage('stop');
    await exited;
  };
}
