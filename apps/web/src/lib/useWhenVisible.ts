import { type RefObject, useEffect, useEffectEvent } from 'react';

/**
 * Calls `onVisible` when `target` comes within `rootMargin` of the viewport (infinite scroll). It
 * watches while `watch` is not null (e.g. the cursor the next page starts after) and checks again at
 * once when `watch` changes: a page that loads while the end of the list is still in view asks for
 * the next one.
 */
export function useWhenVisible(target: RefObject<Element | null>, onVisible: () => void, watch: string | null, rootMargin: string): void {
  const notify = useEffectEvent(onVisible);
  useEffect(() => {
    const element = target.current;
    if (watch === null || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) notify();
      },
      { rootMargin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [target, watch, rootMargin]);
}
