#!/usr/bin/env node
// The `portico` command. npm puts Node 26 (the `node` devDependency) first on PATH for
// `npx portico` and npm scripts, and Node 26 runs the TypeScript sources directly.
const [major] = process.versions.node.split('.').map(Number);
if (major < 26) {
  console.error(`portico needs Node 26 or later (this is ${process.version}); run it through npx or npm after npm ci`);
  process.exit(1);
}
await import('../src/cli/main.ts');
