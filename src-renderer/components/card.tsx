/**
 * A titled card of a settings panel: a section named by its heading, so that assistive
 * technology announces the card by its title.
 */

import type { ReactNode } from 'react';

/** A section with a card title; `id` ties the section to its heading. */
export function Card({
  id,
  title,
  children,
}: {
  id: string;
  title: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id} className="card-title">
        {title}
      </h3>
      {children}
    </section>
  );
}
