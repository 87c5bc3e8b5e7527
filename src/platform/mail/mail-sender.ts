import { createTransport } from 'nodemailer';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string | null;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
}

/** Sends one message; rejects when the relay refuses it. */
export interface MailSender {
  send(message: OutgoingMessage): Promise<{ messageId: string | null }>;
  close(): void;
}

/** An SMTP relay (`smtp://user:pass@host:587`, `smtps://…`) through nodemailer. */
export function createSmtpSender(relayUrl: string, from: string): MailSender {
  const transport = createTransport(relayUrl);
  return {
    async send(m) {
      const info = await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.inReplyTo && { inReplyTo: m.inReplyTo, references: m.inReplyTo }),
        ...(m.attachments?.length && { attachments: m.attachments }),
      });
      return { messageId: info.messageId ?? null };
    },
    close: () => transport.close(),
  };
}
