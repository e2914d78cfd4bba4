// The e-mails of a new VL profile request's decision (SPEC §10), in English and Dutch: approved (re-bound or created)
// to every address concerned, rejected with the operator's reason. renderMail escapes every value.
import { renderMail } from '../../mail/render.js';
import type { ComposedMail, MailLocale } from '../onboarding/mails.js';

export const VL_PROFILE_SUBJECTS = {
  rebound: {
    en: 'Your VL profile now uses another sign-in ID',
    nl: 'Uw VL-profiel gebruikt nu een andere aanmeldings-ID',
  },
  created: {
    en: 'Your VL profile has been created',
    nl: 'Uw VL-profiel is aangemaakt',
  },
  rejected: {
    en: 'Your new VL profile request was not approved',
    nl: 'Uw aanvraag voor een nieuw VL-profiel is niet goedgekeurd',
  },
} as const satisfies Record<string, Record<MailLocale, string>>;

export type DecisionFacts = {
  businessEmail: string;
  oldSignInName: string | null;
  newSignInName: string;
  licenseIdNumbers: readonly string[];
  supportRequestId: number;
  /** Volume licensing, or (rejected) the support request's page */
  url: string;
};

export function approvedMail(locale: MailLocale, kind: 'rebind' | 'create', facts: DecisionFacts): ComposedMail {
  const numbers = facts.licenseIdNumbers.join(', ');
  const rebound = kind === 'rebind';
  const content =
    locale === 'nl'
      ? {
          heading: rebound ? 'Uw VL-profiel is verplaatst' : 'Uw VL-profiel is aangemaakt',
          paragraphs: [
            rebound
              ? `Op uw aanvraag (nr. ${facts.supportRequestId}) is het zakelijke e-mailadres ${facts.businessEmail} nu gekoppeld aan de aanmeldings-ID ${facts.newSignInName} in plaats van ${facts.oldSignInName}.`
              : `Op uw aanvraag (nr. ${facts.supportRequestId}) is het zakelijke e-mailadres ${facts.businessEmail} gekoppeld aan de aanmeldings-ID ${facts.newSignInName}, met de rol Beheerder voor License ID ${numbers}.`,
            rebound
              ? `Meld u aan met ${facts.newSignInName} om uw overeenkomsten te zien. ${facts.oldSignInName} ziet ze niet meer.`
              : `Meld u aan met ${facts.newSignInName} om de overeenkomst te beheren en anderen rollen te geven.`,
          ],
          button: { label: 'Volumelicenties openen', url: facts.url },
          footer: `U ontvangt deze e-mail omdat uw adres bij deze aanvraag hoort. Hebt u hier niet om gevraagd? Neem dan direct contact op met support.`,
        }
      : {
          heading: rebound ? 'Your VL profile has moved' : 'Your VL profile has been created',
          paragraphs: [
            rebound
              ? `As you asked (request no. ${facts.supportRequestId}), the business e-mail ${facts.businessEmail} is now linked to the sign-in ID ${facts.newSignInName} instead of ${facts.oldSignInName}.`
              : `As you asked (request no. ${facts.supportRequestId}), the business e-mail ${facts.businessEmail} is now linked to the sign-in ID ${facts.newSignInName}, as Administrator of License ID ${numbers}.`,
            rebound
              ? `Sign in with ${facts.newSignInName} to see your agreements. ${facts.oldSignInName} no longer sees them.`
              : `Sign in with ${facts.newSignInName} to manage the agreement and give others their roles.`,
          ],
          button: { label: 'Open Volume licensing', url: facts.url },
          footer:
            'You get this e-mail because your address is part of this request. If you did not ask for it, contact support at once.',
        };
  return {
    subject: VL_PROFILE_SUBJECTS[rebound ? 'rebound' : 'created'][locale],
    ...renderMail({ lang: locale, preheader: `${facts.businessEmail} · ${facts.newSignInName}`, ...content }),
  };
}

export function rejectedMail(locale: MailLocale, facts: DecisionFacts & { reason: string }): ComposedMail {
  const content =
    locale === 'nl'
      ? {
          heading: 'Aanvraag voor een nieuw VL-profiel niet goedgekeurd',
          paragraphs: [
            `Uw aanvraag (nr. ${facts.supportRequestId}) voor het zakelijke e-mailadres ${facts.businessEmail} en de aanmeldings-ID ${facts.newSignInName} is niet goedgekeurd. Er is niets gewijzigd.`,
            `Reden: ${facts.reason}`,
            'Kunt u dit oplossen, dien dan een nieuwe aanvraag in, of reageer op de aanvraag via Help en ondersteuning.',
          ],
          button: { label: 'Aanvraag openen', url: facts.url },
          footer: 'U ontvangt deze e-mail omdat uw adres bij deze aanvraag hoort.',
        }
      : {
          heading: 'New VL profile request not approved',
          paragraphs: [
            `Your request (no. ${facts.supportRequestId}) for the business e-mail ${facts.businessEmail} and the sign-in ID ${facts.newSignInName} was not approved. Nothing has changed.`,
            `Reason: ${facts.reason}`,
            'If you can fix this, file a new request, or reply to the request in Help & support.',
          ],
          button: { label: 'Open the request', url: facts.url },
          footer: 'You get this e-mail because your address is part of this request.',
        };
  return {
    subject: VL_PROFILE_SUBJECTS.rejected[locale],
    ...renderMail({ lang: locale, preheader: `${facts.businessEmail} · ${facts.newSignInName}`, ...content }),
  };
}
