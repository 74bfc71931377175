/**
 * Where the first panel's time goes, for `bench/renderer-startup.ts`: every request the page
 * makes to the core (its channel, when it was sent and answered) and the page's own timeline
 * (the document answered, the start-up script and style sheet loaded, DOMContentLoaded, the
 * first paint), all on one clock (milliseconds since the navigation began), so that each run
 * can be read as a chain: navigation -> script evaluated (the first request sent) -> the
 * list answered -> the settings answered -> the panel painted.
 */

import type { Page } from '@playwright/test';
import { performance } from 'node:perf_hooks';
import { median } from './stats';

/** One request the page made: its channel, sent and answered (ms since navigation). */
export interface RequestSpan {
  channel: string;
  sent: number;
  answered: number;
  /** On the page's side: the call made, the answer received. */
  pageSent: number;
  pageReceived: number;
}

/** The milestones of one run, in ms since the navigation began. */
export interface StartupRun {
  /** The document (index.html) fully received. */
  document: number;
  /** The start-up script (the entry chunk) fully received. */
  script: number;
  /** DOMContentLoaded ended (the module script has run). */
  domContentLoaded: number;
  /** The first request sent to the core (the entry has been evaluated). */
  firstRequest: number;
  /** The selected server's settings answered. */
  settingsAnswered: number;
  /** The first contentful paint (Loading…, or the sidebar). */
  firstContentfulPaint: number;
  /** The panel's picture entered the document (React committed the filled panel). */
  panelInserted: number;
  /** The frame that draws that commit (its animation-frame callback), seen in the page. */
  panelPainted: number;
  /** The panel seen by the bench (what it times: the page's paint plus the polling). */
  panel: number;
  requests: RequestSpan[];
}

/** The clock both sides share: epoch milliseconds with sub-millisecond precision. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** Records the requests of the current run. */
export class RequestLog {
  private spans: { channel: string; sent: number; answered: number }[] = [];

  /** Wraps one core call; the times are epoch ms until `take` makes them relative. */
  async record<T>(channel: string, call: () => Promise<T>): Promise<T> {
    const span = { channel, sent: epochNow(), answered: Number.NaN };
    this.spans.push(span);
    try {
      return await call();
    } finally {
      span.answered = epochNow();
    }
  }

  /** The spans since the last take, relative to `origin` (epoch ms). */
  take(origin: number): Omit<RequestSpan, 'pageSent' | 'pageReceived'>[] {
    const taken = this.spans.map((span) => ({
      channel: span.channel,
      sent: span.sent - origin,
      answered: span.answered - origin,
    }));
    this.spans = [];
    return taken;
  }
}

/**
 * Added after the wiring: times each request on the page's side too (sent, answer received),
 * and notes when the panel's picture entered the document and the frame that draws it, so that
 * the bench's own polling is not counted in the breakdown.
 */
export const PAGE_PROBE = `(() => {
  const spans = (globalThis.__qbSpans = []);
  const invoke = globalThis.__quickboxInvoke;
  globalThis.__quickboxInvoke = async (channel, payload) => {
    const span = { channel, sent: performance.now(), received: NaN };
    spans.push(span);
    try { return await invoke(channel, payload); } finally { span.received = performance.now(); }
  };
  const seen = () => {
    if (globalThis.__qbPanel !== undefined) return;
    if (!document.querySelector('.lifetime-svg')) return;
    globalThis.__qbPanel = performance.now();
    // The frame that draws the commit: its paint follows its animation-frame callbacks.
    requestAnimationFrame(() => (globalThis.__qbPainted = performance.now()));
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true });
})();`;

interface PageTimeline {
  origin: number;
  spans: { channel: string; sent: number; received: number }[];
  inserted: number;
  painted: number;
  document: number;
  script: number;
  domContentLoaded: number;
  firstContentfulPaint: number;
}

/** Reads the page's own timeline (relative to its navigation start, which is `origin`). */
async function pageTimeline(page: Page): Promise<PageTimeline> {
  return (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const script = performance.getEntriesByType('resource').find((r) => /\\/index-[^/]*\\.js$/.test(r.name));
    const fcp = performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint');
    return {
      origin: performance.timeOrigin,
      document: nav ? nav.responseEnd : NaN,
      script: script ? script.responseEnd : NaN,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN,
      firstContentfulPaint: fcp ? fcp.startTime : NaN,
      spans: globalThis.__qbSpans ?? [],
      inserted: globalThis.__qbPanel ?? NaN,
      painted: globalThis.__qbPainted ?? NaN,
    };
  })()`)) as PageTimeline;
}

/** The run's milestones, given the epoch ms at which the panel was seen painted. */
export async function readRun(page: Page, log: RequestLog, panelAt: number): Promise<StartupRun> {
  await page.waitForFunction('globalThis.__qbPainted !== undefined');
  const timeline = await pageTimeline(page);
  const pageSpans = [...timeline.spans];
  const requests = log.take(timeline.origin).map((span) => {
    // The k-th call of a channel on one side is the k-th on the other.
    const at = pageSpans.findIndex((entry) => entry.channel === span.channel);
    const [mine] = at >= 0 ? pageSpans.splice(at, 1) : [];
    return {
      ...span,
      pageSent: mine?.sent ?? Number.NaN,
      pageReceived: mine?.received ?? Number.NaN,
    };
  });
  const settings = requests.find((request) => request.channel === 'settings:get');
  return {
    document: timeline.document,
    script: timeline.script,
    domContentLoaded: timeline.domContentLoaded,
    firstRequest: Math.min(...requests.map((request) => request.sent)),
    settingsAnswered: settings ? settings.answered : Number.NaN,
    firstContentfulPaint: timeline.firstContentfulPaint,
    panelInserted: timeline.inserted,
    panelPainted: timeline.painted,
    panel: panelAt - timeline.origin,
    requests,
  };
}

const MILESTONES: [keyof Omit<StartupRun, 'requests'>, string][] = [
  ['document', 'index.html received'],
  ['script', 'start-up script received'],
  ['firstRequest', 'entry evaluated (first request sent)'],
  ['domContentLoaded', 'DOMContentLoaded ended'],
  ['firstContentfulPaint', 'first contentful paint'],
  ['settingsAnswered', 'first server settings answered'],
  ['panelInserted', 'panel filled (committed)'],
  ['panelPainted', 'panel painted (in the page)'],
  ['panel', 'panel seen by the bench'],
];

/** Prints the median of each milestone and of each request, in ms since navigation. */
export function printBreakdown(runs: StartupRun[]): void {
  const fixed = (value: number): string => value.toFixed(0).padStart(5);
  console.log('breakdown (median over the runs, ms since navigation):');
  for (const [key, label] of MILESTONES) {
    console.log(`  ${fixed(median(runs.map((run) => run[key])))}  ${label}`);
  }
  const channels = [...new Set(runs.flatMap((run) => run.requests.map((r) => r.channel)))];
  for (const channel of channels) {
    const spans = runs.flatMap((run) => run.requests.filter((r) => r.channel === channel));
    const sent = median(spans.map((span) => span.sent));
    const answered = median(spans.map((span) => span.answered));
    const pageSent = median(spans.map((span) => span.pageSent));
    const pageReceived = median(spans.map((span) => span.pageReceived));
    console.log(
      `  request ${channel}: page sent ${fixed(pageSent)}, core got ${fixed(sent)}, core answered ${fixed(answered)}, page got ${fixed(pageReceived)}`,
    );
  }
}
