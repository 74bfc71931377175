/**
 * The renderer entry: one store over `window.quickbox` (the preload API), subscribed to
 * the main-process events, rendered into #root in the start language (its catalog loads
 * beside the first requests). Drift and the lazy parts' chunks are read once the first
 * panel is filled (state/startup.ts).
 */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { QuickBoxApi } from '../src-preload/api';
import { App } from './app';
import { loadPartsWhenIdle } from './lazy-parts';
import { afterFirstScreen } from './state/startup';
import { connectStore, createAppStore } from './state/store';
import { StoreContext } from './store-context';
import { startLocale } from './i18n/start-locale';
import { WindowLanguage } from './i18n/translator-context';
import { showLanguage, startLanguage } from './i18n/window-language';
import './styles.css';
import './fleet.css';
import './fleet-dialogs.css';
import './drift.css';

declare global {
  interface Window {
    /** The typed API the preload (or the e2e harness) exposes. */
    quickbox: QuickBoxApi;
  }
}

const locale = startLocale(window.location, navigator.languages);
const language = startLanguage(locale);
const api = window.quickbox;
const store = createAppStore(api);
connectStore(store, api);
// A language chosen in the window or the tray: every visible word changes, without a reload.
api.events.onLanguage(({ locale }) => {
  void language.catch(() => undefined).then(() => showLanguage(locale));
});
void store.getState().loadLanguage();
void store.getState().loadServers();
afterFirstScreen(store, () => {
  void store.getState().loadDrift();
  loadPartsWhenIdle();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const reactRoot = createRoot(root);

/** Renders the window in the language shown. */
function render(): void {
  reactRoot.render(
    <StrictMode>
      <WindowLanguage>
        <StoreContext.Provider value={store}>
          <App />
        </StoreContext.Provider>
      </WindowLanguage>
    </StrictMode>,
  );
}

void language.then(render, async (error: unknown) => {
  // A catalog chunk that cannot load leaves the window usable, in English.
  console.error('The language catalog did not load', error);
  await startLanguage('en');
  render();
});
