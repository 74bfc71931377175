/** Webhook sinks (filled in with the webhook delivery). */

import type { Logger } from '../../src-main/core/logger';
import type { WatchConfig } from './config';
import type { WatchMetrics } from './metrics';
import type { NoticeSink } from './notice';

export async function webhookSinks(
  _config: WatchConfig,
  _deps: { stateDir: string; logger: Logger; metrics: WatchMetrics; env: NodeJS.ProcessEnv },
): Promise<NoticeSink[]> {
  return [];
}
