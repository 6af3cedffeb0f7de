import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../field.ts';
import { validateEvent, validateLease, validateNamespace, validateNode } from './index.ts';

const msgs = (errs: Parameters<typeof errorString>[0][]) => errs.map(errorString);

test('namespace: DNS-1123 label names and known finalizers', () => {
  assert.deepEqual(msgs(validateNamespace({ metadata: { name: 'team-a' }, spec: { finalizers: ['kubernetes'] } })), []);
  assert.deepEqual(msgs(validateNamespace({ metadata: { name: 'a.b' } })), ['metadata.name: Invalid value: "a.b": must not contain dots']);
  assert.deepEqual(msgs(validateNamespace({ metadata: { name: 'a' }, spec: { finalizers: ['custom'] } })), ['spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified']);
});

test('node: cluster-scoped subdomain name, taint effects', () => {
  assert.deepEqual(msgs(validateNode({ metadata: { name: 'node-1.local' } })), []);
  assert.deepEqual(msgs(validateNode({ metadata: { name: 'n' }, spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } })), ['spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']);
});

test('core/v1 event: involvedObject namespace must match', () => {
  const ev = { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', namespace: 'other' } };
  assert.deepEqual(msgs(validateEvent(ev, 'v1')), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
});

test('new-style core/v1 event: reportingComponent/instance/action/reason required', () => {
  const ev = { metadata: { name: 'e', namespace: 'default' }, eventTime: '2024-01-01T00:00:00.000000Z', involvedObject: { namespace: 'default' } };
  assert.deepEqual(msgs(validateEvent(ev, 'v1')), [
    'reportingComponent: Required value',
    "reportingComponent: Invalid value: \"\": name part must be non-empty",
    "reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    'reportingInstance: Required value',
    'action: Required value',
    'reason: Required value',
  ]);
});

test('events.k8s.io/v1: strict create rules use core field names', () => {
  const ev = {
    metadata: { name: 'e', namespace: 'default' }, eventTime: '2024-01-01T00:00:00.000000Z', regarding: { namespace: 'default' },
    reportingController: 'example.com/c', reportingInstance: 'i', action: 'Do', reason: 'Because', type: 'Odd', deprecatedCount: 3,
  };
  assert.deepEqual(msgs(validateEvent(ev, 'events.k8s.io/v1')), ['type: Invalid value: "": has invalid value: Odd', 'count: Invalid value: "": needs to be unset']);
});

test('lease: durations', () => {
  assert.deepEqual(msgs(validateLease({ metadata: { name: 'l', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } })), [
    'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
  ]);
});
