import { useEffect, useState } from 'react';

/**
 * The width of an element in CSS pixels, followed as it resizes, so a chart can lay
 * itself out at its real size (text never scaled up or down). `fallback` until measured.
 * `ref` is a callback ref: it works also for an element that appears later.
 */
export function useWidth<T extends HTMLElement>(fallback: number) {
  const [element, ref] = useState<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      if (measured && measured > 0) setWidth(Math.round(measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return { ref, width };
}
