import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.ts';
import { errorString } from '../field.ts';
import { defaultObject as defaultTyped } from '../defaults/index.ts';

const defaultObject = (g: string, v: string, k: string, o: unknown): any => defaultTyped(g, v, k, o);
import { validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateScale } from './index.ts';

type Obj = Record<string, any>;
const msgs = (errs: Parameters<typeof errorString>[0][]) => errs.map(errorString);

// /work/shared/seeds/003: the Deployment a tutorial ships without spec.selector, as kubectl sends it.
const seed003 = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'my-app-deployment', namespace: 'default' },
  spec: { replicas: 3, template: { metadata: { labels: { app: 'my-app' } }, spec: { containers: [{ name: 'my-app-container', image: 'nginx' }] } } },
});

const valid = (): Obj => defaultObject('apps', 'v1', 'Deployment', {
  ...seed003(),
  spec: { ...seed003().spec, selector: { matchLabels: { app: 'my-app' } } },
});

test('seed 003: missing selector gives exactly upstream\'s two errors, in order', () => {
  const d = defaultObject('apps', 'v1', 'Deployment', seed003());
  assert.equal(d.spec.selector, undefined, 'apps/v1 defaulting must not invent a selector');
  const errs = validateDeployment(d);
  const err = ApiError.invalid('apps', 'Deployment', 'my-app-deployment', errs);
  assert.equal(err.message, 'Deployment.apps "my-app-deployment" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"my-app"}: `selector` does not match template `labels`]');
  // kubectl builds its text from details.causes: "The Deployment ... is invalid: \n* field: message"
  const causes = err.details!.causes!;
  const kubectl = `The Deployment "my-app-deployment" is invalid: \n${causes.map((c) => `* ${c.field}: ${c.message}`).join('\n')}`;
  assert.equal(kubectl, 'The Deployment "my-app-deployment" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"my-app"}: `selector` does not match template `labels`');
  assert.deepEqual(causes.map((c) => c.reason), ['FieldValueRequired', 'FieldValueInvalid']);
});

test('a defaulted, well-formed Deployment is valid', () => assert.deepEqual(validateDeployment(valid()), []));

const mutate = (f: (d: Obj) => void) => { const d = valid(); f(d); return msgs(validateDeployment(d)); };

test('table: ValidateDeploymentSpec messages', () => {
  const cases: [string, (d: Obj) => void, string[]][] = [
    ['negative replicas', (d) => (d.spec.replicas = -1), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['empty selector', (d) => (d.spec.selector = {}), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]],
    ['selector mismatch', (d) => (d.spec.selector = { matchLabels: { app: 'other' } }), ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"my-app"}: `selector` does not match template `labels`']],
    ['restartPolicy Never', (d) => (d.spec.template.spec.restartPolicy = 'Never'), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['both zero', (d) => (d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 0 }), ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']],
    ['both 0%', (d) => (d.spec.strategy.rollingUpdate = { maxSurge: '0%', maxUnavailable: '0%' }), ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0']],
    ['over 100%', (d) => (d.spec.strategy.rollingUpdate.maxUnavailable = '110%'), ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%']],
    ['bad percent', (d) => (d.spec.strategy.rollingUpdate.maxSurge = 'abc'), ["spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]],
    ['negative surge', (d) => (d.spec.strategy.rollingUpdate.maxSurge = -1), ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0']],
    ['recreate with rollingUpdate', (d) => (d.spec.strategy.type = 'Recreate'), ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
    ['unknown strategy', (d) => (d.spec.strategy = { type: 'Blue' }), ['spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Blue", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"']],
    ['revisionHistoryLimit', (d) => (d.spec.revisionHistoryLimit = -1), ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']],
    ['progress deadline', (d) => (d.spec.minReadySeconds = 600), ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds']],
    ['no image', (d) => delete d.spec.template.spec.containers[0].image, ['spec.template.spec.containers[0].image: Required value']],
    ['template label key', (d) => (d.spec.template.metadata.labels['a b'] = 'x'), [
      "spec.template.labels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]],
  ];
  for (const [name, f, want] of cases) assert.deepEqual(mutate(f), want, name);
});

test('update: selector is immutable in apps/v1', () => {
  const old: Obj = valid();
  old.metadata.resourceVersion = '1';
  const next = structuredClone(old);
  next.spec.selector = { matchLabels: { app: 'my-app', tier: 'web' } };
  next.spec.template.metadata.labels.tier = 'web';
  assert.deepEqual(msgs(validateDeploymentUpdate(next, old)), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"my-app", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
});

test('ReplicaSet shares the template rules', () => {
  const rs = defaultObject('apps', 'v1', 'ReplicaSet', { metadata: { name: 'r', namespace: 'd' }, spec: { template: seed003().spec.template } });
  assert.deepEqual(msgs(validateReplicaSet(rs)), ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"my-app"}: `selector` does not match template `labels`']);
});

test('scale: replicas must be non-negative', () => {
  assert.deepEqual(msgs(validateScale({ metadata: { name: 'web', namespace: 'd' }, spec: { replicas: -2 } })), ['spec.replicas: Invalid value: -2: must be greater than or equal to 0']);
});
