// The layering rule as an allow-list (`layering/allowed-imports`): a file of a layer may
// import only the folders and packages its layer lists; everything else is refused. A
// relative path is resolved from the importing file, so the rule reads the same at any depth
// (src-main/core/x.ts or src-main/core/fleet/x.ts). The layers themselves are listed in
// eslint.config.mjs; a file in no layer (tests, configs) is not checked.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** The Node built-ins, as a layer's `packages` names them. */
export const NODE_BUILTINS = 'node built-ins';
/** Any package the repository depends on (the tooling layers). */
export const ANY_PACKAGE = 'any package';

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names: `react-dom/client` is react-dom, `@a/b/c` is @a/b. */
export function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Whether `place` (a repository path) is `entry` or inside it (`entry` a folder or a file without extension). */
export function isInside(place, entry) {
  const bare = place.replace(/\.(d\.ts|tsx?|mts|cts|mjs|cjs|js|json)$/, '');
  return place === entry || bare === entry || place.startsWith(`${entry}/`);
}

/** The layer of a repository path: the longest layer name it is inside, or undefined. */
export function layerOf(place, layers) {
  return Object.keys(layers)
    .filter((layer) => isInside(place, layer))
    .sort((a, b) => b.length - a.length)[0];
}

function packageAllowed(name, allowed) {
  if (allowed.includes(ANY_PACKAGE)) return true;
  const builtin = name.startsWith('node:') || BUILTINS.has(name);
  return builtin ? allowed.includes(NODE_BUILTINS) : allowed.includes(name);
}

const typeOnlyImport = (node) =>
  node.importKind === 'type' ||
  (node.specifiers.length > 0 &&
    node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));

/** @type {import('eslint').Rule.RuleModule} */
export const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only the folders and packages it lists.' },
    schema: [{ type: 'object', properties: { layers: { type: 'object' } }, required: ['layers'] }],
    messages: {
      folder:
        '{{from}} may not import {{target}} ({{specifier}}): it may import {{allowed}}. {{why}}',
      typesOnly: '{{from}} may import only types from {{target}} ({{specifier}}). {{why}}',
      package:
        "{{from}} may not import the package '{{name}}': its packages are {{allowed}}. {{why}}",
    },
  },
  create(context) {
    const { layers } = context.options[0];
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const from = layerOf(file, layers);
    if (from === undefined) return {};
    const layer = layers[from];
    const why = layer.why ?? '';

    const check = (node, specifier, typeOnly) => {
      if (typeof specifier !== 'string') return;
      const written = specifier.replace(/\?.*$/, '');
      if (!written.startsWith('.')) {
        const name = packageOf(written);
        if (!packageAllowed(name, layer.packages)) {
          const allowed = layer.packages.join(', ') || 'none';
          context.report({ node, messageId: 'package', data: { from, name, allowed, why } });
        }
        return;
      }
      const place = path.posix.normalize(path.posix.join(path.posix.dirname(file), written));
      if (layer.may.some((entry) => isInside(place, entry))) return;
      const target =
        layerOf(place, layers) ?? (place.startsWith('..') ? place : place.split('/')[0]);
      const data = { from, target, specifier, why, allowed: layer.may.join(', ') };
      if ((layer.types ?? []).some((entry) => isInside(place, entry))) {
        if (!typeOnly) context.report({ node, messageId: 'typesOnly', data });
        return;
      }
      context.report({ node, messageId: 'folder', data });
    };

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value, typeOnlyImport(node)),
      ExportNamedDeclaration: (node) =>
        node.source && check(node.source, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) =>
        check(node.source, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) =>
        node.source.type === 'Literal' && check(node.source, node.source.value, false),
      TSImportType: (node) => {
        const literal = node.argument?.literal ?? node.argument;
        if (literal?.type === 'Literal') check(literal, literal.value, true);
      },
      CallExpression: (node) => {
        const [first] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          if (first?.type === 'Literal') check(first, first.value, false);
      },
    };
  },
};

export const layeringPlugin = { rules: { 'allowed-imports': allowedImports } };
