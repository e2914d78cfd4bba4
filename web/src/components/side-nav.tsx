import {
  DrawerBody,
  makeStyles,
  mergeClasses,
  NavCategory,
  NavCategoryItem,
  NavDrawer,
  NavDrawerFooter,
  NavSubItemGroup,
  SplitNavItem,
  Switch,
  tokens,
} from '@fluentui/react-components';
import { Pin20Filled, Pin20Regular } from '@fluentui/react-icons';
import type { MouseEvent } from 'react';
import { useHref, useLinkClickHandler, useLocation } from 'react-router';
import type { Me } from '../api/client';
import { useSavePreferences } from '../api/session';
import { useT } from '../i18n/i18n';
import { effectivePins, findNavLeaf, isNavGroup, navTree, type NavLeaf } from './nav-items';
import { useReportSaveError } from './notifications';

export const sideNavId = 'side-nav';

const useStyles = makeStyles({
  // Never squeezed by a wide page (a table's max-content width would otherwise shrink the drawer to nothing).
  drawer: { height: '100%', flexShrink: 0 },
  footer: {
    alignItems: 'flex-start',
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalS,
  },
  // Fluent fades the pin in on hover or focus; it stays clickable while faded, so a click at its place never
  // lands on the link instead (and test drivers, which check the hit target before hovering, can press it).
  pin: { pointerEvents: 'auto' },
  // A pinned item keeps its filled pin in view, so the state shows without hovering.
  pinned: { opacity: 1 },
});

interface SideNavProps {
  me: Me;
  open: boolean;
}

export function SideNav({ me, open }: SideNavProps) {
  const t = useT();
  const styles = useStyles();
  const { pathname } = useLocation();
  const savePreferences = useSavePreferences();
  const reportError = useReportSaveError();

  const pins = effectivePins(me.preferences.navPins);
  const showAll = me.preferences.navShowAll;
  const current = findNavLeaf(pathname);

  const allowed = (leaf: NavLeaf) => !leaf.operatorOnly || me.account.isOperator;
  const visible = (leaf: NavLeaf) => allowed(leaf) && (showAll || pins.includes(leaf.id));

  const togglePin = (leaf: NavLeaf) => {
    const navPins = pins.includes(leaf.id) ? pins.filter((id) => id !== leaf.id) : [...pins, leaf.id];
    savePreferences.mutate({ navPins }, { onError: reportError });
  };

  const renderLeaf = (leaf: NavLeaf) => (
    <PinnableNavItem key={leaf.id} leaf={leaf} pinned={pins.includes(leaf.id)} onTogglePin={() => togglePin(leaf)} />
  );

  return (
    <NavDrawer
      id={sideNavId}
      type="inline"
      open={open}
      aria-label={t('nav.label')}
      className={styles.drawer}
      // Slide only when the user toggles the navigation, not on every page load.
      surfaceMotion={{ children: (Motion, props) => <Motion {...props} appear={false} /> }}
      selectedValue={current?.leaf.id ?? ''}
      selectedCategoryValue={current?.group?.id ?? ''}
      defaultOpenCategories={navTree.filter(isNavGroup).map((group) => group.id)}
    >
      {/*
        A plain DrawerBody, not NavDrawerBody: the latter's arrow-key group inserts tabster's focusable
        aria-hidden sentinels, which axe reports as aria-hidden-focus (serious). Tab reaches every item instead.
      */}
      <DrawerBody>
        {navTree.map((entry) => {
          if (!isNavGroup(entry)) return visible(entry) ? renderLeaf(entry) : null;
          const children = entry.children.filter(visible);
          if (children.length === 0) return null;
          const Icon = entry.icon;
          return (
            <NavCategory key={entry.id} value={entry.id}>
              <NavCategoryItem icon={<Icon />}>{t(entry.label)}</NavCategoryItem>
              <NavSubItemGroup>{children.map(renderLeaf)}</NavSubItemGroup>
            </NavCategory>
          );
        })}
      </DrawerBody>
      <NavDrawerFooter className={styles.footer}>
        <Switch
          label={t('nav.showAll')}
          checked={showAll}
          onChange={(_event, data) => savePreferences.mutate({ navShowAll: data.checked }, { onError: reportError })}
        />
      </NavDrawerFooter>
    </NavDrawer>
  );
}

interface PinnableNavItemProps {
  leaf: NavLeaf;
  pinned: boolean;
  onTogglePin: () => void;
}

function PinnableNavItem({ leaf, pinned, onTogglePin }: PinnableNavItemProps) {
  const t = useT();
  const styles = useStyles();
  const href = useHref(leaf.path);
  const followLink = useLinkClickHandler<HTMLAnchorElement>(leaf.path);
  const label = t(leaf.label);
  const pinLabel = t(pinned ? 'nav.unpin' : 'nav.pin', { item: label });
  const Icon = leaf.icon;

  return (
    <SplitNavItem
      navItem={{
        value: leaf.id,
        href,
        icon: Icon ? <Icon /> : undefined,
        onClick: (event: MouseEvent<HTMLAnchorElement | HTMLButtonElement>) =>
          followLink(event as MouseEvent<HTMLAnchorElement>),
      }}
      actionButton={{
        icon: pinned ? <Pin20Filled /> : <Pin20Regular />,
        className: mergeClasses(styles.pin, pinned && styles.pinned),
        onClick: onTogglePin,
      }}
      actionButtonTooltip={{ content: pinLabel, relationship: 'label' }}
    >
      {label}
    </SplitNavItem>
  );
}
