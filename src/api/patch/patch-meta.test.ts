// PatchMeta from published OpenAPI v3 schemas: $ref / allOf resolution, list items, maps, and
// which extensions strategic merge patch honours.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { patchMetaFromOpenAPI, type OpenAPISchema } from './index.ts';

const schemas = (JSON.parse(readFileSync(new URL('./testdata/schemas.json', import.meta.url), 'utf8')) as { components: { schemas: Record<string, OpenAPISchema> } })
  .components.schemas;

describe('patchMetaFromOpenAPI', () => {
  const deployment = patchMetaFromOpenAPI(schemas, 'io.k8s.api.apps.v1.Deployment');
  const podSpec = deployment.lookup('spec')!.meta.lookup('template')!.meta.lookup('spec')!.meta;

  it('follows allOf/$ref down to list fields and reads their strategy and merge key', () => {
    const containers = podSpec.lookup('containers')!;
    assert.equal(containers.patchStrategy, 'merge');
    assert.equal(containers.patchMergeKey, 'name');
    const ports = containers.meta.lookup('ports')!;
    assert.deepEqual([ports.patchStrategy, ports.patchMergeKey], ['merge', 'containerPort']);
    assert.equal(podSpec.lookup('volumes')!.patchStrategy, 'merge,retainKeys');
    assert.equal(deployment.lookup('spec')!.meta.lookup('strategy')!.patchStrategy, 'retainKeys');
  });
  it('ignores x-kubernetes-list-type: an atomic or map list without a patch strategy is replaced', () => {
    const tolerations = podSpec.lookup('tolerations')!;
    assert.equal(tolerations.patchStrategy, undefined);
    assert.equal(tolerations.patchMergeKey, undefined);
  });
  it('maps give the value schema for any key; unknown fields give undefined', () => {
    const labels = deployment.lookup('metadata')!.meta.lookup('labels')!.meta;
    assert.ok(labels.lookup('anything'));
    assert.equal(deployment.lookup('bogus'), undefined);
    assert.equal(podSpec.lookup('containers')!.meta.lookup('bogus'), undefined);
  });
  it('Service ports merge on port alone', () => {
    const ports = patchMetaFromOpenAPI(schemas, 'io.k8s.api.core.v1.Service').lookup('spec')!.meta.lookup('ports')!;
    assert.deepEqual([ports.patchStrategy, ports.patchMergeKey], ['merge', 'port']);
  });
});
