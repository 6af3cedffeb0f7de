// pod-template-hash: the name suffix of a Deployment's ReplicaSets and the label that keeps
// their pods apart. Upstream hashes the Go struct with FNV-32a over a spew dump of the typed
// PodTemplateSpec (controller.ComputeHash), which cannot be reproduced from JSON, so the
// values differ from a real cluster's. What is kept: FNV-32a, the collisionCount mixed in as
// upstream does (8 bytes, little-endian uint32 in the first four), and the decimal digits of
// the sum encoded with rand.SafeEncodeString's alphabet, so hashes look like upstream's
// ("5d8f7c6b9") and are stable for a template.

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each byte becomes alphabet[byte % 27] (no vowels, no 0/1/3). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += safeAlphabet[s.charCodeAt(i) % safeAlphabet.length];
  return out;
}

function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The JSON form two semantically equal templates share: keys sorted; nulls, empty objects and
 * empty arrays dropped (a Go struct round-trip through omitempty JSON makes them the same).
 */
export function canonicalize(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonicalize).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonicalize((v as Record<string, unknown>)[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(JSON.stringify(canonicalize(template) ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
