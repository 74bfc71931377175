/**
 * Where a lazily loaded part of the window (src-renderer/lazy-parts.tsx) is shown: while its
 * chunk loads, the `pending` element (nothing by default); if the chunk cannot be loaded or
 * the part fails while drawing, a message in its place, so the rest of the window stays.
 */

import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';

type BoundaryState = { failure: string | null };

class PartBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { failure: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { failure: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('A part of the window failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.failure === null) return this.props.children;
    return (
      <div className="banner banner-error" role="alert" data-testid="part-failed">
        <p>
          <strong>This part of the window could not be shown.</strong> {this.state.failure}
        </p>
        <p>Reload the window (Ctrl+R) to try again.</p>
      </div>
    );
  }
}

export function PartFrame({ children, pending }: { children: ReactNode; pending?: ReactNode }) {
  return (
    <PartBoundary>
      <Suspense fallback={pending ?? null}>{children}</Suspense>
    </PartBoundary>
  );
}

/** What a panel shows while its chunk loads (rarely seen: chunks are fetched when idle). */
export function PanelPending() {
  return (
    <p role="status" className="muted">
      Loading…
    </p>
  );
}
