// Reads the declaration files of the `kubernetes-types` package (generated from upstream's
// swagger, so field names, required-ness and descriptions are upstream's own text) into a
// plain model the schema generator can turn back into OpenAPI. The files are machine-written
// and very regular, so a line scanner is enough; no TypeScript compiler API is needed.
import { readFileSync } from 'node:fs';

export interface DtsField {
  name: string;
  optional: boolean;
  type: string; // the TypeScript type text, e.g. `Array<ServicePort>`, `{[name: string]: string}`
  doc: string;
}

export interface DtsDecl {
  name: string;
  doc: string;
  /** Fields of an interface, or undefined for a `type X = ...` alias. */
  fields?: DtsField[];
  alias?: string;
}

export interface DtsModule {
  decls: Map<string, DtsDecl>;
  /** Imported name -> module path relative to the package root, e.g. `meta/v1`. */
  imports: Map<string, string>;
}

/** Turns a JSDoc block's lines back into upstream's description text (newlines kept). */
function docText(lines: string[]): string {
  return lines
    .map((l) => l.replace(/^\s*\/\*\*\s?/, '').replace(/\s*\*\/\s*$/, '').replace(/^\s*\* ?/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

export function parseDts(path: string, modulePath: string): DtsModule {
  const src = readFileSync(path, 'utf8').split('\n');
  const decls = new Map<string, DtsDecl>();
  const imports = new Map<string, string>();
  let doc: string[] = [];
  let inDoc = false;
  let current: DtsDecl | undefined;
  for (let i = 0; i < src.length; i++) {
    const line = src[i]!;
    const t = line.trim();
    const imp = /^import \{(.*)\} from "(.*)";$/.exec(t);
    if (imp) {
      const target = new URL(imp[2]!, `file:///${modulePath}`).pathname.slice(1);
      for (const n of imp[1]!.split(',')) imports.set(n.trim(), target);
      continue;
    }
    if (inDoc || t.startsWith('/**')) {
      if (t.startsWith('/**')) doc = [];
      doc.push(line);
      inDoc = !t.endsWith('*/');
      continue;
    }
    const iface = /^export interface (\w+) \{$/.exec(t);
    if (iface) {
      current = { name: iface[1]!, doc: docText(doc), fields: [] };
      decls.set(current.name, current);
      doc = [];
      if (src[i + 1]?.trim() === '}') i++; // empty interface on two lines (FieldsV1)
      else continue;
      current = undefined;
      continue;
    }
    const alias = /^export type (\w+) = (.*);$/.exec(t);
    if (alias) {
      decls.set(alias[1]!, { name: alias[1]!, doc: docText(doc), alias: alias[2]! });
      doc = [];
      continue;
    }
    if (!current) continue;
    if (t === '}') {
      current = undefined;
      continue;
    }
    const field = /^(?:readonly )?(\w+)(\??): (.*?);?$/.exec(t);
    if (field) {
      let type = field[3]!;
      if (type === '{') {
        // map type spread over three lines: `{`, `[name: string]: T;`, `};`
        const inner = src[++i]!.trim();
        src[i + 1]!.trim() === '};' && i++;
        type = `{${inner.replace(/;$/, '')}}`;
      }
      current.fields!.push({ name: field[1]!, optional: field[2] === '?', type, doc: docText(doc) });
      doc = [];
    }
  }
  return { decls, imports };
}
