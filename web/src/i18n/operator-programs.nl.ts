import type operatorProgramsEn from './operator-programs.en';

// Dutch messages of the operator console's Programs page; the type makes a missing key a compile error.
const operatorProgramsNl: typeof operatorProgramsEn = {
  operatorPrograms: {
    nav: 'Programma’s',
    title: 'Programma’s',
    intro:
      'Licentieprogramma’s zijn gegevens. Programma’s in enterprise-stijl versturen geen uitnodigingen: beheerders voegen mensen toe met hun aanmeldings-ID. De zichtbaarheid van de catalogus bepaalt welke producten klanten aangeboden krijgen.',
    table: 'Licentieprogramma’s',
    id: 'Id',
    idHint: 'Kleine letters, cijfers en streepjes, bijvoorbeeld open-value',
    name: 'Naam',
    enterpriseStyle: 'Enterprise-stijl',
    catalogVisibility: 'Zichtbaarheid catalogus',
    visibility_purchased: 'Alleen gekochte producten',
    visibility_all: 'De hele catalogus',
    licenseIds: 'License IDs',
    yes: 'Ja',
    no: 'Nee',
    none: 'Nog geen programma’s.',
    edit: '{name} bewerken',
    editTitle: 'Programma {name} bewerken',
    enterpriseLocked:
      'Vast: {count} License IDs gebruiken dit programma al, en het bepaalde hoe hun gebruikers zijn toegevoegd.',
    save: 'Opslaan',
    cancel: 'Annuleren',
    saved: 'Programma {name} opgeslagen.',
    createHeading: 'Programma toevoegen',
    createButton: 'Programma toevoegen',
    created: 'Programma {name} toegevoegd.',
  },
};

export default operatorProgramsNl;
