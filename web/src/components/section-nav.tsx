// A row of links to the sections of one area (the operator console, Volume licensing). The current section is
// marked with aria-current="page" and shown bold and underlined.
import { Link, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { MouseEvent } from 'react';
import { useHref, useLinkClickHandler, useLocation } from 'react-router';
import { useT, type MessageKey } from '../i18n/i18n';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    listStyle: 'none',
    margin: 0,
    padding: 0,
    flexWrap: 'wrap',
  },
  current: { fontWeight: tokens.fontWeightSemibold, textDecorationLine: 'underline' },
});

export type Section = { path: string; label: MessageKey; matches: (pathname: string) => boolean };

export function SectionNav({
  label,
  sections,
  className,
}: {
  /** the navigation landmark's accessible name */
  label: MessageKey;
  sections: readonly Section[];
  className?: string;
}) {
  const t = useT();
  const styles = useStyles();
  const { pathname } = useLocation();
  return (
    <nav aria-label={t(label)}>
      <ul className={mergeClasses(styles.list, className)}>
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
