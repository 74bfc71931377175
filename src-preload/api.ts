/**
 * The renderer-facing API, built by ONE factory from a transport. The real preload passes
 * an `ipcRenderer` transport; the e2e harness passes a Playwright binding into the same
 * core handlers. One named function per channel, grouped by domain; subscriptions return
 * their unsubscribe function. There is deliberately no generic `invoke(channel)` or
 * `on(channel)`: see https://www.electronjs.org/docs/latest/tutorial/context-isolation#security-considerations
 */

import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  type EventChannel,
  type EventMap,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
  type Result,
} from '../src-shared/ipc-contract';

/** How the API reaches main: one invoke, one subscribe. */
export interface ApiTransport {
  invoke(channel: RequestChannel, payload: unknown): Promise<unknown>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;
type DomainOf<C extends string> = C extends `${infer Domain}:${string}` ? Domain : never;

type RequestFunction<C extends RequestChannel> =
  undefined extends RequestOf<C>
    ? (payload?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
    : (payload: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

type RequestDomain<D extends string> = {
  [C in RequestChannel as C extends `${D}:${infer Verb}` ? Camel<Verb> : never]: RequestFunction<C>;
};
type EventDomain<D extends string> = {
  [C in EventChannel as C extends `${D}:${infer Verb}` ? `on${Capitalize<Camel<Verb>>}` : never]: (
    listener: (payload: EventMap[C]) => void,
  ) => () => void;
};

/** The API object the renderer sees as `window.quickbox`. */
export type QuickBoxApi = {
  [D in DomainOf<RequestChannel> | DomainOf<EventChannel>]: RequestDomain<D> & EventDomain<D>;
};

function camel(verb: string): string {
  return verb.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function split(channel: string): [string, string] {
  const [domain = '', verb = ''] = channel.split(':');
  return [domain, verb];
}

/** Builds the API object from a transport; transport failures become `internal` errors. */
export function createApi(transport: ApiTransport): QuickBoxApi {
  const api: Record<string, Record<string, unknown>> = {};
  const domain = (name: string): Record<string, unknown> => (api[name] ??= {});
  for (const channel of REQUEST_CHANNELS) {
    const [name, verb] = split(channel);
    domain(name)[camel(verb)] = async (payload?: unknown): Promise<Result<unknown>> => {
      try {
        return (await transport.invoke(channel, payload)) as Result<unknown>;
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `The app could not reach its main process (${error instanceof Error ? error.message : String(error)}).`,
          },
        };
      }
    };
  }
  for (const channel of EVENT_CHANNELS) {
    const [name, verb] = split(channel);
    const method = `on${camel(verb).replace(/^./, (c) => c.toUpperCase())}`;
    domain(name)[method] = (listener: (payload: unknown) => void): (() => void) => {
      if (typeof listener !== 'function')
        throw new TypeError(`${method} needs a listener function`);
      return transport.subscribe(channel, listener);
    };
  }
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api) as unknown as QuickBoxApi;
}
