import { makeStyles, tokens } from '@fluentui/react-components';
import { SectionNav, type Section } from '../../components/section-nav';

const useStyles = makeStyles({ spaced: { marginBlockEnd: tokens.spacingVerticalL } });

export const roleAssignmentsPath = '/volume-licensing/role-assignments';
/** Role assignments with Import roles open for an enterprise-style License ID (the contracts list's row action). */
export const importRolesPath = (licenseIdNumber: string) =>
  `${roleAssignmentsPath}?import=${encodeURIComponent(licenseIdNumber)}`;
export const assignUsersPath = '/volume-licensing/role-assignments/assign';
export const vlPreferencesPath = '/volume-licensing/preferences';
export const accessCheckPath = '/volume-licensing/access-check';
export const auditLogPath = '/volume-licensing/audit-log';

const sections: Section[] = [
  // Contracts and the pages reached from it: a contract's details, orders, the license summary.
  {
    path: '/volume-licensing',
    label: 'vlArea.contracts',
    matches: (p) =>
      p === '/volume-licensing' || /^\/volume-licensing\/(contracts|orders|license-summary)(\/|$)/.test(p),
  },
  // Downloads and product keys of the License IDs.
  {
    path: '/volume-licensing/products',
    label: 'products.title',
    matches: (p) => /^\/volume-licensing\/products(\/|$)/.test(p),
  },
  {
    path: roleAssignmentsPath,
    label: 'vlArea.roleAssignments',
    matches: (p) => p.startsWith(roleAssignmentsPath),
  },
  { path: vlPreferencesPath, label: 'vlArea.preferences', matches: (p) => p.startsWith(vlPreferencesPath) },
  // Administrators' view of what happened on their License IDs; others are told it is for administrators.
  { path: auditLogPath, label: 'auditLog.nav', matches: (p) => p.startsWith(auditLogPath) },
  // "Why can't I see volume licensing?": where anyone missing an agreement finds the reason.
  {
    path: accessCheckPath,
    label: 'accessCheck.title',
    // The new VL profile request is where the access check sends people whose profile is bound elsewhere.
    matches: (p) => p.startsWith(accessCheckPath) || p.startsWith('/volume-licensing/vl-profile-request'),
  },
];

/** The Volume licensing area's sections: Contracts, Role assignments, Preferences, Audit log, the access check. The current one is aria-current. */
export function VolumeLicensingNav() {
  const styles = useStyles();
  return <SectionNav label="vlArea.navLabel" sections={sections} className={styles.spaced} />;
}
