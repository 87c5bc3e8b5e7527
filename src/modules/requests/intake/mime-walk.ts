// A minimal MIME walker, only to lift one part out of a message as bytes. mailparser folds an
// inline message/rfc822 part into the text of the envelope, and PEC providers send
// postacert.eml inline, so the original message is taken from the raw structure instead.

interface RawPart {
  headers: Record<string, string>;
  body: string;
}

/** Works on latin1 strings so that every byte maps to one character and back. */
function splitPart(raw: string): RawPart {
  const sep = /\r?\n\r?\n/.exec(raw);
  const head = sep ? raw.slice(0, sep.index) : raw;
  const body = sep ? raw.slice(sep.index + sep[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function param(header: string | undefined, name: string): string | null {
  const m = new RegExp(`(?:^|;)\\s*${name}\\*?\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(
    header ?? '',
  );
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function decodeQuotedPrintable(s: string): string {
  return s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeBody(part: RawPart): Buffer {
  const cte = (part.headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') return Buffer.from(decodeQuotedPrintable(part.body), 'latin1');
  return Buffer.from(part.body, 'latin1');
}

export interface PartInfo {
  contentType: string;
  filename: string | null;
}

/** The decoded content of the first part (depth-first) that `match` accepts, or null. */
export function findPart(raw: Buffer, match: (p: PartInfo) => boolean): Buffer | null {
  const walk = (text: string, depth: number): Buffer | null => {
    const part = splitPart(text);
    const type = part.headers['content-type'] ?? 'text/plain';
    const info = {
      contentType: type.split(';')[0]!.trim().toLowerCase(),
      filename: param(part.headers['content-disposition'], 'filename') ?? param(type, 'name'),
    };
    if (depth > 0 && match(info)) return decodeBody(part);
    const boundary = param(type, 'boundary');
    if (!info.contentType.startsWith('multipart/') || !boundary || depth > 8) return null;
    const delimiter = `--${boundary}`;
    const pieces = part.body.split(
      new RegExp(`(?:^|\\r?\\n)${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      const found = walk(piece.replace(/^[ \t]*\r?\n/, ''), depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(raw.toString('latin1'), 0);
}
