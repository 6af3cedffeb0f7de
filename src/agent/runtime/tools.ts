// The host programs the runtime builds on (util-linux and coreutils), found once on the
// agent's own PATH — never on the container's, which the container controls.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PATH } from './executable.ts';

export interface HostTools {
  sh: string;
  setsid?: string;
  env?: string;
  /** True when `env --default-signal` works (coreutils 8.31+). */
  envDefaultSignal: boolean;
  mkfifo?: string;
  unshare?: string;
  nsenter?: string;
  mount?: string;
  script?: string;
  stty?: string;
}

export function findTool(name: string): string | undefined {
  const dirs = `${process.env.PATH ?? ''}:${DEFAULT_PATH}`.split(':').filter((d) => path.isAbsolute(d));
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {}
  }
  return undefined;
}

export function findHostTools(probe: (argv: string[]) => boolean): HostTools {
  const env = findTool('env');
  return {
    sh: fs.existsSync('/bin/sh') ? '/bin/sh' : (findTool('sh') ?? '/bin/sh'),
    setsid: findTool('setsid'),
    env,
    envDefaultSignal: env !== undefined && probe([env, '--default-signal', 'true']),
    mkfifo: findTool('mkfifo'),
    unshare: findTool('unshare'),
    nsenter: findTool('nsenter'),
    mount: findTool('mount'),
    script: findTool('script'),
    stty: findTool('stty'),
  };
}
