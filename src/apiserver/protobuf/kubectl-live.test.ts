// Runs the real kubectl against a throwaway server and decodes what it sends, so a kubectl
// upgrade that changes the bodies shows up here even before the fixtures are recaptured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KUBECTL_CASES } from './kubectl-cases.ts';
import { captureKubectlPost, kubectlAvailable, kubectlDryRunJson } from './kubectl-capture.ts';
import { decodeKubernetesProtobuf } from './index.ts';

const skip = kubectlAvailable() ? false : 'kubectl not installed at /usr/bin/kubectl';
if (skip) console.log(`# skipping live kubectl protobuf tests: ${skip}`);

const live = KUBECTL_CASES.filter((c) => c.supported && ['service-nodeport', 'deployment', 'configmap'].includes(c.name));

for (const c of live) {
  test(`live: kubectl ${c.args.join(' ')} sends protobuf that decodes to its JSON`, { skip, timeout: 60_000 }, async () => {
    const post = await captureKubectlPost(c.args);
    assert.ok(post, 'kubectl sent no POST');
    assert.equal(post.contentType, 'application/vnd.kubernetes.protobuf');
    const expected = await kubectlDryRunJson(c.args);
    assert.deepEqual(decodeKubernetesProtobuf(new Uint8Array(post.body)).object, expected);
  });
}
