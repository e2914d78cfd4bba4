import type { Messages } from './en';

const nl: Messages = {
  app: {
    name: 'vlcenter',
    loading: 'Bezig met laden…',
    skipToMain: 'Naar de hoofdinhoud',
    documentTitle: '{page} - vlcenter',
  },
  errors: {
    generic: 'Er is iets misgegaan. Probeer het opnieuw.',
    network: 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
    rateLimited: 'Te veel pogingen. Probeer het over {seconds} seconden opnieuw.',
    saveFailed: 'Uw wijziging kon niet worden opgeslagen.',
    loadFailed: 'Deze pagina kon niet worden geladen.',
    retry: 'Opnieuw proberen',
  },
  language: {
    label: 'Taal',
    en: 'English',
    nl: 'Nederlands',
  },
  topBar: {
    homeLink: 'Startpagina van vlcenter',
    toggleNav: 'Navigatie',
    accountButton: 'Accountbeheer voor {name}',
    organization: 'Organisatie',
    personalAccount: 'Persoonlijk account',
    signOut: 'Afmelden',
  },
  nav: {
    label: 'Beheercentrum',
    home: 'Startpagina',
    billing: 'Facturering',
    yourProducts: 'Uw producten',
    volumeLicensing: 'Volumelicenties',
    users: 'Gebruikers',
    domains: 'Domeinen',
    support: 'Ondersteuning',
    operatorConsole: 'Operatorconsole',
    pin: '{item} vastmaken',
    unpin: '{item} losmaken',
    showAll: 'Alles weergeven',
  },
  signIn: {
    title: 'Aanmelden',
    intro: 'Meld u aan met uw werkaccount om uw volumelicenties te beheren.',
    login: 'Aanmeldingsnaam',
    loginPlaceholder: 'iemand@voorbeeld.nl',
    password: 'Wachtwoord',
    submit: 'Aanmelden',
    loginRequired: 'Voer uw aanmeldingsnaam in.',
    passwordRequired: 'Voer uw wachtwoord in.',
  },
  home: {
    title: 'Startpagina',
    heading: 'Welkom, {name}',
    intro: 'Beheer de volumelicentieovereenkomsten, productcodes en downloads van uw organisatie op één plek.',
    volumeLicensingCard: 'Bekijk uw overeenkomsten, licenties, productcodes en softwaredownloads.',
    volumeLicensingLink: 'Naar Volumelicenties',
  },
  volumeLicensing: {
    title: 'Volumelicenties',
    intro:
      'Bekijk uw volumelicentieovereenkomsten, productcodes en softwaredownloads, en beheer wie in uw organisatie ze mag gebruiken.',
    emptyHeading: 'Nog geen volumelicentieovereenkomsten',
    emptyText:
      'Wanneer een partner een overeenkomst maakt waarin u als contactpersoon wordt genoemd, ontvangt u een uitnodiging per e-mail.',
  },
  comingSoon: {
    text: 'Deze pagina is nog niet beschikbaar. Ze komt in een latere versie van vlcenter.',
  },
  notFound: {
    title: 'Pagina niet gevonden',
    text: 'De pagina die u zocht, bestaat niet of is verplaatst.',
    homeLink: 'Naar de startpagina',
  },
};

export default nl;
