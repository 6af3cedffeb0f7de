// The schema tables: they parse, every reference resolves, and their JSON names agree with an
// independent source, the `kubernetes-types` package (generated from the upstream OpenAPI).
// A typo in a transcribed json name, or a field left out, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { schemas, supportedProtobufKinds } from './kinds.ts';
import { SchemaError, SchemaRegistry, type MessageDef } from './schema.ts';

const typesDir = dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'));
const dts: Record<string, string> = {
  meta: 'meta/v1.d.ts',
  core: 'core/v1.d.ts',
  apps: 'apps/v1.d.ts',
  discovery: 'discovery/v1.d.ts',
  events: 'events/v1.d.ts',
  coordination: 'coordination/v1.d.ts',
};

/** Interface name → its property names, from a kubernetes-types .d.ts file. */
function interfaces(file: string): Map<string, Set<string>> {
  const text = readFileSync(join(typesDir, file), 'utf8');
  const out = new Map<string, Set<string>>();
  for (const m of text.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const props = new Set<string>();
    for (const p of m[2]!.matchAll(/^ {4}(?:readonly )?'?([\w$]+)'?\??:/gm)) props.add(p[1]!);
    out.set(m[1]!, props);
  }
  return out;
}

/** JSON names of a message with inlined members flattened, as they appear in JSON. */
function jsonNames(def: MessageDef): string[] {
  return def.fields.flatMap((f) => (f.card === 'inline' && f.type.kind === 'message' ? jsonNames(schemas.get(f.type.name)) : [f.json]));
}

// Fields newer than kubernetes-types 1.30 (the package lags upstream), present in 1.32.
const NEWER_THAN_TYPES = new Set([
  'core.ResourceClaim.request',
  'core.PodSpec.resources',
  'core.PodSecurityContext.supplementalGroupsPolicy',
  'core.PodSecurityContext.seLinuxChangePolicy',
  'core.VolumeSource.image',
  'core.Volume.image',
  'core.ContainerStatus.user',
  'core.NodeStatus.features',
  'coordination.LeaseSpec.strategy',
  'coordination.LeaseSpec.preferredHolder',
  'apps.DeploymentSpec.podReplacementPolicy',
  'apps.DeploymentStatus.terminatingReplicas',
  'apps.ReplicaSetStatus.terminatingReplicas',
  'discovery.EndpointHints.forNodes',
  'meta.DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential',
  'core.PodResourceClaim.resourceClaimName',
  'core.PodResourceClaim.resourceClaimTemplateName',
  'core.NodeRuntimeHandlerFeatures.userNamespaces',
]);

// Fields kubernetes-types 1.30 still lists but upstream has since tombstoned.
const REMOVED_SINCE_TYPES = new Set(['core.PodResourceClaim.source']);

test('every table parses and every message reference resolves', () => {
  assert.ok(schemas.names().length > 150, `only ${schemas.names().length} messages`);
  for (const k of supportedProtobufKinds()) assert.ok(k.includes('/'));
});

test('the registry rejects typos: unknown types, duplicate numbers, bad lines', () => {
  assert.throws(() => new SchemaRegistry([{ pkg: 'x', messages: { A: ['a 1 Nope'] } }]), SchemaError);
  assert.throws(() => new SchemaRegistry([{ pkg: 'x', messages: { A: ['a 1 s', 'b 1 s'] } }]), SchemaError);
  assert.throws(() => new SchemaRegistry([{ pkg: 'x', messages: { A: ['a s'] } }]), SchemaError);
  assert.throws(() => new SchemaRegistry([{ pkg: 'x', messages: { A: ['- 1 ~s'] } }]), SchemaError);
});

test('json names match kubernetes-types, both ways', () => {
  const problems: string[] = [];
  let compared = 0;
  const byPkg = new Map<string, Map<string, Set<string>>>();
  for (const [pkg, file] of Object.entries(dts)) byPkg.set(pkg, interfaces(file));
  for (const name of schemas.names()) {
    const [pkg, type] = name.split('.') as [string, string];
    const iface = byPkg.get(pkg)?.get(type);
    if (!iface) continue;
    compared++;
    const ours = new Set(jsonNames(schemas.get(name)));
    for (const j of ours) if (!iface.has(j) && !NEWER_THAN_TYPES.has(`${name}.${j}`)) problems.push(`${name}.${j} is not in kubernetes-types`);
    for (const j of iface) if (j !== 'apiVersion' && j !== 'kind' && !ours.has(j) && !REMOVED_SINCE_TYPES.has(`${name}.${j}`)) problems.push(`${name} lacks ${j}`);
  }
  assert.deepEqual(problems, []);
  assert.ok(compared > 150, `only ${compared} messages compared`);
});
