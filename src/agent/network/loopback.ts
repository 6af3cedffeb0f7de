// The loopback pod network: every pod gets its own 127.x address from the node's pod CIDR
// (127.244.<node>.0/24). Linux routes all of 127.0.0.0/8 to `lo`, so any process can bind
// its pod address without configuring an interface, and two pods can both listen on :80.
// Assignments are persisted so a restarted agent gives adopted pods the addresses they have.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class LoopbackPodNetwork {
  readonly cidr: string;
  readonly #base: number[];
  readonly #size: number;
  readonly #file: string;
  /** pod UID → address */
  readonly #byPod = new Map<string, string>();
  #cursor = 0;

  /** `cidr` must be an IPv4 /24 or larger inside 127.0.0.0/8. */
  constructor(cidr: string, stateFile: string) {
    const [ip, bits] = cidr.split('/');
    const prefix = Number(bits);
    const octets = (ip ?? '').split('.').map(Number);
    if (octets.length !== 4 || octets[0] !== 127 || !(prefix >= 8 && prefix <= 30)) throw new Error(`pod CIDR ${cidr} must be an IPv4 range inside 127.0.0.0/8 (e.g. 127.244.0.0/24)`);
    this.cidr = cidr;
    this.#base = octets;
    this.#size = 2 ** (32 - prefix);
    this.#file = stateFile;
    try {
      const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, string>;
      for (const [uid, addr] of Object.entries(saved)) this.#byPod.set(uid, addr);
    } catch {
      /* first start */
    }
  }

  /** The gateway-like first address; the node itself answers there. */
  nodeAddress(): string {
    return this.#at(1);
  }

  addressOf(podUid: string): string | undefined {
    return this.#byPod.get(podUid);
  }

  /** The pod's address, assigning the next free one (network, .1 and broadcast are never used). */
  assign(podUid: string): string {
    const existing = this.#byPod.get(podUid);
    if (existing) return existing;
    const used = new Set(this.#byPod.values());
    for (let i = 0; i < this.#size - 3; i++) {
      const offset = 2 + ((this.#cursor + i) % (this.#size - 3));
      const addr = this.#at(offset);
      if (!used.has(addr)) {
        // Rotate, so a just-released address is the last to be reused.
        this.#cursor = offset - 1;
        this.#byPod.set(podUid, addr);
        this.#save();
        return addr;
      }
    }
    throw new Error(`no free pod address in ${this.cidr}: all ${this.#size - 3} are in use`);
  }

  release(podUid: string): void {
    if (this.#byPod.delete(podUid)) this.#save();
  }

  /** Forget pods that no longer exist (after a restart). */
  retain(podUids: Set<string>): void {
    let changed = false;
    for (const uid of [...this.#byPod.keys()]) if (!podUids.has(uid)) changed = this.#byPod.delete(uid) || changed;
    if (changed) this.#save();
  }

  #at(offset: number): string {
    let n = ((this.#base[0]! << 24) >>> 0) + (this.#base[1]! << 16) + (this.#base[2]! << 8) + this.#base[3]!;
    n = (n & ~(this.#size - 1)) >>> 0;
    n += offset;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }

  #save(): void {
    mkdirSync(dirname(this.#file), { recursive: true });
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.#byPod)));
    renameSync(tmp, this.#file);
  }
}
