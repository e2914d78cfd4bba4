import {
  bundleIcon,
  Globe20Filled,
  Globe20Regular,
  Headset20Filled,
  Headset20Regular,
  Home20Filled,
  Home20Regular,
  Payment20Filled,
  Payment20Regular,
  People20Filled,
  People20Regular,
  ShieldKeyhole20Filled,
  ShieldKeyhole20Regular,
  type FluentIcon,
} from '@fluentui/react-icons';
import type { MessageKey } from '../i18n/i18n';

/**
 * Ids are what `preferences.navPins` stores on the server, so they must never change once released.
 * Labels and paths may.
 */
export type NavItemId =
  | 'home'
  | 'users'
  | 'your-products'
  | 'volume-licensing'
  | 'role-assignments'
  | 'vl-preferences'
  | 'domains'
  | 'support'
  | 'operator-console';

export interface NavLeaf {
  id: NavItemId;
  path: string;
  label: MessageKey;
  icon?: FluentIcon;
  operatorOnly?: boolean;
}

export interface NavGroup {
  id: string;
  label: MessageKey;
  icon: FluentIcon;
  children: NavLeaf[];
}

export type NavEntry = NavLeaf | NavGroup;

export function isNavGroup(entry: NavEntry): entry is NavGroup {
  return 'children' in entry;
}

export const navTree: NavEntry[] = [
  { id: 'home', path: '/', label: 'nav.home', icon: bundleIcon(Home20Filled, Home20Regular) },
  { id: 'users', path: '/users', label: 'nav.users', icon: bundleIcon(People20Filled, People20Regular) },
  {
    id: 'billing',
    label: 'nav.billing',
    icon: bundleIcon(Payment20Filled, Payment20Regular),
    children: [
      { id: 'your-products', path: '/billing/products', label: 'nav.yourProducts' },
      { id: 'volume-licensing', path: '/volume-licensing', label: 'nav.volumeLicensing' },
      { id: 'role-assignments', path: '/volume-licensing/role-assignments', label: 'vlArea.roleAssignments' },
      { id: 'vl-preferences', path: '/volume-licensing/preferences', label: 'vlArea.preferences' },
    ],
  },
  { id: 'domains', path: '/domains', label: 'nav.domains', icon: bundleIcon(Globe20Filled, Globe20Regular) },
  { id: 'support', path: '/support', label: 'nav.support', icon: bundleIcon(Headset20Filled, Headset20Regular) },
  {
    id: 'operator-console',
    path: '/operator',
    label: 'nav.operatorConsole',
    icon: bundleIcon(ShieldKeyhole20Filled, ShieldKeyhole20Regular),
    operatorOnly: true,
  },
];

/** Shown when the user has pinned nothing yet (the server stores an empty list then). */
export const defaultNavPins: readonly NavItemId[] = ['home', 'volume-licensing'];

export function effectivePins(navPins: readonly string[]): readonly string[] {
  return navPins.length > 0 ? navPins : defaultNavPins;
}

/**
 * The leaf a path belongs to: exact match, or a page below it (a contract under /volume-licensing/…). The longest
 * path wins, so /volume-licensing/role-assignments selects Role assignments rather than Volume licensing.
 */
export function findNavLeaf(pathname: string): { leaf: NavLeaf; group: NavGroup | null } | null {
  let found: { leaf: NavLeaf; group: NavGroup | null } | null = null;
  for (const entry of navTree) {
    const leaves = isNavGroup(entry) ? entry.children : [entry];
    for (const leaf of leaves) {
      const matches =
        leaf.path === '/' ? pathname === '/' : pathname === leaf.path || pathname.startsWith(`${leaf.path}/`);
      if (matches && (!found || leaf.path.length > found.leaf.path.length)) {
        found = { leaf, group: isNavGroup(entry) ? entry : null };
      }
    }
  }
  return found;
}
