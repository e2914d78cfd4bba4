// Every kind of background job the worker runs, with what its handler needs. main.ts starts the worker with these.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { mailSendJob } from '../mail/outbox.js';
import type { MailTransport } from '../mail/transport.js';
import { licenseSummaryJob } from '../modules/contracts/summary-reports.js';
import { createVlAccessService } from '../modules/vl-access/service.js';
import type { JobDefinition } from './queue.js';

export function jobHandlers(deps: { db: Database; clock: Clock; config: Config; mailer: MailTransport }) {
  const { db, clock, config, mailer } = deps;
  return [
    mailSendJob({ transport: mailer, from: config.mailFrom }),
    licenseSummaryJob({ config, vlAccess: createVlAccessService({ db, clock, config }) }),
  ] as JobDefinition[];
}
