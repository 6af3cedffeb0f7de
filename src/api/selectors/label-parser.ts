/**
 * @module The string form of label selectors, ported from apimachinery `labels.Parse` so that
 * what it accepts, and the text of every error, match kube-apiserver:
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ <set-based> | <exact-match> ]
 *   <set-based>   ::= ("in" | "notin") "(" VALUE { "," VALUE } ")"
 *   <exact-match> ::= ("=" | "==" | "!=" | ">" | "<") VALUE
 *
 * `in`/`notin` are keywords only where an operator is expected (`in in (in)` is valid), empty
 * values are allowed (`a=`, `a in (,b)`), and whitespace is space, tab, CR or LF.
 */
import { ApiError } from '../errors.ts';
import { aggregateMessage, errorString, invalid } from '../field.ts';
import { compareGoStrings } from './go-strings.ts';
import { binaryOperators, newRequirement, type LabelOperator, type Requirement } from './label-requirement.ts';
import { LabelSelector } from './label-selector.ts';
import { isQualifiedName } from './label-syntax.ts';

type Token =
  | 'error'
  | 'end'
  | 'closedPar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'greaterThan'
  | 'identifier'
  | 'in'
  | 'lessThan'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

const string2token: Readonly<Record<string, Token>> = {
  ')': 'closedPar',
  ',': 'comma',
  '!': 'doesNotExist',
  '==': 'doubleEquals',
  '=': 'equals',
  '>': 'greaterThan',
  in: 'in',
  '<': 'lessThan',
  '!=': 'notEquals',
  notin: 'notIn',
  '(': 'openPar',
};
const tokenOf = (s: string): Token | undefined => (Object.hasOwn(string2token, s) ? string2token[s] : undefined);

interface ScannedItem {
  tok: Token;
  literal: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
/** Go's lexer reads byte 0 both at the end of input and for a NUL character; both end a token. */
const END = '\0';

class Lexer {
  private readonly s: string;
  private pos = 0;
  constructor(s: string) {
    this.s = s;
  }

  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++]!;
    return END;
  }

  private unread(): void {
    this.pos--;
  }

  private scanIDOrKeyword(): ScannedItem {
    let buffer = '';
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
    }
    return { tok: tokenOf(buffer) ?? 'identifier', literal: buffer };
  }

  /** Longest run of symbols that still forms an operator: "!=" rather than "!" then "=". */
  private scanSpecialSymbol(): ScannedItem {
    let last: ScannedItem | undefined;
    let buffer = '';
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (!isSpecialSymbol(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
      const tok = tokenOf(buffer);
      if (tok !== undefined) {
        last = { tok, literal: buffer };
      } else if (last !== undefined) {
        this.unread();
        break;
      }
    }
    return last ?? { tok: 'error', literal: `error expected: keyword found '${buffer}'` };
  }

  lex(): ScannedItem {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === END) return { tok: 'end', literal: '' };
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIDOrKeyword();
  }
}

/** Where a keyword is read: in "values" context `in`/`notin` are plain identifiers. */
type Context = 'keyAndOperator' | 'values';

class ParseError extends Error {}

class Parser {
  private readonly items: ScannedItem[] = [];
  private position = 0;

  constructor(input: string) {
    const lexer = new Lexer(input);
    for (;;) {
      const item = lexer.lex();
      this.items.push(item);
      if (item.tok === 'end') break;
    }
  }

  private lookahead(context: Context): ScannedItem {
    const item = this.items[this.position]!;
    return context === 'values' && (item.tok === 'in' || item.tok === 'notIn') ? { tok: 'identifier', literal: item.literal } : item;
  }

  private consume(context: Context): ScannedItem {
    const item = this.lookahead(context);
    this.position++;
    return item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, literal } = this.lookahead('values');
      if (tok === 'identifier' || tok === 'doesNotExist') {
        try {
          requirements.push(this.parseRequirement());
        } catch (e) {
          if (e instanceof ParseError) throw new ParseError(`unable to parse requirement: ${e.message}`);
          throw e;
        }
        const next = this.consume('values');
        if (next.tok === 'end') return requirements;
        if (next.tok !== 'comma') throw new ParseError(`found '${next.literal}', expected: ',' or 'end of string'`);
        const after = this.lookahead('values');
        if (after.tok !== 'identifier' && after.tok !== 'doesNotExist') throw new ParseError(`found '${after.literal}', expected: identifier after ','`);
      } else if (tok === 'end') {
        return requirements;
      } else {
        throw new ParseError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator: inferred } = this.parseKeyAndInferOperator();
    let operator: LabelOperator;
    let values: string[];
    if (inferred !== undefined) {
      operator = inferred;
      values = [];
    } else {
      operator = this.parseOperator();
      values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    }
    // Values are a sets.String: de-duplicated and listed in sorted order.
    const sortedValues = [...new Set(values)].sort(compareGoStrings);
    const { requirement, errors } = newRequirement(key, operator, sortedValues);
    if (errors.length > 0) throw new ParseError(aggregateMessage(errors));
    return requirement;
  }

  private parseKeyAndInferOperator(): { key: string; operator: LabelOperator | undefined } {
    let operator: LabelOperator | undefined;
    let item = this.consume('values');
    if (item.tok === 'doesNotExist') {
      operator = '!';
      item = this.consume('values');
    }
    if (item.tok !== 'identifier') throw new ParseError(`found '${item.literal}', expected: identifier`);
    const keyErrs = isQualifiedName(item.literal);
    // The parser validates the key against a nil field path, which Go prints as "<nil>".
    if (keyErrs.length > 0) throw new ParseError(errorString(invalid('<nil>', item.literal, keyErrs.join('; '))));
    const next = this.lookahead('values').tok;
    if ((next === 'end' || next === 'comma') && operator === undefined) operator = 'exists';
    return { key: item.literal, operator };
  }

  private parseOperator(): LabelOperator {
    const { tok, literal } = this.consume('keyAndOperator');
    switch (tok) {
      case 'in':
        return 'in';
      case 'equals':
        return '=';
      case 'doubleEquals':
        return '==';
      case 'greaterThan':
        return 'gt';
      case 'lessThan':
        return 'lt';
      case 'notIn':
        return 'notin';
      case 'notEquals':
        return '!=';
      default:
        throw new ParseError(`found '${literal}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume('values');
    if (open.tok !== 'openPar') throw new ParseError(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.lookahead('values');
    if (tok === 'identifier' || tok === 'comma') {
      const values = this.parseIdentifiersList();
      // Upstream quotes the token seen *before* the list here, not the offending one.
      if (this.consume('values').tok !== 'closedPar') throw new ParseError(`found '${literal}', expected: ')'`);
      return values;
    }
    if (tok === 'closedPar') {
      this.consume('values');
      return [''];
    }
    throw new ParseError(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): string[] {
    const values: string[] = [];
    for (;;) {
      const { tok, literal } = this.consume('values');
      if (tok === 'identifier') {
        values.push(literal);
        const next = this.lookahead('values');
        if (next.tok === 'comma') continue;
        if (next.tok === 'closedPar') return values;
        throw new ParseError(`found '${next.literal}', expected: ',' or ')'`);
      } else if (tok === 'comma') {
        // "(,", ",," and ",)" each contribute an empty value.
        if (values.length === 0) values.push('');
        const next = this.lookahead('values').tok;
        if (next === 'closedPar') {
          values.push('');
          return values;
        }
        if (next === 'comma') values.push('');
      } else {
        throw new ParseError(`found '${literal}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead('values').tok;
    if (next === 'end' || next === 'comma') return [''];
    const { tok, literal } = this.consume('values');
    if (tok === 'identifier') return [literal];
    throw new ParseError(`found '${literal}', expected: identifier`);
  }
}

/**
 * labels.Parse. Throws ApiError 400 BadRequest carrying upstream's message, which is what
 * kube-apiserver answers for a bad `labelSelector` query parameter.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  try {
    return LabelSelector.fromRequirements(new Parser(selector).parse());
  } catch (e) {
    if (e instanceof ParseError) throw ApiError.badRequest(e.message);
    throw e;
  }
}
