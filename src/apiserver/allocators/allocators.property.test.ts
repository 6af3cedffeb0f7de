// Property tests: random operation sequences against the range allocators, and random
// interleavings of Service create/update/delete transactions (committed or reverted in any order,
// as concurrent requests would) against a model store. Nothing may ever be handed out twice,
// nothing may leak, and rebuilding from the stored Services must give the live state back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ApiError } from '../../api/errors.ts';
import { defaultService } from '../../api/defaults/service.ts';
import { isAllocationError } from './allocation-errors.ts';
import { heldClusterIPs } from './cluster-ip-allocation.ts';
import { IPRangeAllocator } from './ip-range-allocator.ts';
import { heldNodePorts } from './node-port-allocation.ts';
import { PortRangeAllocator } from './port-range-allocator.ts';
import { ServiceAllocator } from './service-allocator.ts';
import type { Transaction } from './transaction.ts';

type Obj = Record<string, any>;

/** Adapts both range allocators to one shape over string values. */
interface RangeUnderTest {
  universe: string[];
  staticBand: Set<string>;
  allocate(v: string): void;
  allocateNext(): string;
  release(v: string): void;
  has(v: string): boolean;
  free(): number;
  used(): number;
  size: number;
}

function ipRange(seed: number): RangeUnderTest {
  const a = new IPRangeAllocator('10.0.0.0/26', { random: mulberry(seed) });
  const universe = Array.from({ length: 62 }, (_, i) => `10.0.0.${i + 1}`);
  return {
    universe,
    staticBand: new Set(universe.slice(0, a.staticBandSize)),
    allocate: (v) => a.allocate(v),
    allocateNext: () => a.allocateNext(),
    release: (v) => a.release(v),
    has: (v) => a.has(v),
    free: () => a.free(),
    used: () => a.used(),
    size: a.size,
  };
}

function portRange(seed: number): RangeUnderTest {
  const a = new PortRangeAllocator('30000-30039', { random: mulberry(seed) });
  const universe = Array.from({ length: 40 }, (_, i) => String(30000 + i));
  return {
    universe,
    staticBand: new Set(universe.slice(0, a.staticBandSize)),
    allocate: (v) => a.allocate(Number(v)),
    allocateNext: () => String(a.allocateNext()),
    release: (v) => a.release(Number(v)),
    has: (v) => a.has(Number(v)),
    free: () => a.free(),
    used: () => a.used(),
    size: a.size,
  };
}

/** A small seeded PRNG so failures replay. */
function mulberry(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

type RangeOp = { op: 'allocate' | 'release'; pick: number } | { op: 'next' };
const rangeOps = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('allocate' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('next' as const) }),
  ),
  { maxLength: 300 },
);

function checkRange(make: (seed: number) => RangeUnderTest) {
  fc.assert(
    fc.property(fc.nat(), rangeOps, (seed, ops: RangeOp[]) => {
      const r = make(seed);
      const model = new Set<string>();
      // Values just outside the range, to exercise NotInRange.
      const outside = r.universe[0]!.includes('.') ? ['10.0.0.0', '10.0.0.63', '10.0.0.64', '10.0.1.1'] : ['29999', '30040'];
      const candidates = [...r.universe, ...outside];
      for (const o of ops) {
        if (o.op === 'next') {
          if (model.size === r.size) {
            assert.throws(() => r.allocateNext(), (e: unknown) => isAllocationError(e) && e.code === 'Full');
          } else {
            const v = r.allocateNext();
            assert.ok(r.universe.includes(v), `allocateNext gave ${v}, outside the range`);
            assert.ok(!model.has(v), `allocateNext gave ${v} twice`);
            const upperFree = r.universe.some((u) => !r.staticBand.has(u) && !model.has(u));
            assert.ok(!(r.staticBand.has(v) && upperFree), `static-band ${v} handed out while the upper band had room`);
            model.add(v);
          }
        } else {
          const v = candidates[o.pick % candidates.length]!;
          if (o.op === 'allocate') {
            if (!r.universe.includes(v)) assert.throws(() => r.allocate(v), (e: unknown) => isAllocationError(e) && e.code === 'NotInRange');
            else if (model.has(v)) assert.throws(() => r.allocate(v), (e: unknown) => isAllocationError(e) && e.code === 'Allocated');
            else {
              r.allocate(v);
              model.add(v);
            }
          } else {
            r.release(v);
            model.delete(v);
          }
        }
        assert.equal(r.free() + r.used(), r.size);
        assert.equal(r.used(), model.size);
      }
      for (const u of r.universe) assert.equal(r.has(u), model.has(u), u);
    }),
    { numRuns: 150 },
  );
}

describe('range allocators under random operation sequences', () => {
  it('IPRangeAllocator never hands out an address twice and keeps free()+used() constant', () => checkRange(ipRange));
  it('PortRangeAllocator never hands out a port twice and keeps free()+used() constant', () => checkRange(portRange));
});

// ---- ServiceAllocator transactions against a model store -----------------------------------

const NAMES = ['a', 'b', 'c', 'd'];
const CONFIG = { serviceCIDRs: '10.0.0.0/27', nodePortRange: '30000-30019' };

const portArb = fc.record({
  port: fc.constantFrom(53, 80, 443),
  protocol: fc.constantFrom('TCP', 'UDP'),
  nodePort: fc.option(fc.integer({ min: 29999, max: 30020 }), { nil: undefined }),
});
const specArb = fc.record({
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
  clusterIP: fc.constantFrom('', '', '', 'None', '10.0.0.3', '10.0.0.20', '10.0.0.40'),
  ports: fc.array(portArb, { minLength: 1, maxLength: 3 }),
  local: fc.boolean(),
  allocateLB: fc.boolean(),
  hc: fc.option(fc.integer({ min: 30000, max: 30019 }), { nil: undefined }),
  selector: fc.boolean(),
});
type SpecDraft = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

type Step =
  | { t: 'create'; name: string; spec: SpecDraft; dryRun: boolean }
  | { t: 'update'; name: string; spec: SpecDraft; dryRun: boolean; keepLive: boolean }
  | { t: 'delete'; name: string }
  | { t: 'finish'; pick: number; write: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ t: fc.constant('create' as const), name: fc.constantFrom(...NAMES), spec: specArb, dryRun: fc.boolean() }),
  fc.record({ t: fc.constant('update' as const), name: fc.constantFrom(...NAMES), spec: specArb, dryRun: fc.boolean(), keepLive: fc.boolean() }),
  fc.record({ t: fc.constant('delete' as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ t: fc.constant('finish' as const), pick: fc.nat(), write: fc.boolean() }),
  fc.record({ t: fc.constant('finish' as const), pick: fc.nat(), write: fc.constant(true) }),
);

/** The YAML a user would send, after SetDefaults_Service. */
function buildService(name: string, d: SpecDraft, forUpdate: { old: Obj; keepLive: boolean } | undefined): Obj {
  const spec: Obj = {
    type: d.type,
    ports: d.ports.map((p, i) => ({ name: `p${i}`, port: p.port, protocol: p.protocol, ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}) })),
  };
  if (d.selector) spec.selector = { app: name };
  if (d.type === 'ExternalName') spec.externalName = 'example.com';
  if (d.type === 'LoadBalancer') {
    spec.allocateLoadBalancerNodePorts = d.allocateLB;
    if (d.local) spec.externalTrafficPolicy = 'Local';
  }
  const oldType = forUpdate?.old.spec.type;
  // Updates may only name a clusterIP when the old type had none (anything else fails validation:
  // "may not change once set"), and may not pick a new healthCheckNodePort ("field is immutable").
  if (d.type !== 'ExternalName' && d.clusterIP && (!forUpdate || oldType === 'ExternalName')) spec.clusterIP = d.clusterIP;
  if (d.hc !== undefined && d.type === 'LoadBalancer' && d.local && !forUpdate) spec.healthCheckNodePort = d.hc;
  if (forUpdate?.keepLive && oldType !== 'ExternalName' && d.type !== 'ExternalName') {
    // kubectl edit: the live object's allocated fields travel with the request.
    for (const f of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) if (forUpdate.old.spec[f] !== undefined) spec[f] = structuredClone(forUpdate.old.spec[f]);
  }
  const svc: Obj = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' }, spec };
  defaultService(svc);
  return svc;
}

interface Pending {
  kind: 'create' | 'update';
  name: string;
  rv: number;
  svc: Obj;
  txn: Transaction;
}

class ModelStore {
  rv = 0;
  readonly objects = new Map<string, { svc: Obj; rv: number }>();
}

function heldBy(svc: Obj): string[] {
  return [...heldClusterIPs(svc).map(([, ip]) => `ip:${ip}`), ...heldNodePorts(svc).map((p) => `port:${p}`)];
}

function allocatorState(a: ServiceAllocator): Set<string> {
  const out = new Set<string>();
  a.primaryIPAllocator.forEach((ip) => out.add(`ip:${ip}`));
  a.nodePorts.forEach((p) => out.add(`port:${p}`));
  return out;
}

function checkInvariants(a: ServiceAllocator, store: ModelStore, pending: readonly Pending[]): void {
  const owner = new Map<string, string>();
  for (const [name, { svc }] of store.objects) {
    for (const v of heldBy(svc)) {
      assert.ok(!owner.has(v), `${v} held by both ${owner.get(v)} and ${name}`);
      owner.set(v, name);
    }
  }
  const live = allocatorState(a);
  for (const v of owner.keys()) assert.ok(live.has(v), `${v} is stored (by ${owner.get(v)}) but free in the allocator`);
  const pendingValues = new Set(pending.flatMap((p) => heldBy(p.svc)));
  for (const v of live) assert.ok(owner.has(v) || pendingValues.has(v), `${v} leaked: allocated but neither stored nor pending`);
}

function runHistory(seed: number, steps: readonly Step[]): { a: ServiceAllocator; store: ModelStore } {
  const a = new ServiceAllocator({ ...CONFIG, random: mulberry(seed) });
  const store = new ModelStore();
  const pending: Pending[] = [];
  const attempt = (fn: () => Transaction): Transaction | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ApiError) return undefined;
      throw e;
    }
  };
  for (const s of steps) {
    if (s.t === 'create') {
      const svc = buildService(s.name, s.spec, undefined);
      const txn = attempt(() => a.allocateCreate(svc, { dryRun: s.dryRun }));
      if (txn && !s.dryRun) pending.push({ kind: 'create', name: s.name, rv: 0, svc, txn });
      else txn?.commit();
    } else if (s.t === 'update') {
      const cur = store.objects.get(s.name);
      if (!cur) continue;
      const svc = buildService(s.name, s.spec, { old: cur.svc, keepLive: s.keepLive });
      const txn = attempt(() => a.allocateUpdate(svc, cur.svc, { dryRun: s.dryRun }));
      if (txn && !s.dryRun) pending.push({ kind: 'update', name: s.name, rv: cur.rv, svc, txn });
      else txn?.commit();
    } else if (s.t === 'delete') {
      const cur = store.objects.get(s.name);
      if (!cur) continue;
      store.objects.delete(s.name);
      a.release(cur.svc);
    } else {
      if (pending.length === 0) continue;
      const [p] = pending.splice(s.pick % pending.length, 1);
      const cur = store.objects.get(p!.name);
      // The write succeeds only if nobody changed the object since it was read (create: absent).
      const writable = p!.kind === 'create' ? !cur : cur?.rv === p!.rv;
      if (s.write && writable) {
        store.objects.set(p!.name, { svc: p!.svc, rv: ++store.rv });
        p!.txn.commit();
      } else {
        p!.txn.revert();
      }
    }
    checkInvariants(a, store, pending);
  }
  for (const p of pending.splice(0)) p.txn.revert();
  checkInvariants(a, store, []);
  const live = allocatorState(a);
  const stored = new Set([...store.objects.values()].flatMap(({ svc }) => heldBy(svc)));
  assert.deepEqual([...live].sort(), [...stored].sort(), 'with nothing pending the allocators hold exactly what is stored');
  return { a, store };
}

describe('ServiceAllocator transactions in any interleaving', () => {
  it('never double-allocate and never leak, whatever commits or reverts', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(stepArb, { maxLength: 60 }), (seed, steps) => {
        runHistory(seed, steps);
      }),
      { numRuns: 300 },
    );
  });

  it('rebuild(services) after a random history equals the live state, with no issues', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(stepArb, { maxLength: 60 }), (seed, steps) => {
        const { a, store } = runHistory(seed, steps);
        const services = [...store.objects.values()].map(({ svc }) => structuredClone(svc));
        const fresh = new ServiceAllocator({ ...CONFIG, random: mulberry(seed + 1) });
        assert.deepEqual(fresh.rebuild(services), []);
        assert.deepEqual([...allocatorState(fresh)].sort(), [...allocatorState(a)].sort());
        // Rebuilding the live allocator in place changes nothing either.
        const before = [...allocatorState(a)].sort();
        assert.deepEqual(a.rebuild(services), []);
        assert.deepEqual([...allocatorState(a)].sort(), before);
      }),
      { numRuns: 200 },
    );
  });
});

describe('rebuild reports inconsistencies like the repair controllers', () => {
  it('two Services claiming one IP or port: the older keeps it, the other is reported', () => {
    const a = new ServiceAllocator({ serviceCIDRs: '10.96.0.0/12' });
    const mk = (name: string, created: string, spec: Obj) => ({ metadata: { name, namespace: 'ns', creationTimestamp: created }, spec });
    const issues = a.rebuild([
      mk('newer', '2024-02-01T00:00:00Z', { type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ports: [{ port: 80, nodePort: 30080 }] }),
      mk('older', '2024-01-01T00:00:00Z', { type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ports: [{ port: 80, nodePort: 30080 }] }),
      mk('outside', '2024-01-01T00:00:00Z', { type: 'NodePort', clusterIP: '1.1.1.1', clusterIPs: ['1.1.1.1'], ports: [{ port: 80, nodePort: 20000 }] }),
      mk('v6', '2024-01-01T00:00:00Z', { type: 'ClusterIP', clusterIP: 'fd00::1', clusterIPs: ['fd00::1'] }),
      mk('bad', '2024-01-01T00:00:00Z', { type: 'ClusterIP', clusterIP: 'x', clusterIPs: ['x'] }),
      mk('headless', '2024-01-01T00:00:00Z', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
      mk('ext', '2024-01-01T00:00:00Z', { type: 'ExternalName', externalName: 'a.b', ports: [{ port: 80, nodePort: 30081 }] }),
    ]);
    assert.deepEqual(issues, [
      { namespace: 'ns', name: 'outside', reason: 'ClusterIPOutOfRange', message: 'Cluster IP [IPv4]:1.1.1.1 is not within the service CIDR 10.96.0.0/12; please recreate service' },
      { namespace: 'ns', name: 'outside', reason: 'PortOutOfRange', message: 'Port 20000 is not within the port range 30000-32767; please recreate service' },
      { namespace: 'ns', name: 'v6', reason: 'ClusterIPNotValid', message: 'Cluster IP fd00::1(IPv6) is of ip family that is no longer configured on cluster; please recreate service' },
      { namespace: 'ns', name: 'bad', reason: 'ClusterIPNotValid', message: 'Cluster IP x is not a valid IP; please recreate service' },
      { namespace: 'ns', name: 'newer', reason: 'ClusterIPAlreadyAllocated', message: 'Cluster IP [IPv4]:10.96.0.10 was assigned to multiple services; please recreate service' },
      { namespace: 'ns', name: 'newer', reason: 'PortAlreadyAllocated', message: 'Port 30080 was assigned to multiple services; please recreate service' },
    ]);
    assert.equal(a.primaryIPAllocator.used(), 1);
    assert.equal(a.nodePorts.used(), 1, 'the ExternalName nodePort is not a held port');
    assert.throws(() => a.primaryIPAllocator.allocate('10.96.0.10'), (e: unknown) => isAllocationError(e) && e.code === 'Allocated');
  });
});
