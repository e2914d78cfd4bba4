// The e-mails of license summary reports (SPEC §7) in English and Dutch: ready (with a link to it) or failed.
import { renderMail } from '../../mail/render.js';
import type { ComposedMail, MailLocale } from '../onboarding/mails.js';

type ReportMailFacts = { name: string; licenseIdCount: number; url: string };

const count = (locale: MailLocale, n: number) => new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB').format(n);

export function summaryReadyMail(locale: MailLocale, facts: ReportMailFacts): ComposedMail {
  const n = count(locale, facts.licenseIdCount);
  const content =
    locale === 'nl'
      ? {
          subject: 'Uw licentieoverzicht is klaar',
          heading: 'Uw licentieoverzicht is klaar',
          paragraphs: [
            `Beste ${facts.name},`,
            `Het licentieoverzicht van ${n} License IDs dat u hebt aangevraagd, is klaar.`,
          ],
          button: { label: 'Licentieoverzicht bekijken', url: facts.url },
          footer: 'U krijgt deze e-mail omdat u dit overzicht hebt aangevraagd in het Volume Licensing Center.',
        }
      : {
          subject: 'Your license summary is ready',
          heading: 'Your license summary is ready',
          paragraphs: [`Hello ${facts.name},`, `The license summary of ${n} License IDs you asked for is ready.`],
          button: { label: 'View the license summary', url: facts.url },
          footer: 'You get this e-mail because you asked for this summary in the Volume Licensing Center.',
        };
  const { subject, ...rest } = content;
  return { subject, ...renderMail({ lang: locale, ...rest }) };
}

export function summaryFailedMail(locale: MailLocale, facts: ReportMailFacts): ComposedMail {
  const n = count(locale, facts.licenseIdCount);
  const content =
    locale === 'nl'
      ? {
          subject: 'Uw licentieoverzicht kon niet worden gemaakt',
          heading: 'Uw licentieoverzicht kon niet worden gemaakt',
          paragraphs: [
            `Beste ${facts.name},`,
            `Het licentieoverzicht van ${n} License IDs kon na drie pogingen niet worden gemaakt. Vraag het opnieuw aan; lukt het dan weer niet, neem dan contact op met de ondersteuning.`,
          ],
          button: { label: 'Naar Volumelicenties', url: facts.url },
        }
      : {
          subject: 'Your license summary could not be made',
          heading: 'Your license summary could not be made',
          paragraphs: [
            `Hello ${facts.name},`,
            `The license summary of ${n} License IDs could not be made after three attempts. Please ask for it again; if it fails again, contact support.`,
          ],
          button: { label: 'Go to Volume licensing', url: facts.url },
        };
  const { subject, ...rest } = content;
  return { subject, ...renderMail({ lang: locale, ...rest }) };
}
