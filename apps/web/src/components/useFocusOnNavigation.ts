import { useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';

/**
 * After a navigation to another page (not a change of its search or filters), moves the focus to
 * the new page's heading, as a screen reader user expects from a page change: otherwise it stays on
 * the menu link that was pressed, and nothing announces the new page. A page that put the focus
 * somewhere in its content itself (a panel with a one-time secret) keeps it. Used once, at the
 * root: its effect runs after the new page's own effects.
 */
export function useFocusOnNavigation(): void {
  const pathname = useRouterState({ select: (state) => state.resolvedLocation?.pathname });
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    const initial = previous.current === undefined;
    previous.current = pathname;
    if (initial) return;
    return focusHeadingSoon();
  }, [pathname]);
}

/** Focuses the page's h1 once it is rendered (the page may still show its loading state). */
function focusHeadingSoon(): () => void {
  let frames = 0;
  const attempt = () => {
    const main = document.querySelector('main');
    const active = document.activeElement;
    if (active && active !== document.body && main?.contains(active)) return;
    const heading = main?.querySelector<HTMLElement>('h1') ?? document.querySelector<HTMLElement>('h1');
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
      return;
    }
    frames += 1;
    // Up to about two seconds at 60 frames a second.
    if (frames < 120) handle = requestAnimationFrame(attempt);
  };
  let handle = requestAnimationFrame(attempt);
  return () => cancelAnimationFrame(handle);
}
