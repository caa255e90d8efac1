#!/usr/bin/env node
// The CLI runs from TypeScript sources through tsx, so `npx mimecast-c2c` works in a checkout with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
