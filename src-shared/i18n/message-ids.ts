/**
 * Message ids, typed from the English catalogs (the source language): an id that no catalog
 * has fails typecheck where it is used. Each catalog area has its own prefix: `common.`
 * (shared by the window, the tray and qbsc: settings rules, errors, states, units), `app.`
 * (the window's first screen and everything not in the fleet view), `fleet.` (the window's
 * fleet view and its dialogs: loaded with them), `shell.` (the tray, menus, notifications and
 * native dialogs) and `cli.` (qbsc).
 */

import type app from './catalogs/en/app.json';
import type cli from './catalogs/en/cli.json';
import type common from './catalogs/en/common.json';
import type fleet from './catalogs/en/fleet.json';
import type shell from './catalogs/en/shell.json';

/** The catalog areas, each a JSON file per language: catalogs/<language>/<area>.json. */
export const CATALOG_AREAS = ['common', 'app', 'fleet', 'shell', 'cli'] as const;

/** A catalog area. */
export type CatalogArea = (typeof CATALOG_AREAS)[number];

/** The window's catalog chunks: `app` (with `common`) at start, `fleet` with the fleet view. */
export type WindowCatalogPart = 'app' | 'fleet';

/** A message every program has. */
export type CommonMessageId = keyof typeof common;

/** A message the window shows. */
export type WindowMessageId = CommonMessageId | keyof typeof app | keyof typeof fleet;

/** A message the shell (tray, menus, notifications, native dialogs) shows. */
export type ShellMessageId = CommonMessageId | keyof typeof shell;

/** A message qbsc prints. */
export type CliMessageId = CommonMessageId | keyof typeof cli;

/** Any message of the app. */
export type MessageId = WindowMessageId | ShellMessageId | CliMessageId;
