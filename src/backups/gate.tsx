import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ErrorPage } from '../../views/pages/error.tsx';
import { pageContext } from '../http/render.tsx';

/** How long a restore waits for writes already under way to finish before giving up. */
const DRAIN_MS = 15_000;

/**
 * Holds requests off while a snapshot is written over the live database in this process: from
 * the start of a restore every request is answered 503 with Retry-After (the tablets' queue
 * sends marks again later), and the restore waits until the writes already under way have
 * finished, so none of them reads the old state and writes into the restored one.
 */
export class RestoreGate {
  private restoring = false;
  private writes = 0;

  /** Whether a restore is under way (everything is answered 503 meanwhile). */
  get closed(): boolean {
    return this.restoring;
  }

  readonly middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (this.restoring) {
      c.header('Retry-After', '10');
      const { t } = c.var;
      return c.html(<ErrorPage page={pageContext(c)} title={t('backups.restoring.title')} body={t('backups.restoring.body')} />, 503);
    }
    const writing = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (writing) this.writes += 1;
    try {
      await next();
    } finally {
      if (writing) this.writes -= 1;
    }
  };

  /**
   * Runs `work` with every other request held off. `ownWrites` is how many of the writes under
   * way belong to the caller (1 from a request, 0 from elsewhere). Answers null, doing nothing,
   * when another restore is running or the writes under way do not finish in time.
   */
  async exclusive<T>(ownWrites: number, work: () => Promise<T>): Promise<T | null> {
    if (this.restoring) return null;
    this.restoring = true;
    try {
      const until = Date.now() + DRAIN_MS;
      while (this.writes > ownWrites) {
        if (Date.now() > until) return null;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return await work();
    } finally {
      this.restoring = false;
    }
  }
}
