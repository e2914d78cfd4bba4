// Where mail goes: an SMTP server (SMTP_URL), or — with none configured — nowhere but the database, where
// /dev/mailbox shows it. The outbox worker hands each message to exactly one of these.
import nodemailer from 'nodemailer';

export type OutgoingMail = {
  /** `<...@...>`: also the idempotency key, so a repeated delivery is recognizably the same message */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
};

export type MailTransport = {
  kind: 'smtp' | 'mailbox';
  /** Resolves once the SMTP server has accepted the message. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
};

/** Bounds on a stuck SMTP server (nodemailer's defaults go up to 10 minutes); options in the URL's query win. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

export function createSmtpTransport(url: URL): MailTransport {
  const transporter = nodemailer.createTransport({ ...SMTP_TIMEOUTS, url: url.toString() });
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail({
        messageId: mail.messageId,
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    close: () => transporter.close(),
  };
}

/** No SMTP configured: the message stays in the database (state `stored`) for /dev/mailbox. */
export function createMailboxTransport(): MailTransport {
  return { kind: 'mailbox', send: async () => {}, close: () => {} };
}
