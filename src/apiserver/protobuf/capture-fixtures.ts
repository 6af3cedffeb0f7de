// Regenerates testdata/ from the real kubectl: for every case in kubectl-cases.ts it records
// the protobuf body of `kubectl create ...` (<name>.bin) and the JSON the same command prints
// with `--dry-run=client -o json` (<name>.json), which is what decoding must reproduce.
//
//   export PATH=/work/main/node_modules/.bin:$PATH
//   node src/apiserver/protobuf/capture-fixtures.ts
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KUBECTL_CASES } from './kubectl-cases.ts';
import { captureKubectlPost, kubectlAvailable, kubectlDryRunJson } from './kubectl-capture.ts';

const dir = join(import.meta.dirname, 'testdata');

if (!kubectlAvailable()) {
  console.error('kubectl not found at /usr/bin/kubectl; nothing captured');
  process.exit(1);
}
mkdirSync(dir, { recursive: true });
for (const c of KUBECTL_CASES) {
  const post = await captureKubectlPost(c.args);
  if (!post) throw new Error(`${c.name}: kubectl sent no POST`);
  if (post.contentType !== 'application/vnd.kubernetes.protobuf') throw new Error(`${c.name}: body was ${post.contentType}, not protobuf`);
  writeFileSync(join(dir, `${c.name}.bin`), post.body);
  const expected = await kubectlDryRunJson(c.args);
  writeFileSync(join(dir, `${c.name}.json`), JSON.stringify(expected, null, 2) + '\n');
  console.log(`${c.name}: ${post.body.length} bytes, POST ${post.url}`);
}
