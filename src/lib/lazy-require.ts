// A package loaded the first time it is needed rather than at start-up. Every process imports every
// module, and some packages cost a start a quarter of a second or more each (the AWS SDK, pdfkit,
// sharp: measured in BENCHMARKS.md) while only some processes, some of the time, use them. They are
// CommonJS, so a plain require loads them synchronously where they are first used.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
