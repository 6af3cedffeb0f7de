// --service-node-port-range syntax, as apimachinery's utilnet.PortRange parses and prints it:
// "30000-32767" (inclusive), "30000+2767" (base + offset) or a single port "30000".

export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

export interface PortRange {
  base: number;
  size: number;
}

/** Go's strconv.Atoi error text, which upstream returns unwrapped. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

/** utilnet.ParsePortRange; throws with upstream's messages. An empty string is the empty range. */
export function parsePortRange(value: string): PortRange {
  value = value.trim();
  if (value === '') return { base: 0, size: 0 };
  const hyphen = value.indexOf('-');
  const plus = value.indexOf('+');
  let low: number;
  let high: number;
  if (hyphen === -1 && plus === -1) {
    low = high = atoi(value);
  } else if (hyphen !== -1 && plus === -1) {
    low = atoi(value.slice(0, hyphen));
    high = atoi(value.slice(hyphen + 1));
  } else if (plus !== -1 && hyphen === -1) {
    low = atoi(value.slice(0, plus));
    high = low + atoi(value.slice(plus + 1));
  } else {
    throw new Error(`unable to parse port range: ${value}`);
  }
  if (low > 65535 || high > 65535) throw new Error(`the port range cannot be greater than 65535: ${value}`);
  if (high < low) throw new Error(`end port cannot be less than start port: ${value}`);
  return { base: low, size: 1 + high - low };
}

/** PortRange.String: "a-b", or "" for the empty range. */
export function formatPortRange(pr: PortRange): string {
  return pr.size === 0 ? '' : `${pr.base}-${pr.base + pr.size - 1}`;
}

export function portRangeContains(pr: PortRange, port: number): boolean {
  return Number.isInteger(port) && port >= pr.base && port < pr.base + pr.size;
}
