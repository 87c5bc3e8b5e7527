/** A request as an officer writes it; Message-ID and Date vary per test. */
export function requestMail(opts: {
  messageId: string;
  from?: string;
  date?: string;
  body?: string;
}): Buffer {
  const body =
    opts.body ??
    [
      'Buongiorno,',
      "si chiedono le immagini del sinistro stradale avvenuto il 21/11/2026 tra le 18:10 e le 18:40 in via Emilia San Pietro all'altezza del civico 12.",
      'Verbale n. 2231/2026.',
      '',
      'Ag. Mario Rossi',
      'matricola 1234',
      'Polizia Locale di Reggio Emilia',
    ].join('\r\n');
  return Buffer.from(
    [
      `From: "Ag. Mario Rossi" <${opts.from ?? 'mario.rossi@comune.reggioemilia.it'}>`,
      'To: richieste@vedetta.local',
      'Subject: Richiesta immagini sinistro via Emilia San Pietro',
      `Date: ${opts.date ?? 'Sun, 22 Nov 2026 20:00:00 +0100'}`,
      `Message-ID: <${opts.messageId}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

/** Polls until `fn` returns something truthy. */
export async function until<T>(fn: () => Promise<T | null | undefined>, ms = 2000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
