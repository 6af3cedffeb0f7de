// Names and stamps the registry gives new objects.
import { randomUUID, randomInt } from 'node:crypto';

// upstream names.SimpleNameGenerator: 5 characters from an alphabet without vowels
// (no accidental words) and without look-alike characters.
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
const maxNameLength = 63;
const randomLength = 5;

export function generateName(base: string): string {
  const prefix = base.length > maxNameLength - randomLength ? base.slice(0, maxNameLength - randomLength) : base;
  let suffix = '';
  for (let i = 0; i < randomLength; i++) suffix += alphabet[randomInt(alphabet.length)];
  return prefix + suffix;
}

export const newUid = (): string => randomUUID();

/** RFC 3339 with second precision, as metav1.Time marshals. */
export const timestamp = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** metav1.MicroTime: microsecond precision. */
export const microTimestamp = (d: Date): string => d.toISOString().replace(/Z$/, '000Z');
