/**
 * The reference server's Fastify app, assembled from its plugins: the JSON body rules, the
 * contract's error replies, cookies, the authentication hook, the OpenAPI generator and the
 * shared schemas, and the routes in four plugins (auth, settings, sessions, events), each
 * encapsulated and handed the shared store, clock and event hub as its options. The server
 * options here keep Fastify's own behaviour out of sight: its error bodies, its coercion of
 * what was sent, its logging of secrets, and connections that outlive `close()`.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { Server as HttpsServer } from 'node:https';
import { fastifyCookie } from '@fastify/cookie';
import { fastifySwagger } from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyHttpsOptions, FastifyInstance, FastifyServerOptions } from 'fastify';
import type { HealthResponse } from '../src-shared/quickbox';
import { authRoutes } from './auth-routes';
import { authentication } from './authentication';
import type { Clock } from './clock';
import type { ServerContext } from './context';
import { clientErrorHandler, errorReplies, frameworkErrors } from './error-replies';
import { EventHub } from './event-hub';
import { eventRoutes } from './event-routes';
import { BODY_LIMIT_BYTES, jsonBody } from './json-body';
import { swaggerOptions } from './openapi-info';
import { AJV_OPTIONS } from './request-checks';
import { healthSchema } from './route-schemas';
import { sessionRoutes } from './session-routes';
import { settingsRoutes } from './settings-routes';
import type { Store } from './store';
import { addSharedSchemas } from './wire-schemas';

/** What buildApp needs: the store, the clock and the knobs of the CLI. */
export interface AppOptions {
  store: Store;
  clock: Clock;
  name: string;
  version: string;
  latencyMs: number;
  logger: boolean;
  /** Where the log goes when `logger` is on (default stdout). */
  logStream?: NodeJS.WritableStream;
  heartbeatMs: number;
  sseRetryMs: number;
  /** How long an event stream may wait for its reader before it is closed. */
  sseStallMs: number;
  https: { key: string; cert: string } | null;
}

function serverOptions(options: AppOptions): FastifyServerOptions {
  return {
    bodyLimit: BODY_LIMIT_BYTES,
    ajv: AJV_OPTIONS,
    frameworkErrors,
    clientErrorHandler,
    // Secrets travel in these headers and bodies: never log them (Fastify logs no bodies).
    logger: options.logger
      ? {
          redact: [
            'req.headers.authorization',
            'req.headers.cookie',
            'req.headers["x-api-key"]',
            'res.headers["set-cookie"]',
          ],
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
    trustProxy: false,
    // Close drops every connection at once, open event streams and idle keep-alives alike,
    // so a restart on the same port is clean for clients.
    forceCloseConnections: true,
  };
}

/** Builds the Fastify app of the contract (not listening yet) and its event hub. */
export function buildApp(options: AppOptions): { app: FastifyInstance; hub: EventHub } {
  const common = serverOptions(options);
  const app = (options.https
    ? Fastify({ ...common, https: options.https } as FastifyHttpsOptions<HttpsServer>)
    : Fastify(common)) as unknown as FastifyInstance;
  const hub = new EventHub({ log: options.store, stallMs: options.sseStallMs });
  const context: ServerContext = { store: options.store, clock: options.clock, hub };

  void app.register(jsonBody);
  void app.register(errorReplies);
  void app.register(fastifyCookie);
  void app.register(authentication, context);
  // Before the routes: it collects their schemas as they are added (app.swagger()).
  void app.register(fastifySwagger, swaggerOptions(options.version));
  addSharedSchemas(app);

  if (options.latencyMs > 0) {
    app.addHook('onSend', async () => {
      await sleep(options.latencyMs);
    });
  }

  // In a plugin, as the other routes: a route added right here would come before swagger has
  // loaded and be missing from the document.
  void app.register(async (scope) => {
    scope.get('/api/health', { schema: healthSchema }, async (): Promise<HealthResponse> => ({
      status: 'ok',
      name: options.name,
      version: options.version,
    }));
  });
  void app.register(authRoutes, context);
  void app.register(settingsRoutes, context);
  void app.register(sessionRoutes, context);
  void app.register(eventRoutes, {
    ...context,
    heartbeatMs: options.heartbeatMs,
    sseRetryMs: options.sseRetryMs,
    latencyMs: options.latencyMs,
  });

  return { app, hub };
}
