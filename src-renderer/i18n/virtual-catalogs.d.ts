/** The build's compiled catalogs (scripts/i18n/vite-catalogs.ts), one module per language. */
declare module 'virtual:catalogs/*' {
  import type { CompiledCatalog } from '../../src-shared/i18n/translator';

  export const catalog: CompiledCatalog;
}
