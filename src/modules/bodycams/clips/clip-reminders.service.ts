import type { Clock } from '../../../platform/clock.js';
import type { Db, Executor } from '../../../platform/db/database.js';
import { errorMessage } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { NewOutboxMail } from '../../../platform/mail/outbox.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import type { UserDirectory } from '../training/training.service.js';
import { remindersDue } from './clip-reminders.js';
import type { ClipRemindersRepository } from './clip-reminders.repository.js';

/** The longest a deadline can be away (categorizeWithinHours is at most 30 days). */
const HORIZON_MS = 30 * 24 * 3_600_000;

const romeTime = (ms: number) =>
  new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(ms));

/**
 * Reminds officers to categorize their clips before the deadline, at the hours the disciplinare
 * in force when the clip was recorded sets (e.g. 24 h and 4 h before). The mail goes through the
 * outbox to the officer's address; an officer without one still sees the clip as due on
 * "Le mie riprese". Each reminder is sent once (recorded per clip and threshold).
 */
export class ClipRemindersService {
  constructor(
    private readonly d: {
      db: Db;
      repo: ClipRemindersRepository;
      disciplinare: DisciplinareService;
      users: UserDirectory;
      mail: { add(mail: NewOutboxMail, ex: Executor): Promise<string> } | null;
      clock: Clock;
      log: Logger;
    },
  ) {}

  /** Sends the reminders due now; returns how many officers were written to. */
  async runOnce(): Promise<number> {
    const now = this.d.clock.now();
    const clips = await this.d.repo.pending(now, now + HORIZON_MS);
    const sent = await this.d.repo.sent(clips.map((c) => c.id));
    const versions = new Map<string, number[]>();
    let mailed = 0;
    for (const clip of clips) {
      let hours = versions.get(clip.disciplinare_id);
      if (!hours) {
        hours = (await this.d.disciplinare.version(clip.disciplinare_id)).rules.reminderHoursBefore;
        versions.set(clip.disciplinare_id, hours);
      }
      const due = remindersDue(clip.categorize_due_at, hours, sent.get(clip.id) ?? new Set(), now);
      if (due.send === null) continue;
      try {
        const officer = await this.d.users.get(clip.officer_id ?? '');
        await this.d.db.transaction().execute(async (tx) => {
          const outboxId =
            officer.email && this.d.mail
              ? await this.d.mail.add(
                  {
                    to: officer.email,
                    kind: 'bodycam.reminder',
                    related: { type: 'bodycam_clip', id: clip.id },
                    subject: `Promemoria: ripresa bodycam da categorizzare entro il ${romeTime(clip.categorize_due_at)}`,
                    text: [
                      `Buongiorno ${officer.displayName},`,
                      '',
                      `la ripresa registrata il ${romeTime(clip.recorded_start)} con la bodycam ${clip.device_serial} non è ancora categorizzata.`,
                      `Il disciplinare (versione ${clip.disciplinare_number}) chiede di indicarne motivo di attivazione e categoria entro il ${romeTime(clip.categorize_due_at)}.`,
                      '',
                      'Vedetta › Bodycam › Le mie riprese.',
                    ].join('\n'),
                  },
                  tx,
                )
              : null;
          await this.d.repo.mark(
            due.mark.map((h) => ({
              clip_id: clip.id,
              hours_before: h,
              sent_at: now,
              outbox_id: h === due.send ? outboxId : null,
            })),
            tx,
          );
        });
        if (officer.email && this.d.mail) mailed += 1;
      } catch (err) {
        this.d.log.warn({ clipId: clip.id, err: errorMessage(err) }, 'bodycam reminder not sent');
      }
    }
    return mailed;
  }
}
