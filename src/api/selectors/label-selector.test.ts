// Label selector string form: cases taken from apimachinery labels/selector_test.go, plus the
// exact error texts kube-apiserver returns for a bad ?labelSelector=.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../errors.ts';
import { parseLabelSelector } from './index.ts';

function parseError(s: string): string {
  try {
    parseLabelSelector(s);
  } catch (e) {
    assert.ok(isApiError(e));
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(s)} to be rejected`);
}

describe('parseLabelSelector (TestSelectorParse)', () => {
  for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
    it(`accepts ${JSON.stringify(s)} and prints it without spaces`, () => {
      assert.equal(parseLabelSelector(s).toString(), s.replaceAll(' ', ''));
    });
  }
  for (const s of ['x=a||y=b', 'x==a==b', '!x=a', 'x<a']) {
    it(`rejects ${JSON.stringify(s)}`, () => {
      parseError(s);
    });
  }
  it('is deterministic: requirements print sorted by key', () => {
    assert.equal(parseLabelSelector('x=a,a=x').toString(), parseLabelSelector('a=x,x=a').toString());
    assert.equal(parseLabelSelector('x=a,a=x').toString(), 'a=x,x=a');
  });
});

describe('parseLabelSelector (TestSetSelectorParser)', () => {
  const table: [string, string][] = [
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', 'this-is-another-dns.domain.com/key-with-dash in (so,what)'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x  notin\t\t\t(abc,def)', 'x notin (abc,def)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['x notin (, a)', 'x notin (,a)'],
    ['a ', 'a'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (b,a,b)', 'x in (a,b)'],
    ['notin=in', 'notin=in'],
    ['in in (in)', 'in in (in)'],
    ['x==a', 'x==a'],
  ];
  for (const [input, printed] of table) {
    it(`${JSON.stringify(input)} -> ${printed}`, () => assert.equal(parseLabelSelector(input).toString(), printed));
  }
});

describe('matching (TestSelectorMatches)', () => {
  const yes: [string, Record<string, string>][] = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['x notin ()', { y: '' }],
    ['x in (a,b)', { x: 'b' }],
    ['x notin (a)', {}],
  ];
  const no: [string, Record<string, string>][] = [
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['x>1', { x: 'v2' }],
    ['x in ()', { y: 'baz' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  for (const [sel, labels] of yes) it(`${JSON.stringify(sel)} matches ${JSON.stringify(labels)}`, () => assert.ok(parseLabelSelector(sel).matches(labels)));
  for (const [sel, labels] of no) it(`${JSON.stringify(sel)} does not match ${JSON.stringify(labels)}`, () => assert.ok(!parseLabelSelector(sel).matches(labels)));
  it('treats missing labels as an empty set', () => {
    assert.ok(parseLabelSelector('!x').matches(undefined));
    assert.ok(!parseLabelSelector('x').matches(undefined));
  });
  it('reports empty and exact matches', () => {
    assert.ok(parseLabelSelector('').empty);
    assert.ok(!parseLabelSelector('x').empty);
    assert.equal(parseLabelSelector('a=1,b in (2)').requiresExactMatch('b'), '2');
    assert.equal(parseLabelSelector('a in (1,2)').requiresExactMatch('a'), undefined);
  });
});

describe('error messages, as kube-apiserver words them', () => {
  const table: [string, string][] = [
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=a,', "found '', expected: identifier after ','"],
    ['x=a y', "found 'y', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!=b', "found '!=', expected: !, identifier, or 'end of string'"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x<a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
    [
      'app:monolith',
      'unable to parse requirement: <nil>: Invalid value: "app:monolith": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    ],
    [
      'a/b/c ?=? def',
      'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')',
    ],
    [
      'app.kubernetes_io/name=x',
      'unable to parse requirement: <nil>: Invalid value: "app.kubernetes_io/name": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ],
    [
      'app=-x',
      'unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    ],
    [`x=${'a'.repeat(64)}`, `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    [`${'a'.repeat(64)}`, `unable to parse requirement: <nil>: Invalid value: "${'a'.repeat(64)}": name part must be no more than 63 characters`],
  ];
  for (const [input, message] of table) it(JSON.stringify(input), () => assert.equal(parseError(input), message));

  it('aggregates several value errors as "[a, b]"', () => {
    const m = parseError('x in (-a,-b)');
    assert.match(m, /^unable to parse requirement: \[values\[0\]\[x\]: Invalid value: "-a": .*, values\[1\]\[x\]: Invalid value: "-b": .*\]$/);
  });
});
