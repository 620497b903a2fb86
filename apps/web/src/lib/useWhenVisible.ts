import { type RefObject, useEffect, useEffectEvent } from 'react';

/**
 * Calls `onVisible` when `target` comes within `rootMargin` of the viewport (infinite scroll). It
 * watches only while `active`, and checks again each time `active` turns on: a page that loads while
 * the end of the list is still in view asks for the next one at once.
 */
export function useWhenVisible(target: RefObject<Element | null>, onVisible: () => void, active: boolean, rootMargin: string): void {
  const notify = useEffectEvent(onVisible);
  useEffect(() => {
    const element = target.current;
    if (!active || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) notify();
      },
      { rootMargin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [target, active, rootMargin]);
}
