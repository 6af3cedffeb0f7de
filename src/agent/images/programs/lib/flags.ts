// Command-line flags as agnhost's cobra/pflag parses them: `--name=value`, `--name value`
// (not for booleans), bare `--bool` meaning true, and pflag's error texts.
import { goQuote, parseGoDuration } from './go.ts';

export type FlagType = 'bool' | 'int' | 'string' | 'duration';
export type FlagValue = boolean | number | string;
export type FlagSpec = Record<string, { type: FlagType; default: FlagValue }>;

// klog's flags, which agnhost registers on its root command so tests may pass them.
const klogFlags: FlagSpec = {
  v: { type: 'string', default: '0' },
  vmodule: { type: 'string', default: '' },
  logtostderr: { type: 'bool', default: true },
  alsologtostderr: { type: 'bool', default: false },
  log_dir: { type: 'string', default: '' },
  log_file: { type: 'string', default: '' },
  log_file_max_size: { type: 'string', default: '1800' },
  log_backtrace_at: { type: 'string', default: '' },
  skip_headers: { type: 'bool', default: false },
  skip_log_headers: { type: 'bool', default: false },
  stderrthreshold: { type: 'string', default: '2' },
  add_dir_header: { type: 'bool', default: false },
  one_output: { type: 'bool', default: false },
};

const boolWords: Record<string, boolean> = { '1': true, t: true, T: true, TRUE: true, true: true, True: true, '0': false, f: false, F: false, FALSE: false, false: false, False: false };

export interface ParsedFlags {
  values: Record<string, FlagValue>;
  positional: string[];
}

/** Parses args against spec; returns pflag's error text (without `Error: `) on failure. */
export function parseFlags(args: string[], spec: FlagSpec): ParsedFlags | { error: string } {
  const values: Record<string, FlagValue> = {};
  for (const [k, f] of Object.entries(spec)) values[k] = f.default;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const f = spec[name] ?? klogFlags[name];
    if (!f) return { error: `unknown flag: --${name}` };
    let raw: string;
    if (eq !== -1) raw = body.slice(eq + 1);
    else if (f.type === 'bool') raw = 'true';
    else if (i + 1 < args.length) raw = args[++i]!;
    else return { error: `flag needs an argument: --${name}` };
    const invalid = (why: string) => ({ error: `invalid argument ${goQuote(raw)} for "--${name}" flag: ${why}` });
    let v: FlagValue;
    switch (f.type) {
      case 'bool': {
        const b = boolWords[raw];
        if (b === undefined) return invalid(`strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`);
        v = b;
        break;
      }
      case 'int':
        if (!/^[+-]?\d+$/.test(raw)) return invalid(`strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax`);
        v = Number(raw);
        break;
      case 'duration': {
        const d = parseGoDuration(raw);
        if (typeof d !== 'number') return invalid(d.error);
        v = d;
        break;
      }
      default:
        v = raw;
    }
    if (name in spec) values[name] = v;
  }
  return { values, positional };
}
