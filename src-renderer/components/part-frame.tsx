/**
 * Where a lazily loaded part of the window (src-renderer/lazy-parts.tsx) is shown: while its
 * chunk loads, the `pending` element (nothing by default); if the chunk cannot be loaded or
 * the part fails while drawing, a message in its place, so the rest of the window stays.
 */

import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/translator-context';

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
    return <PartFailed failure={this.state.failure} />;
  }
}

function PartFailed({ failure }: { failure: string }) {
  const t = useT();
  return (
    <div className="banner banner-error" role="alert" data-testid="part-failed">
      <p className="inline-gap">
        <strong>{t.t('app.part.failed')}</strong>
        <span>{failure}</span>
      </p>
      <p>{t.t('app.part.reload')}</p>
    </div>
  );
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
  const t = useT();
  return (
    <p role="status" className="muted">
      {t.t('app.loading')}
    </p>
  );
}
