/**
 * The app's one identifier: Windows' Application User Model ID, which the installer's
 * shortcut must carry for toasts to show, and electron-builder's `appId` when packaging
 * lands (one value, so the shortcut and the running app always agree).
 * Why: https://www.electronjs.org/docs/latest/tutorial/notifications#windows
 */
export const APP_ID = 'io.quickbox.session-companion';
