import type auditLogEn from './audit-log.en';

// Dutch messages of the audit log pages; the type makes a missing key a compile error.
const auditLogNl: typeof auditLogEn = {
  auditLog: {
    title: 'Auditlogboek',
    introAdministrator:
      'Elke beveiligingsrelevante handeling op de License ID’s die u beheert: wie deed wat, en wanneer. Nieuwste eerst.',
    introOperator: 'Elke beveiligingsrelevante handeling in deze installatie, met het clientadres. Nieuwste eerst.',
    nav: 'Auditlogboek',
    filtersLabel: 'Het auditlogboek filteren',
    licenseIdNumber: 'License ID',
    action: 'Handeling',
    actionHint: 'Een handeling zoals vl_role.granted, of een voorvoegsel dat eindigt op een punt (vl_role.).',
    from: 'Van',
    to: 'Tot en met',
    apply: 'Filters toepassen',
    clear: 'Wissen',
    export: 'Exporteren naar CSV',
    tableLabel: 'Vermeldingen in het auditlogboek',
    none: 'Geen vermeldingen voor deze filters.',
    when: 'Wanneer',
    who: 'Wie',
    target: 'Onderwerp',
    details: 'Details',
    address: 'Clientadres',
    notAllowedTitle: 'Alleen beheerders zien het auditlogboek',
    actorKinds: {
      account: 'Een gebruiker',
      partner: 'Licentiepartner',
      operator: 'Operator',
      system: 'vlcenter',
      anonymous: 'Iemand die niet is aangemeld',
    },
  },
};

export default auditLogNl;
