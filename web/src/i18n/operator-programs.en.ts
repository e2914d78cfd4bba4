// Messages of the operator console's Programs page. Spread into en.ts.
const operatorProgramsEn = {
  operatorPrograms: {
    nav: 'Programs',
    title: 'Programs',
    intro:
      'Licensing programs are data. Enterprise-style programs send no invitations: administrators add people by sign-in ID. Catalog visibility decides which products customers are offered.',
    table: 'Licensing programs',
    id: 'Id',
    idHint: 'Lower-case letters, digits and dashes, e.g. open-value',
    name: 'Name',
    enterpriseStyle: 'Enterprise style',
    catalogVisibility: 'Catalog visibility',
    visibility_purchased: 'Purchased products only',
    visibility_all: 'The whole catalog',
    licenseIds: 'License IDs',
    yes: 'Yes',
    no: 'No',
    none: 'No programs yet.',
    edit: 'Edit {name}',
    editTitle: 'Edit program {name}',
    enterpriseLocked:
      'Fixed: {count} License IDs already use this program, and it decides how their users were onboarded.',
    save: 'Save',
    cancel: 'Cancel',
    saved: 'Program {name} saved.',
    createHeading: 'Add a program',
    createButton: 'Add program',
    created: 'Program {name} added.',
  },
};

export default operatorProgramsEn;
