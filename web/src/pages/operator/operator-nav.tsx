import { Link, makeStyles, tokens } from '@fluentui/react-components';
import type { MouseEvent } from 'react';
import { useHref, useLinkClickHandler, useLocation } from 'react-router';
import { useT, type MessageKey } from '../../i18n/i18n';

const useStyles = makeStyles({
  list: { display: 'flex', gap: tokens.spacingHorizontalL, listStyle: 'none', margin: 0, padding: 0 },
  current: { fontWeight: tokens.fontWeightSemibold, textDecorationLine: 'underline' },
});

const sections: { path: string; label: MessageKey; matches: (pathname: string) => boolean }[] = [
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
];

/** The operator console's sections: Tenants, Organizations, Partners, Programs. The current one carries aria-current. */
export function OperatorNav() {
  const t = useT();
  const styles = useStyles();
  const { pathname } = useLocation();
  return (
    <nav aria-label={t('operatorAgreements.navLabel')}>
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
