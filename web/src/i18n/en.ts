// The source of truth for every visible string. Placeholders are written `{name}`.
const en = {
  app: {
    name: 'vlcenter',
    loading: 'Loading…',
    skipToMain: 'Skip to main content',
    documentTitle: '{page} - vlcenter',
  },
  errors: {
    generic: 'Something went wrong. Try again.',
    network: 'The server could not be reached. Check your connection and try again.',
    rateLimited: 'Too many attempts. Try again in {seconds} seconds.',
    saveFailed: 'Your change could not be saved.',
    loadFailed: 'This page could not be loaded.',
    retry: 'Try again',
  },
  language: {
    label: 'Language',
    en: 'English',
    nl: 'Nederlands',
  },
  topBar: {
    homeLink: 'vlcenter home',
    toggleNav: 'Navigation',
    accountButton: 'Account manager for {name}',
    organization: 'Organization',
    personalAccount: 'Personal account',
    signOut: 'Sign out',
  },
  nav: {
    label: 'Admin center',
    home: 'Home',
    billing: 'Billing',
    yourProducts: 'Your products',
    volumeLicensing: 'Volume licensing',
    users: 'Users',
    domains: 'Domains',
    support: 'Support',
    operatorConsole: 'Operator console',
    pin: 'Pin {item}',
    unpin: 'Unpin {item}',
    showAll: 'Show all',
  },
  signIn: {
    title: 'Sign in',
    intro: 'Sign in with your work account to manage your volume licensing.',
    login: 'Sign-in name',
    loginPlaceholder: 'someone@example.com',
    password: 'Password',
    submit: 'Sign in',
    loginRequired: 'Enter your sign-in name.',
    passwordRequired: 'Enter your password.',
  },
  home: {
    title: 'Home',
    heading: 'Welcome, {name}',
    intro: 'Manage your organization’s volume licensing agreements, product keys and downloads in one place.',
    volumeLicensingCard: 'See your agreements, licenses, product keys and software downloads.',
    volumeLicensingLink: 'Go to Volume licensing',
  },
  volumeLicensing: {
    title: 'Volume licensing',
    intro:
      'View your volume licensing agreements, product keys and software downloads, and manage who in your organization can use them.',
    emptyHeading: 'No volume licensing agreements yet',
    emptyText: 'When a partner creates an agreement that names you as a contact, you receive an invitation e-mail.',
  },
  comingSoon: {
    text: 'This page is not available yet. It arrives in a later release of vlcenter.',
  },
  notFound: {
    title: 'Page not found',
    text: 'The page you asked for does not exist or has moved.',
    homeLink: 'Go to the home page',
  },
};

export default en;

/** Every locale has exactly these keys; a missing or extra one is a compile error. */
export type Messages = typeof en;
