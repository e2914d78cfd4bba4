import { Link, makeStyles, tokens } from '@fluentui/react-components';
import type { MouseEvent } from 'react';
import { useHref, useLinkClickHandler, useLocation } from 'react-router';
import { useT, type MessageKey } from '../../i18n/i18n';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    listStyle: 'none',
    margin: 0,
    marginBlockEnd: tokens.spacingVerticalL,
    padding: 0,
    flexWrap: 'wrap',
  },
  current: { fontWeight: tokens.fontWeightSemibold, textDecorationLine: 'underline' },
});

export const roleAssignmentsPath = '/volume-licensing/role-assignments';
export const assignUsersPath = '/volume-licensing/role-assignments/assign';
export const vlPreferencesPath = '/volume-licensing/preferences';
export const accessCheckPath = '/volume-licensing/access-check';

const sections: { path: string; label: MessageKey; matches: (pathname: string) => boolean }[] = [
  // Contracts and the pages reached from it: a contract's details, orders, the license summary.
  {
    path: '/volume-licensing',
    label: 'vlArea.contracts',
    matches: (p) =>
      p === '/volume-licensing' || /^\/volume-licensing\/(contracts|orders|license-summary)(\/|$)/.test(p),
  },
  {
    path: roleAssignmentsPath,
    label: 'vlArea.roleAssignments',
    matches: (p) => p.startsWith(roleAssignmentsPath),
  },
  { path: vlPreferencesPath, label: 'vlArea.preferences', matches: (p) => p.startsWith(vlPreferencesPath) },
  // "Why can't I see volume licensing?": where anyone missing an agreement finds the reason.
  { path: accessCheckPath, label: 'accessCheck.title', matches: (p) => p.startsWith(accessCheckPath) },
];

/** The Volume licensing area's sections: Contracts, Role assignments, Preferences, the access check. The current one is aria-current. */
export function VolumeLicensingNav() {
  const t = useT();
  const styles = useStyles();
  const { pathname } = useLocation();
  return (
    <nav aria-label={t('vlArea.navLabel')}>
      <ul className={styles.list}>
        {sections.map((section) => (
          <li key={section.path}>
            <SectionLink
              to={section.path}
              label={t(section.label)}
              current={section.matches(pathname)}
              className={styles.current}
            />
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SectionLink({
  to,
  label,
  current,
  className,
}: {
  to: string;
  label: string;
  current: boolean;
  className: string;
}) {
  const href = useHref(to);
  const handleClick = useLinkClickHandler<HTMLAnchorElement>(to);
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={current ? className : undefined}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => handleClick(event)}
    >
      {label}
    </Link>
  );
}
