import { makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import type { Me } from '../api/client';
import { SideNav } from './side-nav';
import { mainContentId, SkipLink } from './skip-link';
import { TopBar } from './top-bar';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  // Public pages (sign-in, sign-up) can be taller than the window: the page scrolls and the background follows.
  publicRoot: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  main: {
    flexGrow: 1,
    minWidth: 0,
    overflowY: 'auto',
    paddingBlock: tokens.spacingVerticalXXL,
    paddingInline: tokens.spacingHorizontalXXXL,
    backgroundColor: tokens.colorNeutralBackground1,
    // Focus lands here from the skip link; the outline would only frame the whole page.
    ':focus': { outlineStyle: 'none' },
  },
  publicMain: {
    flexGrow: 1,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    paddingBlock: tokens.spacingVerticalXXXL,
    paddingInline: tokens.spacingHorizontalL,
    ':focus': { outlineStyle: 'none' },
  },
});

// A narrow window starts with the navigation closed so the page itself stays readable.
function wideEnoughForNav(): boolean {
  return window.matchMedia('(min-width: 768px)').matches;
}

/** Header, navigation and main area of the admin center, for signed-in users. */
export function AppFrame({ me, children }: { me: Me; children: ReactNode }) {
  const styles = useStyles();
  const [navOpen, setNavOpen] = useState(wideEnoughForNav);
  return (
    <div className={styles.root}>
      <SkipLink />
      <TopBar me={me} navOpen={navOpen} onToggleNav={() => setNavOpen((open) => !open)} />
      <div className={styles.body}>
        <SideNav me={me} open={navOpen} />
        <main id={mainContentId} tabIndex={-1} className={styles.main}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** The frame for people who are not signed in: no navigation, content centred. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.publicRoot}>
      <SkipLink />
      <TopBar />
      <main id={mainContentId} tabIndex={-1} className={styles.publicMain}>
        {children}
      </main>
    </div>
  );
}
