import type productsEn from './products.en';

// Dutch messages of the Products and services pages; the type makes a missing or extra key a compile error.
const productsNl: typeof productsEn = {
  products: {
    title: 'Producten en services',
    intro:
      'Download de software waar uw overeenkomsten recht op geven en lees de productcodes. Wat u per License ID ziet, hangt af van uw rollen daarop.',
    tableLabel: 'License ID’s en hun producten',
    licenseId: 'License ID',
    organization: 'Organisatie',
    program: 'Programma',
    status: 'Status',
    actions: 'Producten en services',
    downloads: 'Downloads',
    productKeys: 'Productcodes',
    ofLicenseId: 'van License ID {licenseId}',
    neither: 'Uw rollen omvatten geen downloads of productcodes',
    none: 'U hebt nog geen rol op een License ID.',
    exportAllKeys: 'Alle productcodes exporteren',
    exportAllKeysHint:
      'Eén bestand met tabs als scheidingsteken, met de codes van elke License ID waarvan uw rollen de productcodes tonen (elke export wordt vastgelegd).',
    back: 'Terug naar Producten en services',
    notAllowedTitle: 'Niet beschikbaar voor u',
    downloadsNotAllowed: 'U kunt geen software downloaden voor License ID {licenseId}.',
    keysNotAllowed: 'U kunt de productcodes van License ID {licenseId} niet bekijken.',
    yourRoles: 'Uw rollen daarop: {roles}.',
    downloadsNeed:
      'Voor het downloaden van software is de rol Beheerder productdownloads of Beheerder op de License ID nodig.',
    keysNeed: 'Voor productcodes is de rol Lezer productcodes of Beheerder op de License ID nodig.',
    noRole:
      'License ID {licenseId} bestaat niet, of u hebt er geen rol op (controleer het nummer als u het hebt getypt of toegestuurd gekregen).',
    askAdministrator:
      'Vraag een VL-beheerder van de overeenkomst om u de rol te geven. Heeft de overeenkomst er geen meer, neem dan contact op met support.',
    accessCheck: 'Waarom zie ik geen volumelicenties?',
    goToKeys: 'Naar de productcodes van {licenseId}',
    goToDownloads: 'Naar de downloads van {licenseId}',
  },
  downloads: {
    title: 'Downloads voor {licenseId}',
    intro:
      'Kies een taal en een besturingssysteem en download dan een bestand. Vergelijk de SHA-256 van wat u hebt gedownload met de waarde die hier staat.',
    scopeCatalog:
      'Het programma van deze License ID geeft toegang tot de hele catalogus zolang de License ID actief is.',
    scopeOrdered: 'Alleen de producten die op deze License ID zijn besteld, kunnen worden gedownload.',
    scopeExpired:
      'Deze License ID is verlopen: alleen de producten die erop zijn besteld, kunnen nog worden gedownload.',
    scopeNone: 'Deze License ID is beëindigd: er kan geen software meer voor worden gedownload.',
    filtersLabel: 'Bestanden kiezen',
    language: 'Taal',
    anyLanguage: 'Alle talen',
    os: 'Besturingssysteem',
    anyOs: 'Alle besturingssystemen',
    none: 'Er zijn geen producten om te downloaden voor deze License ID.',
    notAvailable: 'Niet beschikbaar om te downloaden',
    noFiles:
      'Dit product is niet beschikbaar om te downloaden: de uitgever heeft er nog geen bestanden voor gepubliceerd.',
    noMatch:
      'Dit product is niet beschikbaar om te downloaden in de taal en het besturingssysteem die u hebt gekozen. Kies een andere.',
    filesLabel: 'Bestanden van {product}',
    languageLabel: 'Taal',
    architecture: 'Architectuur',
    format: 'Indeling',
    size: 'Grootte',
    sizeValue: '{size} ({bytes} bytes)',
    sha256Of: 'SHA-256 van {file}',
    download: 'Downloaden',
    preparing: 'De download wordt voorbereid…',
    started: 'Het downloaden van {file} is begonnen.',
    failed: 'Het downloaden van {file} kon niet beginnen.',
    linkNote: 'Elke download gebruikt een link die enkele minuten werkt; elke download wordt vastgelegd.',
  },
  productKeys: {
    title: 'Productcodes voor {licenseId}',
    intro:
      'Codes worden gemaskeerd getoond. Toon of kopieer er een wanneer u die nodig hebt, of exporteer ze als bestand met tabs als scheidingsteken; elk daarvan wordt vastgelegd.',
    none: 'Geen product op deze License ID heeft al codes.',
    noKeyNeeded: 'Voor dit product is geen productcode nodig.',
    pending:
      'Een {types}-code voor dit product is onderweg: de uitgever is op de hoogte en wijst hem toe. Kijk later nog eens.',
    tableLabel: 'Productcodes van {product}',
    select: 'Selecteren',
    selectKey: 'Code {key} selecteren',
    key: 'Code',
    type: 'Type',
    activations: 'Activeringen gebruikt / toegestaan',
    activationsValue: '{used} / {allowed}',
    seats: 'Plaatsen',
    onlineActivation: 'Online activering',
    actions: 'Acties',
    notApplicable: '—',
    reveal: 'Tonen',
    hide: 'Verbergen',
    copy: 'Kopiëren',
    copied: 'Gekopieerd',
    revealKey: 'Code {key} tonen',
    hideKey: 'Code {key} verbergen',
    copyKey: 'Code {key} naar het klembord kopiëren',
    copiedAnnouncement: 'Code {key} is naar het klembord gekopieerd.',
    copyFailed:
      'De code kon niet naar het klembord worden gekopieerd; hij wordt nu getoond, selecteer hem om te kopiëren.',
    revealFailed: 'De code kon niet worden getoond.',
    exportLabel: 'Exporteren',
    exportAll: 'Alles exporteren',
    exportSelected: 'Selectie exporteren',
    selectedCount: '{count} geselecteerd',
    clearSelection: 'Selectie wissen',
    tooManySelected: 'Selecteer hoogstens {max} codes, of exporteer alles.',
  },
  catalogTerms: {
    os: {
      windows: 'Windows',
      linux: 'Linux',
      macos: 'macOS',
      any: 'Elk besturingssysteem',
    },
    architectures: {
      x64: '64-bits (x64)',
      x86: '32-bits (x86)',
      arm64: 'ARM64',
      neutral: 'Elke architectuur',
    },
    formats: {
      other: 'Overig',
    },
    languageNeutral: 'Taalonafhankelijk',
    keyTypes: {
      mak: 'MAK',
      'kms-host': 'KMS-host',
      'kms-client': 'KMS-client',
      static: 'Statisch',
      'online-activation': 'Online activering',
      setup: 'Installatie',
    },
    onlineStates: {
      available: 'Beschikbaar',
      redeemed: 'Ingewisseld',
    },
  },
};

export default productsNl;
