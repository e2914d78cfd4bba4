// An in-process SMTP server that keeps what it accepts, for tests that send real mail over SMTP.
// No TLS, no AUTH. A message counts as received only once the sink has ACCEPTED it (answered 250 to DATA);
// `holdNext()` lets a test delay that answer or turn it into a rejection, e.g. to kill a worker mid-delivery.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export type Delivery = {
  mail: ParsedMail;
  /** Envelope sender (MAIL FROM). */
  from: string | undefined;
  /** Envelope recipients (RCPT TO). */
  to: string[];
};

export type HeldMessage = {
  /** Settles when the held message's DATA has been fully received (before the sink answers it). */
  arrived: Promise<ParsedMail>;
  /** Accept the message (250): it then counts as received. */
  release(): void;
  /** Refuse the message; 451 (temporary, the sender should retry) unless told otherwise. */
  reject(code?: number, message?: string): void;
};

export type SmtpSink = {
  port: number;
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  /** Accepted messages, in order of acceptance. */
  messages: ParsedMail[];
  /** Accepted messages with their envelopes. */
  deliveries: Delivery[];
  /** Messages whose sender hung up before the sink accepted them (never counted as received). */
  dropped: ParsedMail[];
  /** Resolves with `messages` once at least `count` have been accepted; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** The next message that arrives (after those already held) waits for release() or reject(). */
  holdNext(): HeldMessage;
  clear(): void;
  stop(): Promise<void>;
};

type Decision = { accept: true } | { accept: false; code: number; message: string };

type Hold = {
  handle: HeldMessage;
  onArrived(mail: ParsedMail): void;
  onArrivalFailed(error: Error): void;
  decision: Promise<Decision>;
  decide(decision: Decision): void;
};

function addressOf(address: false | { address: string }): string | undefined {
  return address ? address.address : undefined;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const deliveries: Delivery[] = [];
  const dropped: ParsedMail[] = [];
  const waiting: Hold[] = [];
  const inFlight = new Set<Hold>();
  const closedSessions = new Set<string>();
  const waiters = new Set<() => void>();

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 500,
    onClose(session: SMTPServerSession) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      const hold = waiting.shift();
      if (hold) inFlight.add(hold);
      simpleParser(stream).then(
        async (mail) => {
          let decision: Decision = { accept: true };
          if (hold) {
            hold.onArrived(mail);
            decision = await hold.decision;
            inFlight.delete(hold);
          }
          if (!decision.accept) {
            callback(Object.assign(new Error(decision.message), { responseCode: decision.code }));
            return;
          }
          if (closedSessions.has(session.id)) {
            // The client is gone: it never learns the message was accepted, so it was not delivered.
            dropped.push(mail);
            callback();
            return;
          }
          messages.push(mail);
          deliveries.push({
            mail,
            from: addressOf(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
          notify();
        },
        (error: Error) => {
          if (hold) {
            inFlight.delete(hold);
            hold.onArrivalFailed(error);
          }
          callback(error);
        },
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  if (!address || typeof address !== 'object') throw new Error('SMTP sink: no listening address');
  const port = address.port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    deliveries,
    dropped,
    waitForMessages(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return false;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(messages);
          return true;
        };
        const waiter = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`SMTP sink: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(waiter);
        check();
      });
    },
    holdNext() {
      let onArrived!: (mail: ParsedMail) => void;
      let onArrivalFailed!: (error: Error) => void;
      const arrived = new Promise<ParsedMail>((resolve, reject) => {
        onArrived = resolve;
        onArrivalFailed = reject;
      });
      // A test that never awaits `arrived` must not get an unhandled rejection.
      arrived.catch(() => {});
      let decide!: (decision: Decision) => void;
      const decision = new Promise<Decision>((resolve) => {
        decide = resolve;
      });
      const hold: Hold = {
        onArrived,
        onArrivalFailed,
        decision,
        decide,
        handle: {
          arrived,
          release: () => decide({ accept: true }),
          reject: (code = 451, message = 'Temporary failure, try again later (test sink)') =>
            decide({ accept: false, code, message }),
        },
      };
      waiting.push(hold);
      return hold.handle;
    },
    clear() {
      messages.length = 0;
      deliveries.length = 0;
      dropped.length = 0;
    },
    async stop() {
      for (const hold of [...waiting, ...inFlight]) {
        hold.onArrivalFailed(new Error('SMTP sink stopped'));
        hold.decide({ accept: false, code: 421, message: 'Test sink shutting down' });
      }
      waiting.length = 0;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
