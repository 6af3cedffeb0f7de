import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../field.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './index.ts';

const msgs = (errs: Parameters<typeof errorString>[0][]) => errs.map(errorString);
const ns = { namespaced: true, nameValidator: 'subdomain' } as const;

test('name or generateName is required', () => {
  assert.deepEqual(msgs(validateObjectMeta({ namespace: 'default' }, ns)), ['metadata.name: Required value: name or generateName is required']);
});

test('namespace required on namespaced kinds, forbidden on cluster kinds', () => {
  assert.deepEqual(msgs(validateObjectMeta({ name: 'a' }, ns)), ['metadata.namespace: Required value']);
  assert.deepEqual(msgs(validateObjectMeta({ name: 'a', namespace: 'x' }, { namespaced: false, nameValidator: 'label' })), ['metadata.namespace: Forbidden: not allowed on this type']);
});

test('labels report at the map path with the bad key or value', () => {
  const errs = msgs(validateObjectMeta({ name: 'a', namespace: 'd', labels: { 'a b': 'ok', k: '-bad' } }, ns));
  assert.equal(errs.length, 2);
  assert.match(errs[0]!, /^metadata\.labels: Invalid value: "a b": name part must consist of/);
  assert.match(errs[1]!, /^metadata\.labels: Invalid value: "-bad": a valid label must be an empty string/);
});

test('annotations: key rules (case-insensitive) and the 256 KiB total', () => {
  assert.deepEqual(msgs(validateObjectMeta({ name: 'a', namespace: 'd', annotations: { 'Example.COM/Key': 'v' } }, ns)), []);
  const big = { a: 'x'.repeat(262144) };
  assert.deepEqual(msgs(validateObjectMeta({ name: 'a', namespace: 'd', annotations: big }, ns)), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
});

test('ownerReferences: required parts and a single controller', () => {
  const refs = [
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'r1', uid: 'u1', controller: true },
    { apiVersion: '', kind: '', name: '', uid: '', controller: true },
  ];
  const errs = msgs(validateObjectMeta({ name: 'a', namespace: 'd', ownerReferences: refs }, ns));
  assert.deepEqual(errs.slice(0, 4), [
    'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
    'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
    'metadata.ownerReferences.name: Invalid value: "": must not be empty',
    'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
  ]);
  assert.match(errs[4]!, /: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet\/r1 and \/$/);
});

test('finalizers: qualified names, kube standard names, orphan+foreground conflict', () => {
  const errs = msgs(validateObjectMeta({ name: 'a', namespace: 'd', finalizers: ['orphan', 'foregroundDeletion', 'custom'] }, ns));
  assert.deepEqual(errs, [
    'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion", "custom"}: finalizer orphan and foregroundDeletion cannot be both set',
    'metadata.finalizers[2]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});

test('update: immutable name/namespace/uid and resourceVersion required', () => {
  const old = { name: 'a', namespace: 'd', uid: 'u1', resourceVersion: '5' };
  assert.deepEqual(msgs(validateObjectMetaUpdate({ ...old, name: 'b', uid: 'u2' }, old)), [
    'metadata.name: Invalid value: "b": field is immutable',
    'metadata.uid: Invalid value: "u2": field is immutable',
  ]);
  assert.deepEqual(msgs(validateObjectMetaUpdate({ ...old, resourceVersion: '' }, old)), ['metadata.resourceVersion: Invalid value: "": must be specified for an update']);
  assert.deepEqual(msgs(validateObjectMetaUpdate({ ...old, creationTimestamp: '2024-01-02T03:04:05Z' }, { ...old, creationTimestamp: '2024-01-01T00:00:00Z' })), [
    'metadata.creationTimestamp: Invalid value: 2024-01-02 03:04:05 +0000 UTC: field is immutable',
  ]);
});
