import type accessCheckEn from './access-check.en';

// Dutch messages of the "Why can't I see volume licensing?" page; the type makes a missing key a compile error.
const accessCheckNl: typeof accessCheckEn = {
  accessCheck: {
    title: 'Waarom zie ik geen volumelicenties?',
    intro:
      'We controleren op volgorde elke reden waarom volumelicenties verborgen kunnen blijven voor uw aanmeldings-ID, en zeggen per reden wat u kunt doen.',
    signedInAs: 'Gecontroleerd voor {name} ({kind}, cloud {cloud}).',
    kindWork: 'werkaccount',
    kindPersonal: 'persoonlijk account',
    visible: 'U ziet {count} License ID(’s) bij Volumelicenties.',
    allClear: 'Er staat niets in de weg.',
    allClearText:
      'Ontbreekt er toch een overeenkomst, vraag dan een VL-beheerder van die overeenkomst om u een rol te geven.',
    findingsHeading: 'Wat we vonden',
    blocking: 'Blokkeert toegang',
    note: 'Opmerking',
    remedy: 'Wat u kunt doen',
    open: 'Open de pagina waarmee u dit oplost',
    recheck: 'Opnieuw controleren',
    codes: {
      personal_account: 'U bent aangemeld met een persoonlijk account',
      unmanaged_tenant: 'Uw directory voor {domain} wordt niet beheerd',
      other_cloud: 'Rollen in een andere cloud (TOEGANG IN GEVAAR): {licenseIds}',
      no_vl_profile: 'U hebt zich met deze aanmeldings-ID niet geregistreerd voor volumelicenties',
      profile_bound_elsewhere:
        'Uw zakelijke e-mailadres is geregistreerd bij een andere aanmeldings-ID: {boundSignInId}',
      invitation_pending: 'Er wacht een uitnodiging op u: {licenseIds}',
      invitation_expired: 'Uw uitnodiging is verlopen: {licenseIds}',
      invitation_void: 'Uw uitnodiging is niet meer geldig: {licenseIds}',
      no_vl_role: 'U hebt geen VL-rol voor een License ID',
      organization_not_approved: 'Organisatie nog niet goedgekeurd: {licenseIds}',
      license_id_expired: 'Overeenkomst beëindigd: {licenseIds}',
    },
    remedies: {
      personal_account:
        'Meld u af en meld u aan met uw werkaccount. Heeft uw organisatie nog geen directory, maak er dan een en open daarna uw uitnodiging opnieuw.',
      unmanaged_tenant:
        'Word beheerder van uw domein (domeinovername). Open daarna uw uitnodiging opnieuw, of vraag support om een nieuw VL-profiel als die verlopen is.',
      other_cloud:
        'Meld u aan met een identiteit van de cloud van de overeenkomst, op het adres van die cloud, en vraag een VL-beheerder van de overeenkomst om die toe te voegen (of support om een nieuw VL-profiel).',
      no_vl_profile:
        'Open de uitnodiging die naar het zakelijke e-mailadres uit uw overeenkomst is gestuurd en bevestig die terwijl u met dit account bent aangemeld. Geen uitnodiging? Vraag een VL-beheerder van de overeenkomst om u toe te voegen; is die er niet, vraag support dan om een nieuw VL-profiel.',
      profile_bound_elsewhere:
        'Meld u aan met die andere aanmeldings-ID. Kunt u die niet meer gebruiken, dien dan een aanvraag voor een nieuw VL-profiel in om de registratie naar deze aanmeldings-ID te verplaatsen.',
      invitation_pending:
        'Open de link in de uitnodiging terwijl u met dit account bent aangemeld en bevestig — of gebruik Machtigingen synchroniseren bij Voorkeuren als u al geregistreerd bent.',
      invitation_expired:
        'Vraag een VL-beheerder van de overeenkomst om uw uitnodiging opnieuw in te stellen (een nieuwe link). Heeft de overeenkomst geen beheerder, vraag support dan om een nieuw VL-profiel.',
      invitation_void:
        'Vraag een VL-beheerder van de overeenkomst om u toe te voegen. Heeft de overeenkomst geen beheerder, vraag support dan om een nieuw VL-profiel.',
      no_vl_role:
        'Vraag een VL-beheerder van uw overeenkomst om u een rol te geven. Is er geen beheerder meer, vraag het dan aan support.',
      organization_not_approved:
        'Er is niets mis met uw account. Vraag uw licentiepartner of support naar de goedkeuring.',
      license_id_expired: 'Vraag uw licentiepartner naar verlenging van de overeenkomst.',
    },
  },
};

export default accessCheckNl;
