// Real kubectl 1.32 bodies (testdata/*.bin, captured by capture-fixtures.ts) decode to exactly
// the JSON the same command prints with --dry-run=client -o json (testdata/*.json): the same
// Go types encoded by Go's encoding/json, creationTimestamp null, status {} and all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBECTL_CASES } from './kubectl-cases.ts';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from './index.ts';

const testdata = join(import.meta.dirname, 'testdata');
const fixture = (name: string) => ({
  body: new Uint8Array(readFileSync(join(testdata, `${name}.bin`))),
  json: JSON.parse(readFileSync(join(testdata, `${name}.json`), 'utf8')) as Record<string, unknown>,
});

for (const c of KUBECTL_CASES.filter((k) => k.supported)) {
  test(`kubectl ${c.args.join(' ')} decodes to its --dry-run=client JSON`, () => {
    const { body, json } = fixture(c.name);
    const got = decodeKubernetesProtobuf(body);
    assert.deepEqual(got.object, json);
    assert.equal(got.kind, json.kind);
    assert.equal(got.apiVersion, json.apiVersion);
    // Same key order as Go's encoder, so even the serialised text matches.
    assert.equal(JSON.stringify(got.object), JSON.stringify(json));
  });
}

for (const c of KUBECTL_CASES.filter((k) => !k.supported)) {
  test(`kubectl ${c.args.join(' ')} is a kind without a schema: 415`, () => {
    const { body, json } = fixture(c.name);
    assert.throws(
      () => decodeKubernetesProtobuf(body),
      (e: unknown) => {
        assert.ok(e instanceof ProtobufDecodeError);
        assert.equal(e.code, 415);
        assert.equal(e.reason, 'UnsupportedMediaType');
        assert.equal(e.problem, 'UnsupportedKind');
        assert.match(e.message, new RegExp(`"${String(json.kind)}" in version "${String(json.apiVersion)}"`));
        return true;
      },
    );
  });
}

test('the explicit replicas: 0 of a *int32 survives (kubectl writes it, JSON keeps it)', () => {
  const { object } = decodeKubernetesProtobuf(fixture('deployment-zero-replicas').body);
  assert.equal((object.spec as { replicas?: number }).replicas, 0);
});

test('kubectl writes "" and 0 for plain fields; they decode as unset', () => {
  const { object } = decodeKubernetesProtobuf(fixture('service-clusterip').body);
  const spec = object.spec as Record<string, unknown>;
  for (const k of ['clusterIP', 'externalName', 'sessionAffinity', 'loadBalancerIP', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses']) {
    assert.equal(k in spec, false, `spec.${k} should be absent`);
  }
  assert.equal('nodePort' in (spec.ports as Record<string, unknown>[])[0]!, false);
});
