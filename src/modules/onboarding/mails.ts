// The onboarding e-mails (SPEC §5) in English and Dutch: the welcome invitation, the permission change, and the
// registration confirmation. Each names the organization and the License ID and has one button; renderMail lays it
// out (HTML + text) and escapes every value.
import type { VlRole } from '../../domain/vl-roles.js';
import { renderMail, type RenderedMail } from '../../mail/render.js';

export type MailLocale = 'en' | 'nl';
export const mailLocaleOf = (preference: string | null | undefined): MailLocale => (preference === 'nl' ? 'nl' : 'en');

export type ComposedMail = RenderedMail & { subject: string };

export const SUBJECTS = {
  invitation: {
    en: 'Action required: sign in to manage your volume licensing assets',
    nl: 'Actie vereist: meld u aan om uw volumelicentie-assets te beheren',
  },
  permissionChange: {
    en: 'Permission changes for volume licensing contracts',
    nl: 'Wijzigingen in machtigingen voor volumelicentiecontracten',
  },
  assignmentConfirmation: {
    en: 'You changed volume licensing permissions',
    nl: 'U hebt machtigingen voor volumelicenties gewijzigd',
  },
  registrationSuccessful: {
    en: 'Registration successful: welcome to the volume licensing center',
    nl: 'Registratie voltooid: welkom bij het volumelicentiecentrum',
  },
} as const satisfies Record<string, Record<MailLocale, string>>;

const ROLE_LABELS: Record<MailLocale, Record<VlRole, string>> = {
  en: {
    administrator: 'Administrator',
    'license-position-reader': 'License position reader',
    'product-download-manager': 'Product download manager',
    'product-keys-reader': 'Product keys reader',
    'benefits-reader': 'Benefits reader',
    'online-services-manager': 'Online services manager',
    'invoice-reader': 'Invoice reader',
  },
  nl: {
    administrator: 'Beheerder',
    'license-position-reader': 'Lezer licentiepositie',
    'product-download-manager': 'Beheerder productdownloads',
    'product-keys-reader': 'Lezer productsleutels',
    'benefits-reader': 'Lezer voordelen',
    'online-services-manager': 'Beheerder onlineservices',
    'invoice-reader': 'Lezer facturen',
  },
};

const rolesText = (locale: MailLocale, roles: readonly VlRole[]) =>
  new Intl.ListFormat(locale, { type: 'conjunction' }).format(roles.map((r) => ROLE_LABELS[locale][r]));

const dateText = (locale: MailLocale, date: Date) =>
  new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);

/** What every onboarding e-mail says about the agreement. */
export type AgreementFacts = {
  organizationName: string;
  licenseIdNumber: string;
  programName: string;
};

export function invitationMail(
  locale: MailLocale,
  facts: AgreementFacts & { contactName: string; roles: readonly VlRole[]; url: string; expiresAt: Date },
): ComposedMail {
  const { organizationName: org, licenseIdNumber: number, programName: program } = facts;
  const roles = rolesText(locale, facts.roles);
  const expires = dateText(locale, facts.expiresAt);
  const content =
    locale === 'nl'
      ? {
          heading: 'Meld u aan om uw volumelicenties te beheren',
          paragraphs: [
            `Beste ${facts.contactName},`,
            `${org} heeft een nieuwe volumelicentieovereenkomst: License ID ${number} (${program}). U staat als contactpersoon vermeld en kunt deze in het Volume Licensing Center beheren met de rol ${roles}.`,
            `Meld u aan met uw werkaccount van ${org} en bevestig. Wie als eerste met deze link bevestigt, wordt geregistreerd: stuurt u deze e-mail door, dan kan de ontvanger zich in uw plaats registreren.`,
          ],
          button: { label: 'Aanmelden bij het Volume Licensing Center', url: facts.url },
          footer: `Deze link verloopt op ${expires} en werkt één keer. Had u deze e-mail niet verwacht, dan kunt u hem negeren.`,
        }
      : {
          heading: 'Sign in to manage your volume licensing assets',
          paragraphs: [
            `Hello ${facts.contactName},`,
            `${org} has a new volume licensing agreement: License ID ${number} (${program}). You are listed as a contact for it and can manage it in the Volume Licensing Center as ${roles}.`,
            `Sign in with your work account at ${org} and confirm. Whoever confirms first with this link registers: if you forward this e-mail, the person you forward it to can register instead of you.`,
          ],
          button: { label: 'Sign in to the Volume Licensing Center', url: facts.url },
          footer: `This link expires on ${expires} and works once. If you did not expect this e-mail, you can ignore it.`,
        };
  return {
    subject: SUBJECTS.invitation[locale],
    ...renderMail({ lang: locale, preheader: `License ID ${number} · ${org}`, ...content }),
  };
}

export function permissionChangeMail(
  locale: MailLocale,
  facts: AgreementFacts & { recipientName: string; businessEmail: string; roles: readonly VlRole[]; url: string },
): ComposedMail {
  const { organizationName: org, licenseIdNumber: number, programName: program } = facts;
  const roles = rolesText(locale, facts.roles);
  // No roles left: the agreement leaves the list.
  const removed = facts.roles.length === 0;
  const content =
    locale === 'nl'
      ? {
          heading: 'Uw machtigingen voor volumelicenties zijn gewijzigd',
          paragraphs: [
            `Beste ${facts.recipientName},`,
            removed
              ? `U hebt geen rol meer voor License ID ${number} (${program}) van ${org}.`
              : `U hebt nu de rol ${roles} voor License ID ${number} (${program}) van ${org}.`,
            removed
              ? 'De overeenkomst staat niet meer in uw lijst met contracten. Denkt u dat dit niet klopt, vraag het dan een VL-beheerder van de overeenkomst.'
              : 'De overeenkomst staat meteen in uw lijst met contracten.',
          ],
          button: { label: 'Volumelicenties openen', url: facts.url },
          footer: `U ontvangt deze e-mail omdat ${facts.businessEmail} als contactpersoon of gebruiker van deze overeenkomst is vermeld.`,
        }
      : {
          heading: 'Your volume licensing permissions changed',
          paragraphs: [
            `Hello ${facts.recipientName},`,
            removed
              ? `You no longer have any role on License ID ${number} (${program}) of ${org}.`
              : `You now have these roles on License ID ${number} (${program}) of ${org}: ${roles}.`,
            removed
              ? 'The agreement has left your contracts list. If you think this is a mistake, ask a VL administrator of the agreement.'
              : 'The agreement appears in your contracts list at once.',
          ],
          button: { label: 'Open Volume licensing', url: facts.url },
          footer: `You get this e-mail because ${facts.businessEmail} is listed as a contact or user of this agreement.`,
        };
  return {
    subject: SUBJECTS.permissionChange[locale],
    ...renderMail({ lang: locale, preheader: `License ID ${number} · ${org}`, ...content }),
  };
}

export function registrationSuccessfulMail(
  locale: MailLocale,
  facts: AgreementFacts & {
    recipientName: string;
    businessEmail: string;
    signInName: string;
    roles: readonly VlRole[];
    url: string;
  },
): ComposedMail {
  const { organizationName: org, licenseIdNumber: number, programName: program } = facts;
  const roles = rolesText(locale, facts.roles);
  const content =
    locale === 'nl'
      ? {
          heading: 'Welkom bij het Volume Licensing Center',
          paragraphs: [
            `Beste ${facts.recipientName},`,
            `Uw registratie is voltooid: het zakelijke e-mailadres ${facts.businessEmail} is nu gekoppeld aan de aanmeldings-ID ${facts.signInName}.`,
            `U hebt de rol ${roles} voor License ID ${number} (${program}) van ${org}.`,
          ],
          button: { label: 'Aan de slag', url: facts.url },
          footer: 'Hebt u zich niet geregistreerd? Neem dan direct contact op met support.',
        }
      : {
          heading: 'Welcome to the Volume Licensing Center',
          paragraphs: [
            `Hello ${facts.recipientName},`,
            `Your registration is complete: the business e-mail ${facts.businessEmail} is now linked to the sign-in ID ${facts.signInName}.`,
            `You have these roles on License ID ${number} (${program}) of ${org}: ${roles}.`,
          ],
          button: { label: 'Get started', url: facts.url },
          footer: 'If you did not register, contact support at once.',
        };
  return {
    subject: SUBJECTS.registrationSuccessful[locale],
    ...renderMail({ lang: locale, preheader: `License ID ${number} · ${org}`, ...content }),
  };
}

/** What an administrator's save did for one License ID, as the confirmation e-mail lists it. */
export type AssignmentChange = { licenseIdNumber: string; roles: readonly VlRole[]; invited: boolean };

/** To the administrator who saved role assignments (SPEC §6): what changed for whom. */
export function assignmentConfirmationMail(
  locale: MailLocale,
  facts: { recipientName: string; userEmail: string; changes: readonly AssignmentChange[]; url: string },
): ComposedMail {
  const line = (c: AssignmentChange) => {
    const roles =
      c.roles.length === 0 ? (locale === 'nl' ? 'geen rollen meer' : 'no roles any more') : rolesText(locale, c.roles);
    const invited = c.invited ? (locale === 'nl' ? ' (uitnodiging verstuurd)' : ' (invitation sent)') : '';
    return `License ID ${c.licenseIdNumber}: ${roles}${invited}`;
  };
  const content =
    locale === 'nl'
      ? {
          heading: 'Machtigingen gewijzigd',
          paragraphs: [
            `Beste ${facts.recipientName},`,
            `U hebt de rollen van ${facts.userEmail} gewijzigd:`,
            ...facts.changes.map(line),
          ],
          button: { label: 'Rollen beheren', url: facts.url },
          footer: 'Hebt u dit niet zelf gedaan? Neem dan direct contact op met support.',
        }
      : {
          heading: 'Permissions changed',
          paragraphs: [
            `Hello ${facts.recipientName},`,
            `You changed the roles of ${facts.userEmail}:`,
            ...facts.changes.map(line),
          ],
          button: { label: 'Manage users', url: facts.url },
          footer: 'If you did not do this, contact support at once.',
        };
  return {
    subject: SUBJECTS.assignmentConfirmation[locale],
    ...renderMail({ lang: locale, preheader: facts.userEmail, ...content }),
  };
}
