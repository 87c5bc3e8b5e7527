import { readFileSync, readdirSync } from 'node:fs';
import { parseRequestMessage } from './parse-message.js';
const dir = process.argv[2] ?? '/work/shared/samples/requests';
const only = process.argv[3];
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith('.eml'))
  .sort()) {
  if (only && !f.includes(only)) continue;
  const r = await parseRequestMessage(readFileSync(`${dir}/${f}`));
  const exp = JSON.parse(readFileSync(`${dir}/${f.replace('.eml', '.json')}`, 'utf8'));
  const got = {
    eventType: r.eventType,
    window: r.window,
    street: r.place?.street ?? null,
    crossStreet: r.place?.crossStreet ?? null,
    references: r.references.map((x) => x.number),
    requesterType: r.requester.type,
    channel: r.channel,
  };
  const diffs: string[] = [];
  for (const k of Object.keys(got) as (keyof typeof got)[]) {
    const e = exp[k] ?? null;
    const g = got[k];
    const same =
      k === 'references'
        ? JSON.stringify([...(e ?? [])].sort()) === JSON.stringify([...(g as string[])].sort())
        : JSON.stringify(e) === JSON.stringify(g);
    if (!same) diffs.push(`${k}: exp ${JSON.stringify(e)} got ${JSON.stringify(g)}`);
  }
  console.log(f, diffs.length ? 'MISS\n   ' + diffs.join('\n   ') : 'ok', r.problems.join(','));
  if (only) console.log(JSON.stringify(r, null, 1));
}
