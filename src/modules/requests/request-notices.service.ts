import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { NotFound, ValidationFailed } from '../../platform/errors.js';
import type { Outbox, OutboxItem } from '../../platform/mail/outbox.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import { romeLabel } from './acknowledgement.js';
import {
  DEFAULT_TEMPLATES,
  NOTICE_KEYS,
  PLACEHOLDERS,
  REQUEST_TEMPLATE,
  renderTemplate,
  unknownPlaceholders,
  type NoticeKey,
  type NoticeTemplate,
} from './notice-templates.js';
import { toSummary, type RequestSettings } from './request-record.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import type { RequestSummary } from './requests.schemas.js';

const DASH = '—';
const EVENT_LABELS: Record<string, string> = {
  sinistro_stradale: 'sinistro stradale',
  danneggiamento: 'danneggiamento',
  furto: 'furto',
  aggressione: 'aggressione',
  altro: 'altro',
};
export const NEGATIVE_LABELS: Record<string, string> = {
  no_camera: 'nessuna telecamera inquadra il luogo',
  camera_offline: 'telecamera non funzionante nel periodo indicato',
  footage_expired: 'immagini già cancellate alla scadenza della conservazione',
  not_entitled: 'richiedente non legittimato ad ottenere le immagini',
  other: 'altro motivo',
};

export interface NoticeTemplateView {
  key: NoticeKey;
  subject: string;
  body: string;
  custom: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** What the placeholders become for one request. */
export function noticeValues(
  r: RequestSummary,
  extra: {
    holdCameras?: string[];
    link?: string | null;
    evidence?: string | null;
    reason?: string | null;
  } = {},
): Record<string, string> {
  const q = r.requester;
  const who = [q.rank, q.name].filter(Boolean).join(' ');
  const place = [r.place.street ?? r.place.landmark ?? r.place.text, r.place.number]
    .filter(Boolean)
    .join(' ');
  const luogo = `${place || DASH}${r.place.crossStreet ? `, incrocio con ${r.place.crossStreet}` : ''}`;
  const periodo = r.window
    ? `dalle ${romeLabel(r.window.from)} alle ${romeLabel(r.window.to)}`
    : DASH;
  const evento = r.eventType ? (EVENT_LABELS[r.eventType] ?? r.eventType) : DASH;
  const riferimenti = r.references.map((x) => `${x.kind} ${x.number}`).join('; ') || DASH;
  const richiedente =
    [q.rank, q.name, q.badge && `matr. ${q.badge}`, q.unit].filter(Boolean).join(', ') || DASH;
  const cameras = extra.holdCameras ?? [];
  const conservazione =
    cameras.length > 0
      ? `Le immagini di ${cameras.length === 1 ? 'una telecamera' : `${cameras.length} telecamere`} ` +
        `(${cameras.join(', ')}) sono state bloccate e non saranno cancellate finché la richiesta non sarà evasa.`
      : [
          'Non è stato possibile bloccare automaticamente le immagini: un operatore della Centrale Operativa esaminerà la richiesta al più presto.',
          ...r.triageNotes.map((n) => `  - ${n}`),
        ].join('\n');
  return {
    saluto: who ? `Gentile ${who},` : 'Gentile richiedente,',
    numero: r.number,
    richiedente: who || 'richiedente',
    evento,
    periodo,
    luogo,
    riferimenti,
    dati: [
      `  Tipo evento: ${evento}`,
      `  Periodo: ${periodo}`,
      `  Luogo: ${luogo}`,
      `  Riferimenti: ${riferimenti}`,
      `  Richiedente: ${richiedente}`,
      `  Urgente: ${r.urgent ? 'sì' : 'no'}`,
    ].join('\n'),
    conservazione,
    link: extra.link ? `Stato della richiesta: ${extra.link}` : '',
    modello: REQUEST_TEMPLATE,
    esito: r.negativeReason ? (NEGATIVE_LABELS[r.negativeReason] ?? r.negativeReason) : DASH,
    motivazione: extra.reason ? `Motivazione: ${extra.reason}` : '',
    evidenza: extra.evidence ?? DASH,
  };
}

/**
 * Mail to the requesters (issue 6 §7): the acknowledgement and the notices when a request is
 * fulfilled, refused or cancelled, from Italian templates the admin can edit. Queued in the
 * outbox inside the caller's transaction. A merged request's requesters all get the outcome.
 */
export class RequestNotices {
  constructor(
    private readonly d: {
      db: Db;
      repo: RequestsRepository;
      outbox: Outbox;
      audit: AuditService;
      clock: Clock;
      settings: Pick<RequestSettings, 'publicUrl'>;
    },
  ) {}

  /** A link to the request in the web app, when the public address is configured. */
  link(requestId: string): string | null {
    const base = this.d.settings.publicUrl;
    return base ? `${base.replace(/\/$/, '')}/richieste/${requestId}` : null;
  }

  private async template(key: NoticeKey, ex: Executor): Promise<NoticeTemplate> {
    const row = await ex
      .selectFrom('notice_templates')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? { subject: row.subject, body: row.body } : DEFAULT_TEMPLATES[key];
  }

  /** The acknowledgement, queued in the caller's transaction. */
  async acknowledge(
    ex: Executor,
    r: RequestRow,
    summary: RequestSummary,
    holdCameras: string[],
  ): Promise<void> {
    if (!r.requester_email) return;
    const mail = renderTemplate(
      await this.template('ack', ex),
      noticeValues(summary, { holdCameras, link: this.link(r.id) }),
    );
    await this.d.outbox.add(
      {
        to: r.requester_email,
        subject: mail.subject,
        text: mail.body,
        kind: 'request.ack',
        inReplyTo: r.source_message_id,
        related: { type: 'request', id: r.id },
      },
      ex,
    );
  }

  /** Everyone to tell about this request's outcome: its requester and those of merged ones. */
  async recipients(r: RequestRow, ex: Executor): Promise<string[]> {
    const merged = await this.d.repo.mergedInto(r.id, ex);
    const emails = [r.requester_email, ...merged.map((m) => m.requester_email)]
      .filter((e): e is string => Boolean(e))
      .map((e) => e.trim());
    return [...new Map(emails.map((e) => [e.toLowerCase(), e])).values()];
  }

  /** The outcome notice to every requester (after the state changed, same transaction). */
  async outcome(
    ex: Executor,
    key: Exclude<NoticeKey, 'ack'>,
    r: RequestRow,
    extra: { reason?: string | null; evidence?: string | null },
  ): Promise<string[]> {
    const to = await this.recipients(r, ex);
    if (to.length === 0) return [];
    const mail = renderTemplate(
      await this.template(key, ex),
      noticeValues(toSummary(r, this.d.clock.now()), { ...extra, link: this.link(r.id) }),
    );
    for (const address of to) {
      await this.d.outbox.add(
        {
          to: address,
          subject: mail.subject,
          text: mail.body,
          kind: `request.${key}`,
          inReplyTo: r.source_message_id,
          related: { type: 'request', id: r.id },
        },
        ex,
      );
    }
    return to;
  }

  /** Another delivery of a mail that failed; audited (who asked, which mail). */
  async retry(actor: AuditActor, outboxId: string): Promise<OutboxItem> {
    const item = await this.d.outbox.retry(outboxId);
    if (!item) throw new NotFound('messaggio', outboxId);
    await this.d.db.transaction().execute((tx) =>
      this.d.audit.record(tx, actor, {
        action: 'outbox.retry',
        objectType: 'outbox',
        objectId: outboxId,
        details: { to: item.to, kind: item.kind, status: item.status },
      }),
    );
    return item;
  }

  async templates(): Promise<{
    items: NoticeTemplateView[];
    placeholders: Record<string, string>;
  }> {
    const rows = await this.d.db.selectFrom('notice_templates').selectAll().execute();
    const items = NOTICE_KEYS.map((key): NoticeTemplateView => {
      const row = rows.find((r) => r.key === key);
      const t = row ?? DEFAULT_TEMPLATES[key];
      return {
        key,
        subject: t.subject,
        body: t.body,
        custom: Boolean(row),
        updatedBy: row?.updated_by ?? null,
        updatedAt: row ? new Date(Number(row.updated_at)).toISOString() : null,
      };
    });
    return { items, placeholders: PLACEHOLDERS };
  }

  /** Saves the admin's wording (audited); `null` restores the built-in text. */
  async saveTemplate(
    actor: AuditActor,
    key: NoticeKey,
    t: NoticeTemplate | null,
  ): Promise<NoticeTemplateView> {
    if (t) {
      const unknown = unknownPlaceholders(`${t.subject}\n${t.body}`);
      if (unknown.length > 0) {
        throw new ValidationFailed(
          `segnaposto sconosciuti: ${unknown.map((u) => `{{${u}}}`).join(', ')}`,
          { unknown },
        );
      }
    }
    const now = this.d.clock.now();
    const by = actor.username ?? 'system';
    await this.d.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('notice_templates').where('key', '=', key).execute();
      if (t) {
        await tx
          .insertInto('notice_templates')
          .values({ key, subject: t.subject, body: t.body, updated_by: by, updated_at: now })
          .execute();
      }
      await this.d.audit.record(tx, actor, {
        action: t ? 'notice_template.update' : 'notice_template.reset',
        objectType: 'notice_template',
        objectId: key,
        details: t ? { subject: t.subject, bodyLength: t.body.length } : null,
      });
    });
    return (await this.templates()).items.find((i) => i.key === key) as NoticeTemplateView;
  }

  /** A template filled with a sample request (or a real one), to see it before saving. */
  preview(t: NoticeTemplate, sample: RequestSummary): NoticeTemplate {
    const unknown = unknownPlaceholders(`${t.subject}\n${t.body}`);
    if (unknown.length > 0) {
      throw new ValidationFailed(
        `segnaposto sconosciuti: ${unknown.map((u) => `{{${u}}}`).join(', ')}`,
        { unknown },
      );
    }
    return renderTemplate(
      t,
      noticeValues(sample, {
        holdCameras: ['CAM-01'],
        link: this.link(sample.id),
        evidence: 'AQ-2026-000042',
        reason: 'Motivazione di esempio scritta dall’operatore',
      }),
    );
  }
}
