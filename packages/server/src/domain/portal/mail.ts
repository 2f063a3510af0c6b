import { desc } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { outboxEmails } from '../../db/schema/index.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where portal mail goes: an SMTP server, or (development only) the local outbox table. */
export interface Mailer {
  readonly delivery: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
}

export interface MailConfig {
  smtpUrl?: string;
  from: string;
}

/**
 * SMTP when `SIGMA_SMTP_URL` is set; otherwise the outbox table (`outbox_emails`), which only the
 * development outbox page can show. Without SMTP in production nothing reads the outbox, so codes
 * are not delivered: configure SMTP.
 */
export function createMailer(db: DbOrTx, config: MailConfig, log?: { error: (obj: object, msg: string) => void }): Mailer {
  if (config.smtpUrl) {
    const transport = createTransport(config.smtpUrl);
    return {
      delivery: 'smtp',
      async send(m) {
        try {
          await transport.sendMail({ from: config.from, to: m.to, subject: m.subject, text: m.text });
        } catch (err) {
          // The URL may hold credentials: log the failure class only.
          log?.error({ err: { name: (err as Error).name, code: (err as { code?: string }).code } }, 'SMTP delivery failed');
          throw new SigmaError('SIGMA_E_MAIL_UNAVAILABLE');
        }
      },
    };
  }
  return {
    delivery: 'outbox',
    async send(m) {
      await db.insert(outboxEmails).values({ id: newId24(), to: m.to, subject: m.subject, body: m.text });
    },
  };
}

export async function listOutbox(db: DbOrTx, limit: number) {
  const rows = await db.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id)).limit(limit);
  return rows.map((r) => ({ id: r.id, to: r.to, subject: r.subject, body: r.body, createdAt: r.createdAt.toISOString() }));
}
