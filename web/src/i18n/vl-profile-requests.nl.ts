import type vlProfileRequestsEn from './vl-profile-requests.en';

// Dutch messages of the New VL profile request page and the operator's panel; the type makes a missing key a compile
// error.
const vlProfileRequestsNl: typeof vlProfileRequestsEn = {
  vlProfileRequest: {
    title: 'Aanvraag nieuw VL-profiel',
    intro:
      'Uw VL-profiel koppelt het zakelijke e-mailadres uit uw overeenkomst aan de aanmeldings-ID die u gebruikt. Gebruikt het een aanmeldings-ID die u niet meer kunt gebruiken, of is er niemand meer die u kan toevoegen, vraag dan hier een nieuw profiel aan. Een operator controleert de aanvraag en antwoordt per e-mail.',
    kind: 'Wat hebt u nodig?',
    kindRebind: 'Mijn VL-profiel naar een andere aanmeldings-ID verplaatsen (opnieuw koppelen)',
    kindRebindHint: 'U hebt zich geregistreerd met een aanmeldings-ID die u niet meer gebruikt.',
    kindCreate: 'Een VL-profiel voor mij aanmaken',
    kindCreateHint: 'De overeenkomst heeft geen beheerder meer, of uw uitnodiging is niet meer geldig.',
    oldSignInName: 'Oude aanmeldings-ID',
    oldSignInNameHint: 'De aanmeldings-ID die uw VL-profiel nu gebruikt, bijv. u@contoso.onvlcenter.example.',
    newSignInName: 'Nieuwe aanmeldings-ID',
    newSignInNameHint: 'De aanmeldings-ID die u voortaan gebruikt: die waarmee u nu bent aangemeld.',
    businessEmail: 'Zakelijk e-mailadres uit de overeenkomst',
    businessEmailHint: 'Het adres waarmee de overeenkomst u vermeldt (waar de uitnodiging heen ging).',
    licenseIdNumbers: 'Overeenkomstnummer(s)',
    licenseIdNumbersHint: 'License ID’s, gescheiden door komma’s, bijv. V1234567, V7654321.',
    note: 'Wat de operator verder moet weten (optioneel)',
    submit: 'Aanvraag versturen',
    required: 'Vul dit in.',
    invalidNumbers: 'Gebruik License ID-nummers (3–32 letters, cijfers en streepjes), gescheiden door komma’s.',
    filedTitle: 'Aanvraag nr. {id} verstuurd',
    filedText:
      'Een operator controleert de aanvraag aan de hand van de overeenkomst en antwoordt per e-mail. Is ze goedgekeurd, meld u dan aan met {signInName} om uw overeenkomsten te zien.',
    ownHeading: 'Uw aanvragen',
    ownTableLabel: 'Uw aanvragen voor een nieuw VL-profiel',
    ownNone: 'U hebt geen aanvraag voor een nieuw VL-profiel verstuurd.',
    number: 'Nr.',
    kindColumn: 'Aanvraag',
    kindShort: { rebind: 'Opnieuw koppelen', create: 'Aanmaken' },
    state: 'Status',
    states: { pending: 'Wacht op een operator', approved: 'Goedgekeurd', rejected: 'Niet goedgekeurd' },
    filedOn: 'Verstuurd',
    reason: 'Reden',
    accessCheckLink: 'Waarom zie ik geen volumelicenties?',
  },
  vlProfilePanel: {
    kind: 'Aanvraag',
    kinds: { rebind: 'Opnieuw koppelen aan een andere aanmeldings-ID', create: 'Een VL-profiel aanmaken' },
    state: 'Besluit',
    requester: 'Ingediend door',
    businessEmail: 'Zakelijk e-mailadres',
    oldSignInName: 'Oude aanmeldings-ID',
    newSignInName: 'Nieuwe aanmeldings-ID',
    cloud: 'Cloud',
    licenseIds: 'License ID’s',
    decidedBy: 'Besloten door {name} op {date}',
    prechecksHeading: 'Controles (nu opnieuw uitgevoerd)',
    prechecksTableLabel: 'Controles van deze aanvraag',
    check: 'Controle',
    result: 'Uitkomst',
    passed: 'Geslaagd',
    failed: 'Mislukt',
    blocking: 'Vereist',
    advisory: 'Ter beoordeling',
    changedSinceFiling: 'Gewijzigd sinds de aanvraag werd ingediend',
    approve: 'Goedkeuren',
    approveHintRebind:
      'Verplaatst het VL-profiel, de rollen en open uitnodigingen naar de nieuwe aanmeldings-ID en mailt elk adres.',
    approveHintCreate: 'Maakt het VL-profiel aan met de rol Beheerder voor de License ID’s en mailt elk adres.',
    notApprovable:
      'Een vereiste controle mislukt: wijs de aanvraag af met de reden, of vraag de aanvrager het eerst op te lossen.',
    reject: 'Afwijzen…',
    rejectTitle: 'Deze aanvraag afwijzen',
    rejectReason: 'Reden (wordt naar de aanvrager gemaild)',
    rejectConfirm: 'Afwijzen',
    cancel: 'Annuleren',
    approved: 'Aanvraag goedgekeurd.',
    rejected: 'Aanvraag afgewezen.',
    checks: {
      license_ids_exist: {
        label: 'De License ID’s bestaan',
        fail: 'Onbekende License ID: {missing}',
      },
      business_email_is_contact: {
        label: 'Het zakelijke e-mailadres is contactpersoon van elke License ID (of de bovenliggende overeenkomst)',
        fail: 'Geen contactpersoon van: {notContactOf}',
      },
      new_identity_found: {
        label: 'Er meldt zich een account aan met de nieuwe aanmeldings-ID in deze cloud',
        fail: 'Zo’n account bestaat niet',
      },
      new_identity_work_account: {
        label: 'De nieuwe aanmeldings-ID is een werkaccount',
        fail: 'Het is een persoonlijk account',
      },
      new_identity_managed_tenant: {
        label: 'De nieuwe aanmeldings-ID hoort bij een beheerde directory',
        fail: 'De directory is onbeheerd',
      },
      new_identity_cloud: {
        label: 'De License ID’s horen bij de cloud van de nieuwe aanmeldings-ID',
        fail: 'Andere cloud: {otherCloud}',
      },
      profile_bound_to_old_identity: {
        label: 'Het VL-profiel van het zakelijke e-mailadres is gekoppeld aan de oude aanmeldings-ID',
        fail: 'Gekoppeld aan: {boundSignInName}',
        failNone: 'Er is geen VL-profiel voor dit zakelijke e-mailadres',
      },
      no_conflicting_profile: {
        label: 'Geen VL-profiel van dit zakelijke e-mailadres is aan iemand anders gekoppeld',
        fail: 'Gekoppeld aan {boundSignInName}: dit is opnieuw koppelen',
      },
      license_ids_without_administrator: {
        label: 'Niemand beheert de License ID’s (of de uitnodiging is ongeldig of verlopen)',
        fail: 'Heeft een beheerder die deze persoon kan toevoegen: {withAdministrator}',
      },
      new_identity_is_requester: {
        label: 'Ingediend door de nieuwe aanmeldings-ID zelf',
        fail: 'Ingediend door iemand anders: controleer of de persoon erom heeft gevraagd',
      },
    },
  },
};

export default vlProfileRequestsNl;
