import { SectionNav, type Section } from '../../components/section-nav';

const sections: Section[] = [
  {
    path: '/operator',
    label: 'operatorAgreements.navTenants',
    matches: (p) => p === '/operator' || p.startsWith('/operator/tenants'),
  },
  {
    path: '/operator/organizations',
    label: 'operatorAgreements.navOrganizations',
    matches: (p) => p.startsWith('/operator/organizations'),
  },
  {
    path: '/operator/partners',
    label: 'operatorAgreements.navPartners',
    matches: (p) => p.startsWith('/operator/partners'),
  },
  {
    path: '/operator/programs',
    label: 'operatorPrograms.nav',
    matches: (p) => p.startsWith('/operator/programs'),
  },
  {
    path: '/operator/support',
    label: 'operatorSupport.nav',
    matches: (p) => p.startsWith('/operator/support'),
  },
  { path: '/operator/audit-log', label: 'auditLog.nav', matches: (p) => p.startsWith('/operator/audit-log') },
];

/** The operator console's sections: Tenants, Organizations, Partners, Programs, Audit log. The current one carries aria-current. */
export function OperatorNav() {
  return <SectionNav label="operatorAgreements.navLabel" sections={sections} />;
}
