// Portico's one deliberate departure from upstream endpoint validation. In the loopback network
// mode (DESIGN.md, "Networking modes") every pod gets an address from 127.244.<node>.0/24, so
// the Endpoints and EndpointSlices that describe those pods carry loopback addresses, which
// Kubernetes rejects ("may not be in the loopback range"). Addresses inside the cluster's own
// pod CIDR skip that one check and nothing else: unspecified, link-local and multicast rules
// still apply, and loopback addresses outside the pod CIDR (127.0.0.1, ::1) are still refused.
//
// Why module-level configuration: validators are looked up through the kind registry with a
// fixed (obj) / (new, old) signature, so the apiserver sets the cluster's pod CIDRs once at
// start-up (setPodNetworkCIDRs) rather than threading them through every call. Tests and other
// callers that want a different set pass `podCIDRs` in the validators' options argument,
// which takes precedence and leaves the shared setting alone.
import { cidrContains, parseCIDR, type IP, type IPNet } from './service-netip.ts';

export const defaultPodNetworkCIDRs: readonly string[] = ['127.244.0.0/16'];

function parseAll(cidrs: readonly string[]): IPNet[] {
  return cidrs.map((c) => {
    const n = parseCIDR(c);
    if (!n) throw new Error(`invalid pod network CIDR ${JSON.stringify(c)}`);
    return n;
  });
}

let configured: { text: readonly string[]; nets: IPNet[] } = { text: defaultPodNetworkCIDRs, nets: parseAll(defaultPodNetworkCIDRs) };

/** Sets the pod CIDRs whose loopback addresses endpoint validation accepts ([] disables the exception). */
export function setPodNetworkCIDRs(cidrs: readonly string[]): void {
  configured = { text: [...cidrs], nets: parseAll(cidrs) };
}

export function podNetworkCIDRs(): readonly string[] {
  return configured.text;
}

export interface EndpointValidationOptions {
  /** Overrides the configured pod CIDRs for this call. */
  podCIDRs?: readonly string[];
}

/** The predicate handed to validateNonSpecialIP: is this loopback address a pod IP of ours? */
export function loopbackExemption(opts: EndpointValidationOptions = {}): (ip: IP) => boolean {
  const nets = opts.podCIDRs ? parseAll(opts.podCIDRs) : configured.nets;
  return (ip) => nets.some((n) => cidrContains(n, ip));
}
