import { useEffect, useState } from 'react';
import { api } from '../../api/client';

export interface StreetSuggestion {
  key: string;
  name: string;
  lat: number | null;
  lon: number | null;
}

/** Names from the street register (stradario) matching what is typed; empty until 2 letters. */
export function useStreetSuggestions(text: string): StreetSuggestion[] {
  const [items, setItems] = useState<StreetSuggestion[]>([]);
  const q = text.trim();
  useEffect(() => {
    if (q.length < 2) {
      setItems([]);
      return undefined;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      void api
        .GET('/api/streets', { signal: controller.signal, params: { query: { q } } })
        .then(({ data }) => setItems(data?.items ?? []))
        .catch(() => undefined);
    }, 150);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [q]);
  return items;
}
