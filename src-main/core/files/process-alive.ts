/**
 * Whether a process id names a running process, for locks and records that name the
 * process that wrote them (the app's single-instance lock read by qbsc, the demo's record
 * of a run): a lock or record whose process is gone was left by a crash.
 */

/** Whether the process runs now (under this user or another). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
