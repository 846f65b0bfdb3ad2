// Runs the test files named on the command line, in that order, TEST_CONCURRENCY (default 3) at a
// time, each in its own process, and reports with the spec reporter. Started by scripts/test.mjs with
// `--import tsx`, which every test process inherits. It exists because `node --test` sorts the files
// it is given, and the order matters here: see the schedule in scripts/test.mjs.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const concurrency = Number(process.env.TEST_CONCURRENCY ?? 3);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`TEST_CONCURRENCY must be a whole number of files at a time, not ${process.env.TEST_CONCURRENCY}`);
  process.exit(2);
}

const stream = run({ files: process.argv.slice(2), concurrency });
// Any failure, at any depth (a file that cannot load is one too), fails the run.
stream.on('test:fail', () => {
  process.exitCode = 1;
});
stream.compose(new spec()).pipe(process.stdout);
