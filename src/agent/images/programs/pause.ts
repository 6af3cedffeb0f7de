// The built-in stand-in for registry.k8s.io/pause: waits for SIGINT or SIGTERM, then exits 0
// after printing what pause.c's psignal prints.
const names: Record<string, string> = { SIGINT: 'Interrupt', SIGTERM: 'Terminated' };
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    process.stderr.write(`Shutting down, got signal: ${names[sig]}\n`);
    process.exit(0);
  });
}
setInterval(() => {}, 2 ** 31 - 1);
