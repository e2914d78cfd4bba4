import { Link } from '@fluentui/react-components';
import type { MouseEvent, ReactNode } from 'react';
import { useHref, useLinkClickHandler } from 'react-router';

interface RouterLinkProps {
  to: string;
  children: ReactNode;
  className?: string;
  inline?: boolean;
}

/** A Fluent Link that navigates inside the app without a page load, yet stays a real link (new tab, copy address). */
export function RouterLink({ to, children, className, inline }: RouterLinkProps) {
  const href = useHref(to);
  const handleClick = useLinkClickHandler<HTMLAnchorElement>(to);
  return (
    <Link
      href={href}
      className={className}
      inline={inline}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => handleClick(event)}
    >
      {children}
    </Link>
  );
}
