// IP and CIDR field checks: apimachinery util/validation/ip.go (IsValidIP, IsValidIPv4Address,
// IsValidIPv6Address, IsValidCIDR) and core validation's ValidateNonSpecialIP, which Services
// (externalIPs), Endpoints and EndpointSlices share. Kubernetes 1.32 still uses the sloppy
// parsers here (the strict "canonical form" checks arrived in 1.33).
import { invalid, type FieldError, type FieldPath } from '../field.ts';
import { isLinkLocalMulticast, isLinkLocalUnicast, isLoopback, isUnspecified, parseCIDR, parseIP, to4, type IP } from './service-netip.ts';

export function isValidIP(fld: FieldPath, value: string): FieldError[] {
  return parseIP(value) ? [] : [invalid(fld.text, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

export function isValidIPv4Address(fld: FieldPath, value: string): FieldError[] {
  const ip = parseIP(value);
  return ip && to4(ip) ? [] : [invalid(fld.text, value, 'must be a valid IPv4 address')];
}

export function isValidIPv6Address(fld: FieldPath, value: string): FieldError[] {
  const ip = parseIP(value);
  return ip && !to4(ip) ? [] : [invalid(fld.text, value, 'must be a valid IPv6 address')];
}

export function isValidCIDR(fld: FieldPath, value: string): FieldError[] {
  return parseCIDR(value) ? [] : [invalid(fld.text, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/**
 * ValidateNonSpecialIP. Unparseable input gets its own (shorter) message, which is why an
 * invalid Endpoints address reports two errors upstream. `allowLoopback` exists only for
 * Portico's loopback pod network (see endpoints-podcidr.ts); it exempts the loopback check and
 * nothing else.
 */
export function validateNonSpecialIP(value: string, fld: FieldPath, allowLoopback?: (ip: IP) => boolean): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [invalid(fld.text, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  if (isUnspecified(ip)) errs.push(invalid(fld.text, value, `may not be unspecified (${value})`));
  if (isLoopback(ip) && !allowLoopback?.(ip)) errs.push(invalid(fld.text, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (isLinkLocalUnicast(ip)) errs.push(invalid(fld.text, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (isLinkLocalMulticast(ip)) errs.push(invalid(fld.text, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}
