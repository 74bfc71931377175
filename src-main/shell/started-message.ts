/**
 * The log line the shell writes once start-up has opened the window. Its own module, free of
 * Electron, so CI's packaged-app check (scripts/check-packaged.ts) can wait for the same text.
 */
export const STARTED_MESSAGE = 'app: started';
