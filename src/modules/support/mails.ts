// The support e-mails (SPEC §10) in English and Dutch: the contact form's one-time code, the confirmation when a
// request is opened (every kind), each operator reply, and the resolution. A requester with an account gets a button
// to the request in Help & support; the contact form's sender cannot sign in, so their e-mails carry the whole reply
// and say how to follow up.
import { renderMail } from '../../mail/render.js';
import type { ComposedMail, MailLocale } from '../onboarding/mails.js';

/** What every support e-mail says about its request. */
export type RequestFacts = {
  id: number;
  subject: string;
  requesterName: string;
  /** the request in Help & support; null when the requester has no account (contact form) */
  url: string | null;
};

const ref = (id: number) => `#${id}`;

export function contactCodeMail(locale: MailLocale, facts: { code: string; email: string }): ComposedMail {
  const { code, email } = facts;
  const content =
    locale === 'nl'
      ? {
          subject: 'Uw code voor het contactformulier van vlcenter',
          preheader: `Uw code is ${code}`,
          heading: 'Bevestig uw e-mailadres',
          paragraphs: ['Vul deze code in op het contactformulier om uw vraag aan support te sturen:', code],
          footer: `De code werkt 10 minuten. Iemand wilde support benaderen namens ${email}. Was u dat niet, negeer deze e-mail dan: zonder de code wordt niets verstuurd.`,
        }
      : {
          subject: 'Your vlcenter contact form code',
          preheader: `Your code is ${code}`,
          heading: 'Confirm your e-mail address',
          paragraphs: ['Enter this code on the contact form to send your question to support:', code],
          footer: `The code works for 10 minutes. Someone asked to contact support as ${email}. If that was not you, ignore this e-mail: nothing is sent without the code.`,
        };
  const { subject, ...rest } = content;
  return { subject, ...renderMail({ lang: locale, ...rest }) };
}

export function requestOpenedMail(locale: MailLocale, facts: RequestFacts): ComposedMail {
  const r = ref(facts.id);
  const content =
    locale === 'nl'
      ? {
          subject: `We hebben uw supportaanvraag ${r} ontvangen: ${facts.subject}`,
          heading: `Supportaanvraag ${r} ontvangen`,
          paragraphs: [
            `Beste ${facts.requesterName},`,
            `We hebben uw aanvraag "${facts.subject}" ontvangen. Een medewerker van support bekijkt hem en antwoordt zo snel mogelijk.`,
            facts.url
              ? 'U volgt de aanvraag en antwoordt onder Help en support.'
              : 'We antwoorden per e-mail op dit adres. Vermeld het nummer ' + r + ' als u ons opnieuw benadert.',
          ],
          ...(facts.url ? { button: { label: 'Aanvraag bekijken', url: facts.url } } : {}),
          footer: 'U ontvangt deze e-mail omdat u een supportaanvraag hebt ingediend.',
        }
      : {
          subject: `We received your support request ${r}: ${facts.subject}`,
          heading: `Support request ${r} received`,
          paragraphs: [
            `Hello ${facts.requesterName},`,
            `We received your request "${facts.subject}". Someone from support will look at it and answer as soon as possible.`,
            facts.url
              ? 'You can follow the request and reply under Help & support.'
              : `We will answer by e-mail to this address. Mention ${r} if you contact us again.`,
          ],
          ...(facts.url ? { button: { label: 'View the request', url: facts.url } } : {}),
          footer: 'You get this e-mail because you opened a support request.',
        };
  const { subject, ...rest } = content;
  return { subject, ...renderMail({ lang: locale, preheader: `${r} · ${facts.subject}`, ...rest }) };
}

export function operatorReplyMail(
  locale: MailLocale,
  facts: RequestFacts & { reply: string; resolved: boolean },
): ComposedMail {
  const r = ref(facts.id);
  const content =
    locale === 'nl'
      ? {
          subject: `Antwoord op uw supportaanvraag ${r}: ${facts.subject}`,
          heading: `Support heeft geantwoord op ${r}`,
          paragraphs: [
            `Beste ${facts.requesterName},`,
            'Support schreef:',
            facts.reply,
            facts.resolved
              ? 'We beschouwen de aanvraag hiermee als opgelost.'
              : 'Hebben we iets van u nodig, dan wacht de aanvraag op uw antwoord.',
            facts.url
              ? 'Antwoorden doet u onder Help en support, niet door deze e-mail te beantwoorden.'
              : `U kunt zich niet aanmelden om te antwoorden: gebruik het contactformulier opnieuw en vermeld ${r}.`,
          ],
          ...(facts.url ? { button: { label: 'Aanvraag bekijken en antwoorden', url: facts.url } } : {}),
          footer: 'U ontvangt deze e-mail omdat u een supportaanvraag hebt ingediend.',
        }
      : {
          subject: `Reply to your support request ${r}: ${facts.subject}`,
          heading: `Support replied to ${r}`,
          paragraphs: [
            `Hello ${facts.requesterName},`,
            'Support wrote:',
            facts.reply,
            facts.resolved
              ? 'With this we consider the request resolved.'
              : 'If we asked you for something, the request waits for your answer.',
            facts.url
              ? 'Reply under Help & support, not by answering this e-mail.'
              : `You cannot sign in to reply: use the contact form again and mention ${r}.`,
          ],
          ...(facts.url ? { button: { label: 'View and reply', url: facts.url } } : {}),
          footer: 'You get this e-mail because you opened a support request.',
        };
  const { subject, ...rest } = content;
  return { subject, ...renderMail({ lang: locale, preheader: `${r} · ${facts.subject}`, ...rest }) };
}

export function requestResolvedMail(locale: MailLocale, facts: RequestFacts): ComposedMail {
  const r = ref(facts.id);
  const content =
    locale === 'nl'
      ? {
          subject: `Uw supportaanvraag ${r} is opgelost: ${facts.subject}`,
          heading: `Supportaanvraag ${r} is opgelost`,
          paragraphs: [
            `Beste ${facts.requesterName},`,
            `Support heeft uw aanvraag "${facts.subject}" als opgelost gemarkeerd.`,
            facts.url
              ? 'Is het probleem er nog, antwoord dan op de aanvraag: dan gaat hij weer open.'
              : `Is het probleem er nog, gebruik dan het contactformulier opnieuw en vermeld ${r}.`,
          ],
          ...(facts.url ? { button: { label: 'Aanvraag bekijken', url: facts.url } } : {}),
          footer: 'U ontvangt deze e-mail omdat u een supportaanvraag hebt ingediend.',
        }
      : {
          subject: `Your support request ${r} is resolved: ${facts.subject}`,
          heading: `Support request ${r} is resolved`,
          paragraphs: [
            `Hello ${facts.requesterName},`,
            `Support marked your request "${facts.subject}" as resolved.`,
            facts.url
              ? 'If the problem is still there, reply on the request: that opens it again.'
              : `If the problem is still there, use the contact form again and mention ${r}.`,
          ],
          ...(facts.url ? { button: { label: 'View the request', url: facts.url } } : {}),
          footer: 'You get this e-mail because you opened a support request.',
        };
  const { subject, ...rest } = content;
  return { subject, ...renderMail({ lang: locale, preheader: `${r} · ${facts.subject}`, ...rest }) };
}
