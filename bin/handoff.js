#!/usr/bin/env node
// The `handoff` admin CLI. The sources are TypeScript run through tsx, so its loader is registered
// before the import; the import is relative to this file, so any working directory works.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main();
