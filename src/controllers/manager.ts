// Runs a set of controllers against an API server, as kube-controller-manager does: shared
// informers first, then each controller once its caches are warm.
import { ApiError } from '../api/errors.ts';
import { EventRecorder, RestClient } from '../client/index.ts';
import type { Controller, ControllerContext, ControllerFactory } from './controller.ts';
import { SharedInformers } from './shared-informers.ts';

export interface ControllerManagerOptions {
  server: string;
  log?: (msg: string, err?: unknown) => void;
  /** Periodic full resync of every informer (default 5 minutes, as level-based safety net). */
  resyncMs?: number;
}

export class ControllerManager {
  readonly #rest: RestClient;
  readonly #informers: SharedInformers;
  readonly #controllers: Controller[] = [];

  constructor(factories: ControllerFactory[], opts: ControllerManagerOptions) {
    const base = opts.log ?? ((msg, err) => console.error(msg, err ?? ''));
    // A Conflict is optimistic concurrency doing its job: the work queue retries on the newer
    // object, so it is not worth an error line.
    const log = (msg: string, err?: unknown) => {
      if (err instanceof ApiError && err.reason === 'Conflict') return;
      base(msg, err);
    };
    this.#rest = new RestClient(opts.server, 'portico-controller-manager');
    this.#informers = new SharedInformers(this.#rest, { log, resyncMs: opts.resyncMs ?? 300_000 });
    const ctx: ControllerContext = {
      rest: this.#rest,
      informers: this.#informers,
      recorder: (component) => new EventRecorder(this.#rest, component, { log }),
      log,
    };
    for (const f of factories) this.#controllers.push(f(ctx));
  }

  get names(): string[] {
    return this.#controllers.map((c) => c.name);
  }

  async start(): Promise<void> {
    await this.#informers.start();
    for (const c of this.#controllers) c.start();
  }

  stop(): void {
    for (const c of this.#controllers) c.stop();
    this.#informers.stop();
    this.#rest.close();
  }
}
