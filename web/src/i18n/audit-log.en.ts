// Messages of the audit log pages (SPEC §11): administrators' (Volume licensing) and operators' (operator console).
// Spread into en.ts.
const auditLogEn = {
  auditLog: {
    title: 'Audit log',
    introAdministrator:
      'Every security-relevant action on the License IDs you administer: who did what, and when. Newest first.',
    introOperator: 'Every security-relevant action in this deployment, with the client address. Newest first.',
    nav: 'Audit log',
    filtersLabel: 'Filter the audit log',
    licenseIdNumber: 'License ID',
    action: 'Action',
    actionHint: 'An action such as vl_role.granted, or a prefix ending in a dot (vl_role.).',
    from: 'From',
    to: 'To',
    apply: 'Apply filters',
    clear: 'Clear',
    export: 'Export to CSV',
    tableLabel: 'Audit log entries',
    none: 'No entries match these filters.',
    when: 'When',
    who: 'Who',
    target: 'Target',
    details: 'Details',
    address: 'Client address',
    notAllowedTitle: 'Only administrators see the audit log',
    actorKinds: {
      account: 'A user',
      partner: 'Licensing partner',
      operator: 'Operator',
      system: 'vlcenter',
      anonymous: 'Someone not signed in',
    },
  },
};

export default auditLogEn;
