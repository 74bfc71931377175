#!/usr/bin/env node
// `npm run security:scan`: Electronegativity over the app's four source folders together
// (src-main, src-preload, src-renderer, src-shared), for Electron 45.5.0. It prints every
// finding and fails when one is HIGH or MEDIUM with FIRM or CERTAIN confidence. The CLI of
// Electronegativity 1.10 cannot start beside commander 14 (it uses commander 2's global
// `program`, and does not declare the dependency), so this calls its library API, which
// the CLI itself calls with the same options. One input path is all it takes, so the four
// folders are copied into one temporary folder: the global checks (CSP, navigation, the
// permission handler) must see main and renderer together.
const { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { Module } = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

const SOURCE_FOLDERS = ['src-main', 'src-preload', 'src-renderer', 'src-shared'];
const ELECTRON_VERSION = '45.5.0';
// It downloads Electron's release list and reports fixes for an Electron version it finds in
// a package.json among the inputs; the sources have none (the version is given), so it can
// report nothing here, and a scan must not depend on the network.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const SEVERITY = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
const CONFIDENCE = { TENTATIVE: 0, FIRM: 1, CERTAIN: 2 };

/** Whether a finding fails the scan: HIGH or MEDIUM, of FIRM or CERTAIN confidence. */
function isBlocking(finding) {
  return (
    SEVERITY[finding.severity] >= SEVERITY.MEDIUM &&
    CONFIDENCE[finding.confidence] >= CONFIDENCE.FIRM
  );
}

/**
 * The findings switched off in the sources with an `eng-disable` comment (each one after a
 * review, with its reason beside it), so the output shows them instead of hiding them.
 */
function inlineExceptions(root) {
  const found = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          const match = /eng-disable[ \t]+([\w \t]+)/.exec(text);
          if (match) {
            const relativeFile = file
              .slice(root.length + 1)
              .split('\\')
              .join('/');
            for (const check of match[1].trim().split(/[ \t]+/))
              found.push({ check, file: relativeFile, line: index + 1 });
          }
        });
    }
  }
  return found;
}

/**
 * Electronegativity fetches translations for $LANG from S3 before every scan, with got 11,
 * whose retry path throws an uncaught error on Node 24 when the name does not resolve (no
 * network): the scan crashed after its verdict. The scan keeps to the English texts the
 * package ships and makes no request: the got it loads refuses every call, which it takes
 * as "no updated translations" (its only other use of got is the excluded check above).
 */
function keepOffline() {
  const electronegativity = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = require.resolve('got', { paths: [electronegativity] });
  const offline = new Module(gotPath);
  offline.filename = gotPath;
  offline.loaded = true;
  offline.exports = () => Promise.reject(new Error('the security scan makes no requests'));
  require.cache[gotPath] = offline;
}

/** Runs Electronegativity over the source folders of the project at `root`. */
async function scanSources(root = resolve(__dirname, '..')) {
  const input = mkdtempSync(join(tmpdir(), 'qb-electronegativity-'));
  try {
    keepOffline();
    for (const folder of SOURCE_FOLDERS)
      cpSync(join(root, folder), join(input, folder), { recursive: true });
    const run = require('@doyensec/electronegativity');
    const result = await run({
      input,
      electronVersionOverride: ELECTRON_VERSION,
      excludeFromScan: EXCLUDED_CHECKS,
      isRelative: true,
    });
    const findings = result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      line: issue.location ? issue.location.line : 0,
      description: issue.description,
      manualReview: Boolean(issue.manualReview),
    }));
    findings.sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id),
    );
    return {
      checks: result.globalChecks + result.atomicChecks,
      inlineExceptions: inlineExceptions(root),
      errors: result.errors.map((error) => ({ file: error.file, message: error.message })),
      findings,
    };
  } finally {
    rmSync(input, { recursive: true, force: true });
  }
}

/** The scan as text: one line per finding, then the verdict. */
function formatScan(scan) {
  const lines = [
    `Electronegativity ${require('@doyensec/electronegativity/package.json').version}, Electron ${ELECTRON_VERSION}, ${scan.checks} checks over ${SOURCE_FOLDERS.join(', ')}`,
  ];
  for (const error of scan.errors) lines.push(`  parse error: ${error.file}: ${error.message}`);
  for (const exception of scan.inlineExceptions) {
    lines.push(
      `  reviewed, disabled inline: ${exception.check}  ${exception.file}:${exception.line}`,
    );
  }
  for (const f of scan.findings) {
    lines.push(
      `  ${f.severity} | ${f.confidence}  ${f.id}  ${f.file}:${f.line}  ${f.description}${f.manualReview ? ' (review)' : ''}`,
    );
  }
  const blocking = scan.findings.filter(isBlocking);
  lines.push(
    blocking.length === 0
      ? `${scan.findings.length} findings, none HIGH or MEDIUM of FIRM or CERTAIN confidence.`
      : `${blocking.length} findings are HIGH or MEDIUM of FIRM or CERTAIN confidence.`,
  );
  return lines.join('\n');
}

if (require.main === module) {
  scanSources()
    .then((scan) => {
      console.log(formatScan(scan));
      process.exitCode = scan.findings.some(isBlocking) || scan.errors.length > 0 ? 1 : 0;
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exitCode = 1;
    });
}

exports.SOURCE_FOLDERS = SOURCE_FOLDERS;
exports.ELECTRON_VERSION = ELECTRON_VERSION;
exports.isBlocking = isBlocking;
exports.inlineExceptions = inlineExceptions;
exports.scanSources = scanSources;
exports.formatScan = formatScan;
