// The images Portico knows without pulling anything: what each would run (its ENTRYPOINT and
// CMD), expressed as host programs. A container's `command` replaces the entrypoint and its
// `args` the CMD, exactly as with a real image, so these tables only describe the defaults.
import { fileURLToPath } from 'node:url';
import type { ImageReference } from './reference.ts';

/** Absolute path of a built-in program script under programs/. */
export function programPath(name: 'nginx' | 'agnhost' | 'pause'): string {
  return fileURLToPath(new URL(`./programs/${name}.ts`, import.meta.url));
}

/** What an image would exec: a built-in program, or a plain ENTRYPOINT/CMD run on the host. */
export interface BuiltinImage {
  /** A short name for messages. */
  kind: 'nginx' | 'agnhost' | 'pause' | 'shell';
  /** The argv for a container with this image, given its command and args (either may be unset). */
  argv(command: string[] | undefined, args: string[] | undefined): string[];
  /** ENV the image sets. */
  env?: Record<string, string>;
}

const node = (script: string, rest: string[]): string[] => [process.execPath, script, ...rest];

/** nginx's version as the image's NGINX_VERSION env: from a version-like tag, else 1.27.0. */
export function nginxVersion(tag: string): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  return m ? `${m[1]}.${m[2]}.${m[3] ?? '0'}` : '1.27.0';
}

/**
 * nginx: ENTRYPOINT ["/docker-entrypoint.sh"], CMD ["nginx", "-g", "daemon off;"]. The entrypoint
 * execs its arguments, so args naming nginx start the server and any other args run as given.
 */
function nginx(ref: ImageReference): BuiltinImage {
  return {
    kind: 'nginx',
    env: { NGINX_VERSION: nginxVersion(ref.tag) },
    argv(command, args) {
      if (command) return [...command, ...(args ?? [])];
      if (!args || args.length === 0) return node(programPath('nginx'), []);
      if (args[0] === 'nginx' || args[0] === 'nginx-debug') return node(programPath('nginx'), args.slice(1));
      return args;
    },
  };
}

const agnhostBinaries = new Set(['/agnhost', 'agnhost', '/agnhost-2', 'agnhost-2']);

/**
 * agnhost: ENTRYPOINT ["/agnhost"], CMD ["pause"]. A command naming /agnhost runs the built-in
 * with the rest as its arguments; other commands (e.g. /bin/sh -c ...) run on the host.
 */
function agnhost(): BuiltinImage {
  return {
    kind: 'agnhost',
    argv(command, args) {
      if (command && command.length > 0 && agnhostBinaries.has(command[0]!)) return node(programPath('agnhost'), [...command.slice(1), ...(args ?? [])]);
      if (command) return [...command, ...(args ?? [])];
      return node(programPath('agnhost'), args ?? ['pause']);
    },
  };
}

/** registry.k8s.io/pause: ENTRYPOINT ["/pause"], sleeps until a signal. */
function pause(): BuiltinImage {
  return {
    kind: 'pause',
    argv(command, args) {
      if (command && command.length > 0 && (command[0] === '/pause' || command[0] === 'pause')) return node(programPath('pause'), []);
      if (command) return [...command, ...(args ?? [])];
      return node(programPath('pause'), []);
    },
  };
}

/** A distribution image with no ENTRYPOINT: `command`/`args` run as written, else its CMD shell. */
function shell(cmd: string[], entrypoint?: (args: string[]) => string[]): BuiltinImage {
  return {
    kind: 'shell',
    argv(command, args) {
      if (command) return [...command, ...(args ?? [])];
      const a = args ?? cmd;
      return entrypoint ? entrypoint(a) : a;
    },
  };
}

/** bash's docker-entrypoint.sh: options (or nothing) are given to bash, anything else is exec'd. */
const bashEntrypoint = (args: string[]): string[] => (args.length === 0 || args[0]!.startsWith('-') ? ['bash', ...args] : args);

/** The image names (last path component) Portico runs without pulling, in the order messages list them. */
export const builtinImageNames = ['nginx', 'registry.k8s.io/e2e-test-images/agnhost', 'busybox'] as const;

/**
 * The built-in for a parsed reference, chosen by the repository's last path component, so
 * mirrors (`mirror.gcr.io/library/nginx`, `k8s.gcr.io/e2e-test-images/agnhost`) work alike.
 */
export function builtinFor(ref: ImageReference): BuiltinImage | undefined {
  const name = ref.path.slice(ref.path.lastIndexOf('/') + 1);
  switch (name) {
    case 'nginx':
      return nginx(ref);
    case 'agnhost':
      return agnhost();
    case 'pause':
      return pause();
    case 'busybox':
      return shell(['sh']);
    case 'alpine':
      return shell(['/bin/sh']);
    case 'debian':
      return shell(['bash']);
    case 'ubuntu':
      return shell(['/bin/bash']);
    case 'bash':
      return shell(['bash'], bashEntrypoint);
    default:
      return undefined;
  }
}
