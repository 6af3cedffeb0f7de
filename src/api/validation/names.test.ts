import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidLabelValue, isValidPortName, nameIsDNSLabel } from './index.ts';

const label1123 = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const label1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const qnamePart = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

test('RegexError keeps upstream punctuation (two spaces before "or")', () => {
  assert.deepEqual(isDNS1123Label('Bad'), [label1123]);
});

const cases: [string, (v: string) => string[], string, string[]][] = [
  ['label ok', isDNS1123Label, 'my-name', []],
  ['label with dots', isDNS1123Label, 'a.b', ['must not contain dots']],
  ['label too long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
  ['label upper', isDNS1123Label, 'A', [label1123]],
  ['subdomain ok', isDNS1123Subdomain, 'example.com', []],
  ['subdomain bad', isDNS1123Subdomain, 'Example', [subdomain]],
  ['subdomain too long', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
  ['1035 leading digit', isDNS1035Label, '1abc', [label1035]],
  ['qualified ok', isQualifiedName, 'example.com/MyName', []],
  ['qualified empty prefix', isQualifiedName, '/a', ['prefix part must be non-empty']],
  ['qualified bad prefix', isQualifiedName, 'Bad/a', ['prefix part ' + subdomain]],
  ['qualified bad name', isQualifiedName, 'a b', [qnamePart]],
  ['qualified empty name', isQualifiedName, 'a/', ['name part must be non-empty', qnamePart]],
  ['qualified two slashes', isQualifiedName, 'a/b/c', ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
  ['label value empty', isValidLabelValue, '', []],
  ['label value bad', isValidLabelValue, '-x', ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]],
  ['port name all rules', isValidPortName, '-Http--too-long-name', ['must be no more than 15 characters', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain consecutive hyphens'.replace('must', 'must not'), 'must not begin or end with a hyphen']],
  ['port name digits', isValidPortName, '123', ['must contain at least one letter (a-z)']],
  ['env name digit', isEnvVarName, '1A', ["a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"]],
  ['env name dot', isEnvVarName, '..', ["must not be '..'"]],
];
for (const [name, fn, value, want] of cases) test(name, () => assert.deepEqual(fn(value), want));

test('generateName masks a trailing dash the way upstream does', () => {
  assert.deepEqual(nameIsDNSLabel('web-', true), []);
  assert.deepEqual(nameIsDNSLabel('web-', false), [label1123]);
});
