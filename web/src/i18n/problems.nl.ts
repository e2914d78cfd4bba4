// Dutch messages for the server's refusals. Spread into nl.ts; the keys follow problems.en.ts.
import type problemsEn from './problems.en';

const problemsNl: typeof problemsEn = {
  problems: {
    internal: 'Er ging bij ons iets mis. Probeer het opnieuw; blijft het gebeuren, neem dan contact op met support.',
    signInRequired: 'Meld u aan om verder te gaan.',
    sessionNotConfirmed: 'Uw sessie kon niet worden bevestigd. Laad de pagina opnieuw en probeer het nog eens.',
    otherSite:
      'Dit verzoek kwam van een andere site en is geweigerd. Open vlcenter rechtstreeks en probeer het opnieuw.',
    invalidCredentials:
      'De aanmeldingsnaam of het wachtwoord klopt niet. Controleer beide en probeer het opnieuw; bent u uw wachtwoord vergeten, vraag uw beheerder dan om het opnieuw in te stellen.',
    signInLocked:
      'Te veel mislukte aanmeldingen met deze naam. Wacht {seconds} seconden en probeer het dan opnieuw; bent u uw wachtwoord vergeten, vraag uw beheerder dan om het opnieuw in te stellen.',
    passwordTooWeak: 'Kies een sterker wachtwoord: de melding bij het wachtwoordveld zegt wat er mis is.',
    codeInvalid: 'Deze code klopt niet. Controleer de e-mail die we stuurden en probeer het opnieuw.',
    codeExpired:
      'Deze code is verlopen of te vaak geprobeerd. Vraag een nieuwe code aan en vul die binnen 10 minuten in.',
    consumerDomain:
      'Dit adres hoort bij een persoonlijke (consumenten)maildienst en kan dus geen werkaccount hebben. Maak in plaats daarvan een persoonlijk account aan, of gebruik het adres van uw organisatie.',
    reservedDomain:
      'Adressen op dit domein zijn aanmeldings-ID’s die beheerders aanmaken. Vraag uw beheerder om een account.',
    domainManaged: 'Uw organisatie beheert dit e-maildomein al; de accounts maakt haar beheerder aan.',
    accountExists:
      'Er bestaat al een account met dit adres. Meld u in plaats daarvan aan; bent u het wachtwoord vergeten, vraag uw beheerder dan om het opnieuw in te stellen.',
    initialNameTaken:
      'Deze initiële domeinnaam is al in gebruik. Kies een andere, bijvoorbeeld met uw woonplaats of een getal.',
    invitationNotFound:
      'Deze uitnodigingslink is niet geldig. Controleer of u de hele link uit de e-mail hebt geopend; lukt het nog steeds niet, vraag dan een VL-beheerder van de overeenkomst om u opnieuw uit te nodigen.',
    otherCloud:
      'Deze License ID hoort bij een andere cloud, en een identiteit werkt alleen in haar eigen cloud. Meld u aan op {signInUrl} met een identiteit van die cloud (uw beheerder kan er een aanmaken) en open deze uitnodiging daar.',
    organizationNotApproved:
      'De uitgever heeft de organisatie van deze overeenkomst nog niet goedgekeurd. Er is niets mis met uw account: open deze uitnodiging opnieuw zodra ze is goedgekeurd, of vraag uw licentiepartner naar de goedkeuring.',
    invitationExpired:
      'Deze uitnodiging is verlopen. Vraag een VL-beheerder van de overeenkomst om u opnieuw uit te nodigen; heeft de overeenkomst geen beheerder, vraag support dan om een nieuw VL-profiel.',
    invitationRevoked:
      'Deze uitnodiging is ingetrokken. Vraag een VL-beheerder van de overeenkomst om u toe te voegen; heeft de overeenkomst geen beheerder, vraag support dan om een nieuw VL-profiel.',
    invitationVoid:
      'Deze uitnodiging is niet meer geldig. Vraag een VL-beheerder van de overeenkomst om u toe te voegen; heeft de overeenkomst geen beheerder, vraag support dan om een nieuw VL-profiel.',
    invitationRedeemed:
      'Deze uitnodiging is al gebruikt. Hebt u zich er zelf mee geregistreerd, open dan Volumelicenties; vraag anders een VL-beheerder van de overeenkomst om u toe te voegen.',
    identityMismatch:
      'Dit zakelijke e-mailadres is al geregistreerd bij de aanmeldings-ID {boundSignInId}. Meld u af, meld u aan met die ID en open deze uitnodiging opnieuw; kunt u die niet meer gebruiken, vraag support dan om een nieuw VL-profiel.',
    licenseIdNotFound:
      'Deze License ID hoort niet (meer) bij de overeenkomsten waar u toegang toe hebt. Controleer het nummer of laad de pagina opnieuw; hoort u toegang te hebben, vraag het dan een VL-beheerder van de overeenkomst.',
    notAnAdministrator:
      'U beheert geen enkele License ID en kunt dus geen rollen toewijzen. Vraag een beheerder van de overeenkomst om u beheerder te maken.',
    noOpenInvitation:
      '{email} heeft geen uitnodiging meer die werkt op de License ID’s die u beheert. Wijs {email} opnieuw rollen toe om een nieuwe te sturen.',
    importRolesEnterpriseOnly:
      'Rollen importeren kan alleen voor License ID’s met een programma in enterprise-stijl. Wijs in plaats daarvan rollen toe aan gebruikers.',
    parentAgreementNotFound:
      'U bent geen contactpersoon van deze hoofdovereenkomst en kunt haar License ID’s dus niet overnemen. Controleer het nummer, of vraag uw licentiepartner u als contactpersoon op te nemen.',
    supportRequestNotFound:
      'Deze supportaanvraag is niet gevonden. Open Help en support om de aanvragen te zien die u hebt ingediend.',
    invalidTransition:
      'Deze aanvraag kan vanuit haar huidige status niet naar die status. Laad de pagina opnieuw om de huidige status te zien en kies dan opnieuw.',
    profileRequestPending:
      'Er wacht al een aanvraag voor een nieuw VL-profiel voor dit zakelijke e-mailadres op een operator (nr. {supportRequestId}). Wacht op het antwoord per e-mail, of vul de aanvraag aan via Help en support.',
    profileRequestDecided:
      'Over deze aanvraag is al beslist. Over een aanvraag wordt maar één keer beslist; de aanvrager kan een nieuwe indienen.',
    profileRequestNotFound:
      'Er is geen aanvraag voor een nieuw VL-profiel met dit nummer. Open de aanvraag vanuit de supportwachtrij.',
    precheckFailed:
      'Deze aanvraag kan nu niet worden goedgekeurd: een van de controles is mislukt. Wijs haar af met de reden, of vraag de aanvrager het eerst op te lossen.',
    oldSignInRequired:
      'Opnieuw koppelen verplaatst een VL-profiel van de aanmeldings-ID die het nu gebruikt: vul die oude aanmeldings-ID in.',
    oldSignInNotForCreate:
      'Een nieuw profiel heeft geen oude aanmeldings-ID. Is het zakelijke e-mailadres geregistreerd bij een identiteit die u niet meer kunt gebruiken, dien dan een aanvraag in om opnieuw te koppelen.',
    sameIdentity:
      'De oude en de nieuwe aanmeldings-ID zijn gelijk, dus er is niets opnieuw te koppelen. Ziet u uw overeenkomsten niet met deze aanmeldings-ID, open dan “Waarom zie ik geen volumelicenties?”.',
    downloadLinkExpired: 'Deze downloadlink is verlopen. Vraag een nieuwe aan op de downloadpagina.',
    downloadLinkInvalid: 'Deze downloadlink is niet geldig. Vraag een nieuwe aan op de downloadpagina.',
    downloadNotAllowed:
      'U mag dit bestand niet meer downloaden voor deze License ID. Vraag een VL-beheerder van de overeenkomst om de rol Beheerder productdownloads.',
    downloadFileNotFound:
      'Dit bestand is niet (meer) beschikbaar voor deze License ID. Laad de pagina opnieuw voor de actuele downloads.',
    downloadFileMissing:
      'Het bestand ontbreekt in de opslag van de server. Neem contact op met support; de uitgever moet het opnieuw uploaden.',
    productNotFound: 'Dit product staat niet (meer) in de catalogus. Laad de pagina opnieuw voor de actuele catalogus.',
    productKeyNotFound:
      'Deze productsleutel hoort niet (meer) bij de License ID’s die u kunt zien. Laad de pagina opnieuw voor de actuele sleutels.',
    summaryReportNotFound: 'Dit licentieoverzicht is niet (meer) beschikbaar. Vraag een nieuw licentieoverzicht aan.',
    auditNotAllowed:
      'Het auditlogboek toont de gebeurtenissen van de License ID’s die u beheert, en u beheert er geen. Vraag het een beheerder van uw overeenkomst.',
    accountNotFound: 'Er meldt zich geen account aan met dit adres in die cloud. Controleer het adres en de cloud.',
    notificationNotFound: 'Deze melding bestaat niet meer. Laad de pagina opnieuw voor de actuele meldingen.',
    userNameTaken: 'Deze gebruikersnaam is al in gebruik. Kies een andere, of zoek de bestaande gebruiker in de lijst.',
    lastGlobalAdmin: 'Dit is de laatste globale beheerder van de tenant. Maak eerst iemand anders globale beheerder.',
    partnerPcnTaken: 'Er bestaat al een partner met dit PCN. Controleer het PCN, of zoek die partner in de lijst.',
    programIdTaken:
      'Er bestaat al een programma met deze id. Kies een andere id, of wijzig in plaats daarvan dat programma.',
    programInUse:
      'Dit programma heeft al License ID’s: de enterprise-stijl bepaalt hoe hun gebruikers worden toegevoegd, dus die kan nu niet meer veranderen. Maak in plaats daarvan een nieuw programma met de andere stijl.',
    takeoverUndoExpired:
      'Een overname kan 10 dagen ongedaan worden gemaakt, en die termijn is voorbij. Pas de directory’s in plaats daarvan met de hand aan.',
    takeoverAlreadyUndone: 'Deze overname is al ongedaan gemaakt. Laad de pagina opnieuw om de huidige stand te zien.',
    domainInvalid: 'Dit is geen domeinnaam. Voer er een in zoals contoso.com.',
    domainExists: 'Dit domein staat al in uw directory. U vindt het in de lijst met domeinen.',
    domainNotFound:
      'Dit domein staat niet (meer) in uw directory. Laad de pagina opnieuw om de huidige domeinen te zien.',
    emailInvalid: 'Dit is geen e-mailadres. Voer er een in zoals naam@contoso.com.',
    takeoverChanged: 'Een domein is tijdens de controle van eigenaar veranderd. Probeer het opnieuw.',
    takeoverNotFound: 'Deze overname bestaat niet (meer). Laad de pagina opnieuw om de huidige stand te zien.',
    tenantUserNotFound:
      'Deze gebruiker staat niet (meer) in uw directory. Laad de pagina opnieuw om de huidige gebruikers te zien.',
    tenantNotFound: 'Deze tenant bestaat niet (meer). Ga terug naar de lijst met tenants en zoek opnieuw.',
    organizationNotFound: 'Deze organisatie bestaat niet (meer). Laad de pagina opnieuw om de huidige lijst te zien.',
    partnerNotFound: 'Deze partner bestaat niet (meer). Ga terug naar de lijst met partners.',
    programNotFound: 'Dit programma bestaat niet (meer). Laad de pagina opnieuw om de huidige programma’s te zien.',
    partnerTokenNotFound:
      'Deze partner heeft zo’n API-token niet (meer). Laad de pagina opnieuw om de huidige tokens te zien.',
    cursorInvalid: 'Deze pagina van de lijst is niet meer geldig. Begin opnieuw bij de eerste pagina.',
    domainConsumer:
      '{domain} is een persoonlijk maildomein (voor consumenten): het kan niet bij een organisatie horen. Voeg een domein toe dat uw organisatie bezit.',
    domainReserved:
      '{domain} valt onder de initiële domeinen die vlcenter elke directory geeft, en die kunnen niet worden toegevoegd. Voeg een domein toe dat uw organisatie bezit.',
    domainInitial:
      '{domain} is het initiële domein van deze directory: het hoort altijd bij de directory en kan niet worden verwijderd.',
    domainInUse:
      'Er melden zich nog {accountCount} account(s) aan met een @{domain}-naam. Verwijder die accounts of geef ze eerst een andere aanmeldnaam, en verwijder dan het domein.',
    domainLimitReached:
      'Deze directory heeft het maximale aantal domeinen. Verwijder eerst domeinen die u niet meer gebruikt.',
    domainVerifiedElsewhere:
      '{domain} is al geverifieerd door de directory van een andere organisatie, en een domein hoort bij één directory. Bezit uw organisatie het, vraag dan de beheerder van die directory het te verwijderen, of neem contact op met support.',
    domainTakeoverRequired:
      'Een niet-beheerde directory gebruikt {domain}: mensen hebben zich aangemeld met @{domain}-adressen. Door het domein te bewijzen neemt u die directory over en komen de gebruikers in de uwe: start de overname van {domain}.',
    takeoverOtherCloud:
      'De directory die {domain} gebruikt staat in een andere cloud dan uw account, en accounts verhuizen nooit tussen clouds. Meld u aan met een account van die cloud.',
    takeoverNotUnmanaged:
      '{domain} hoort bij een beheerde directory, die al een beheerder heeft: er valt niets over te nemen. Bezit uw organisatie het domein, vraag het dan de beheerder van die directory of support.',
    takeoverNothingToTakeOver:
      'Geen enkele directory gebruikt {domain}, dus er valt niets over te nemen. Voeg het domein toe op de pagina Domeinen en verifieer het om het in uw directory te gebruiken.',
    takeoverNotAMember:
      'Alleen een lid van de niet-beheerde directory die {domain} gebruikt (iemand die zich aanmeldde met een @{domain}-adres) kan de beheerder worden. Meld u aan met zo’n account; beheert u een andere directory, neem het domein dan op in de uwe.',
    takeoverNotGlobalAdmin:
      'Alleen een globale beheerder van een beheerde directory kan {domain} en de gebruikers ervan in die directory opnemen. Hebt u zich aangemeld met een @{domain}-adres, word dan de beheerder van uw eigen directory.',
    takeoverChallengeRequired:
      'Vraag eerst het TXT-record op (stap 1), publiceer het bij {domain} en probeer het opnieuw.',
    tenantUserDomainNotVerified:
      '{domain} is geen geverifieerd domein van deze directory. Kies een ander domein, of verifieer {domain} eerst op de pagina Domeinen.',
    requestTooLarge: 'Wat u verstuurde is te groot. Verstuur minder tegelijk.',
  },
  fieldRules: {
    required: 'Vul dit in.',
    unknown: 'Dit veld hoort hier niet.',
    invalid: 'Deze waarde is niet geldig.',
    pattern: 'Deze waarde heeft niet de verwachte vorm.',
    tooShort: 'Gebruik minstens {limit} tekens.',
    tooLong: 'Gebruik hoogstens {limit} tekens.',
    tooFew: 'Geef er minstens {limit}.',
    tooMany: 'Geef er hoogstens {limit}.',
    tooSmall: 'Vul {limit} of meer in.',
    tooLarge: 'Vul {limit} of minder in.',
    notAllowed: 'Kies een van de aangeboden waarden.',
    duplicate: 'Elke waarde mag maar één keer voorkomen.',
    emailInvalid: 'Vul een e-mailadres in, zoals naam@contoso.com.',
    dateInvalid: 'Vul een datum in, zoals 2026-12-31.',
    codeExpired: 'Deze code is verlopen. Vraag een nieuwe aan.',
    codeIncorrect: 'Deze code klopt niet. Controleer de e-mail die we stuurden en probeer het opnieuw.',
    cursorInvalid: 'Deze pagina met resultaten is niet meer geldig. Begin opnieuw bij de eerste pagina.',
    countryInvalid: 'Vul een landcode van twee letters in, zoals NL.',
    beforeStartDate: 'Deze datum ligt vóór de begindatum.',
    programUnknown: 'Dit is geen bekend programma.',
    otherOrganization: 'Dit hoort bij een andere organisatie.',
    consumerDomain: 'Dit is een persoonlijk maildomein. Gebruik een domein dat van uw organisatie is.',
    reservedDomain:
      'Dit adres ligt in een domein dat vlcenter voor zijn directory’s reserveert. Gebruik het eigen domein van uw organisatie.',
    domainInvalid: 'Vul een domeinnaam in, zoals contoso.com.',
    domainNotVerified: 'Kies een domein dat uw organisatie heeft geverifieerd.',
    underInitialDomain:
      'Initiële domeinen kunnen niet worden toegevoegd. Gebruik een domein dat van uw organisatie is.',
    notForPersonal: 'Een persoonlijk account heeft geen code nodig.',
    licenseIdUnknown: 'Dit is geen License ID die u hier kunt gebruiken.',
    sameLicenseId: 'Kies een andere License ID dan die waarin u importeert.',
    parentAgreementUnknown: 'U bent geen contactpersoon van deze bovenliggende overeenkomst.',
    unknownSignInId: 'Dit is niet de aanmeldings-ID van een werkaccount.',
    confirmationRequired: 'Bevestig dat u iemand van buiten uw organisatie toevoegt.',
    secondContact: 'Deze soort contactpersoon staat er twee keer in.',
    keyTypeUnknown: 'Dit product heeft geen sleutels van dit type.',
    notWithoutKey: 'Laat dit leeg voor een product dat geen sleutel nodig heeft.',
    eitherOr: 'Geef een van de twee, niet allebei.',
    passwordIsEmail: 'Kies een wachtwoord dat niet uw e-mailadres is.',
    onlyForRebind: 'Laat dit leeg, tenzij u een profiel verhuist van een oude aanmeldings-ID.',
    sameSignInId: 'Dit is dezelfde als de oude aanmeldings-ID.',
    signInNameInvalid: 'Dit geeft geen geldige aanmeldings-ID. Gebruik letters, cijfers, punten of koppeltekens.',
    rolesInvalid: 'Deze combinatie van rollen is niet toegestaan.',
  },
};

export default problemsNl;
