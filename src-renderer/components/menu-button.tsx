/**
 * A button that opens a menu, after the WAI-ARIA menu button pattern
 * (https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/): Enter, Space or Down opens it on
 * the first item, Up on the last; arrows, Home and End move; Escape closes it and returns
 * to the button; Tab or a click elsewhere closes it.
 */

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** One entry of a menu. */
export interface MenuItem {
  label: string;
  onSelect(): void;
  disabled?: boolean;
  /** A key combination that does the same, shown beside the label. */
  shortcut?: string;
}

/** Props of a menu button. */
export interface MenuButtonProps {
  /** The button's accessible name. */
  label: string;
  /** What the button shows (defaults to the label). */
  children?: ReactNode;
  items: MenuItem[];
  className?: string;
}

/** A button with its menu. */
export function MenuButton({ label, children, items, className }: MenuButtonProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const trigger = useRef<HTMLButtonElement>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const entries = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (open) entries.current[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent): void => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const show = (index: number): void => {
    setActive(index);
    setOpen(true);
  };
  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };
  const choose = (item: MenuItem): void => {
    if (item.disabled) return;
    close(true);
    item.onSelect();
  };

  const onTriggerKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      show(event.key === 'ArrowDown' ? 0 : items.length - 1);
    }
  };
  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>): void => {
    const last = items.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: active === last ? 0 : active + 1,
      ArrowUp: active === 0 ? last : active - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      setActive(next);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
  };

  return (
    <div className="menu-wrap" ref={wrapper}>
      <button
        ref={trigger}
        id={`${id}-button`}
        type="button"
        className={className}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => (open ? close(false) : show(0))}
        onKeyDown={onTriggerKey}
      >
        {children ?? label}
      </button>
      {open ? (
        <ul
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          className="menu"
          onKeyDown={onMenuKey}
        >
          {items.map((item, index) => (
            <li key={item.label} role="none">
              <button
                ref={(element) => {
                  entries.current[index] = element;
                }}
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-disabled={item.disabled ? true : undefined}
                className="menu-item"
                onClick={() => choose(item)}
                onMouseEnter={() => setActive(index)}
              >
                <span>{item.label}</span>
                {item.shortcut ? (
                  <kbd className="menu-shortcut" aria-hidden="true" data-i18n="data">
                    {item.shortcut}
                  </kbd>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
