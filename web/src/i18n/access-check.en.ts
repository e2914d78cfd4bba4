// Messages of the "Why can't I see volume licensing?" page (SPEC §10), one title and remedy per finding code.
// Spread into en.ts. `{licenseIds}` is the list of License IDs a finding is about.
const accessCheckEn = {
  accessCheck: {
    title: 'Why can’t I see volume licensing?',
    intro:
      'We check every reason volume licensing can stay hidden for your sign-in ID, in order, and say what to do about each.',
    signedInAs: 'Checked for {name} ({kind}, {cloud} cloud).',
    kindWork: 'work account',
    kindPersonal: 'personal account',
    visible: 'You can see {count} License ID(s) on Volume licensing.',
    allClear: 'Nothing stands in the way.',
    allClearText: 'If an agreement is still missing, ask a VL administrator of that agreement to give you a role.',
    findingsHeading: 'What we found',
    blocking: 'Blocks access',
    note: 'Note',
    remedy: 'What to do',
    open: 'Open the page that fixes this',
    recheck: 'Check again',
    codes: {
      personal_account: 'You are signed in with a personal account',
      unmanaged_tenant: 'Your directory for {domain} is unmanaged',
      other_cloud: 'Roles held in another cloud (ACCESS AT RISK): {licenseIds}',
      no_vl_profile: 'You have not registered for volume licensing with this sign-in ID',
      profile_bound_elsewhere: 'Your business e-mail is registered to another sign-in ID: {boundSignInId}',
      invitation_pending: 'An invitation waits for you: {licenseIds}',
      invitation_expired: 'Your invitation has expired: {licenseIds}',
      invitation_void: 'Your invitation is no longer valid: {licenseIds}',
      no_vl_role: 'You hold no VL role on any License ID',
      organization_not_approved: 'Organization not approved yet: {licenseIds}',
      license_id_expired: 'Agreement ended: {licenseIds}',
    },
    remedies: {
      personal_account:
        'Sign out and sign in with your work account. If your organization has no directory yet, create one, then open your invitation again.',
      unmanaged_tenant:
        'Become the administrator of your domain (domain takeover). Then open your invitation again, or — if it has expired — ask support for a new VL profile.',
      other_cloud:
        'Sign in with an identity of the agreement’s cloud at that cloud’s address, and ask a VL administrator of the agreement to add it (or support for a new VL profile).',
      no_vl_profile:
        'Open the invitation e-mail sent to the business e-mail listed in your agreement and confirm it while signed in with this account. No invitation? Ask a VL administrator of the agreement to add you; if it has none, ask support for a new VL profile.',
      profile_bound_elsewhere:
        'Sign in with that other sign-in ID instead. If you can no longer use it, file a new VL profile request to move the registration to this sign-in ID.',
      invitation_pending:
        'Open the link in the invitation e-mail while signed in with this account and confirm — or, if you are registered already, use Sync permissions in Preferences.',
      invitation_expired:
        'Ask a VL administrator of the agreement to reset your invitation (a new link). If the agreement has no administrator, ask support for a new VL profile.',
      invitation_void:
        'Ask a VL administrator of the agreement to add you. If the agreement has no administrator, ask support for a new VL profile.',
      no_vl_role:
        'Ask a VL administrator of your agreement to give you a role. If the agreement has no administrator left, ask support.',
      organization_not_approved:
        'Nothing is wrong with your account. Ask your licensing partner or support about the approval.',
      license_id_expired: 'Ask your licensing partner about renewing the agreement.',
    },
  },
};

export default accessCheckEn;
