// The Twilio client library, loaded the first time it is needed: only a process configured for
// Twilio sends through it or checks its webhook signatures, and loading it cost every start-up a
// tenth of a second or more (hundreds of files; see BENCHMARKS.md). It is CommonJS, so a plain
// require loads it synchronously — a misconfigured TwilioSender still fails where it is built.
import { createRequire } from 'node:module';
import type twilio from 'twilio';

const require = createRequire(import.meta.url);

export function loadTwilio(): typeof twilio {
  return require('twilio') as typeof twilio;
}
