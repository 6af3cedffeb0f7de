// A stand-in agent for the adoption test: starts containers on a state directory, reports
// them on stdout as one JSON line, then waits to be killed (SIGKILL: an agent crash).
import { text } from 'node:stream/consumers';
import { createProcessRuntime } from '../index.ts';

const [stateDir, specsJson, waitForJson] = process.argv.slice(2);
const rt = createProcessRuntime({ stateDir: stateDir!, isolation: 'auto' });
const specs = JSON.parse(specsJson!) as Parameters<typeof rt.start>[0][];
const started = [];
for (const spec of specs) {
  const p = await rt.start(spec);
  started.push({ id: p.id, pid: p.pid, instance: p.instance });
}
// Lines that must have reached the log before the crash (else they would still sit in a pipe).
const waitFor = JSON.parse(waitForJson ?? '{}') as Record<string, string>;
for (const [id, needle] of Object.entries(waitFor)) {
  for (;;) {
    const log = await text(rt.logs(id, {}));
    if (log.includes(needle)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
process.stdout.write(`${JSON.stringify(started)}\n`);
setInterval(() => {}, 1 << 30);
