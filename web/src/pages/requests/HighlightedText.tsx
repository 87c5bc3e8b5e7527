import { useT } from '../../i18n';
import type { ParsedField } from './requestsApi';

interface Span {
  field: ParsedField;
  start: number;
  end: number;
}

type Piece = { text: string; field: ParsedField | null; key: number };

/** Splits `text` at the spans (sorted; an overlapping span is clipped to what follows the last). */
function pieces(text: string, spans: readonly Span[]): Piece[] {
  const sorted = spans
    .filter((s) => s.end > s.start && s.start < text.length)
    .slice()
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Piece[] = [];
  let at = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, text.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), field: null, key: at });
    out.push({ text: text.slice(start, end), field: span.field, key: start });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), field: null, key: at });
  return out;
}

/** The message as received, with the parts the parser read each field from highlighted. */
export function HighlightedText({ text, spans }: { text: string; spans: readonly Span[] }) {
  const t = useT();
  return (
    <pre className="vd-request-message" data-testid="request-message">
      {pieces(text, spans).map((piece) =>
        piece.field ? (
          <mark
            key={piece.key}
            data-field={piece.field}
            title={t(`requests.fieldNames.${piece.field}`)}
          >
            {piece.text}
          </mark>
        ) : (
          <span key={piece.key}>{piece.text}</span>
        ),
      )}
    </pre>
  );
}
