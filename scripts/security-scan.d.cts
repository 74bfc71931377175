/** One finding of Electronegativity. */
export interface SecurityFinding {
  id: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  confidence: 'TENTATIVE' | 'FIRM' | 'CERTAIN';
  file: string;
  line: number;
  description: string;
  manualReview: boolean;
}
/** A check switched off on one line of the sources by an `eng-disable` comment. */
export interface InlineException {
  check: string;
  file: string;
  line: number;
}
/** What a scan found: how many checks ran, files it could not parse, and its findings. */
export interface SecurityScan {
  checks: number;
  /** Checks switched off in the sources by an `eng-disable` comment. */
  inlineExceptions: InlineException[];
  errors: { file: string; message: string }[];
  findings: SecurityFinding[];
}
/** The folders scanned together. */
export const SOURCE_FOLDERS: readonly string[];
/** The Electron version the checks assume (`-e`). */
export const ELECTRON_VERSION: string;
/** Whether a finding fails the scan: HIGH or MEDIUM, of FIRM or CERTAIN confidence. */
export function isBlocking(finding: SecurityFinding): boolean;
/** Every `eng-disable` comment in the source folders of the project at `root`. */
export function inlineExceptions(root: string): InlineException[];
/** Runs Electronegativity over the source folders of the project at `root`. */
export function scanSources(root?: string): Promise<SecurityScan>;
/** The scan as text: one line per finding, then the verdict. */
export function formatScan(scan: SecurityScan): string;
