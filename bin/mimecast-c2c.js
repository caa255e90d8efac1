#!/usr/bin/env node
// The CLI runs the compiled server in dist/server when `npm run build:server` made it after the last change to
// src/ (about 40 MB less resident memory for `serve` than tsx, docs/running.md#measuring), and otherwise the
// TypeScript sources through tsx, so `npx mimecast-c2c` works in a checkout with no build step.
import { existsSync, readdirSync, statSync } from 'node:fs';

const src = new URL('../src/', import.meta.url);
const built = new URL('../dist/server/cli.js', import.meta.url);

/** The newest modification time of the TypeScript files under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) latest = Math.max(latest, newest(new URL(`${entry.name}/`, dir)));
    else if (/\.tsx?$/.test(entry.name)) latest = Math.max(latest, statSync(new URL(entry.name, dir)).mtimeMs);
  }
  return latest;
}

const current = existsSync(built) && statSync(built).mtimeMs >= newest(src);
let main;
if (current) ({ main } = await import(built.href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
