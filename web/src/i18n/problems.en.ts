// The server's refusals, said in the user's language (components/problem-message.ts maps each stable problem code
// to one of these). Placeholders are the problem's own members (e.g. {boundSignInId}), {seconds} from Retry-After,
// or what the page passes (e.g. {email}). Spread into en.ts.
const problemsEn = {
  problems: {
    internal: 'Something went wrong on our side. Try again; if it keeps happening, contact support.',
    signInRequired: 'Sign in to continue.',
    sessionNotConfirmed: 'Your session could not be confirmed. Reload the page and try again.',
    otherSite: 'This request came from another site and was refused. Open vlcenter directly and try again.',
    invalidCredentials:
      'The sign-in name or password is not correct. Check both and try again; if you have forgotten your password, ask your administrator to reset it.',
    signInLocked:
      'Too many failed sign-ins with this name. Wait {seconds} seconds, then try again; if you have forgotten your password, ask your administrator to reset it.',
    passwordTooWeak: 'Choose a stronger password: the message next to the password says what is wrong with this one.',
    codeInvalid: 'This code is not correct. Check the e-mail we sent and try again.',
    codeExpired: 'This code has expired or was tried too often. Request a new code and enter it within 10 minutes.',
    consumerDomain:
      'This address belongs to a personal (consumer) mail service, so it cannot have a work account. Sign up for a personal account instead, or use your organization’s address.',
    reservedDomain:
      'Addresses at this domain are sign-in IDs that administrators create. Ask your administrator for an account.',
    domainManaged: 'Your organization already manages this e-mail domain, so its administrator creates the accounts.',
    accountExists:
      'An account with this address already exists. Sign in instead; if you have forgotten the password, ask your administrator to reset it.',
    initialNameTaken:
      'This initial domain name is already taken. Choose another, for example with your city or a number.',
    invitationNotFound:
      'This invitation link is not valid. Check that you opened the whole link from the e-mail; if it still fails, ask a VL administrator of the agreement to invite you again.',
    otherCloud:
      'This License ID belongs to another cloud, and an identity works only in its own cloud. Sign in at {signInUrl} with an identity of that cloud (your administrator can create one) and open this invitation there.',
    organizationNotApproved:
      'The publisher has not approved the organization of this agreement yet. Nothing is wrong with your account: open this invitation again once it is approved, or ask your licensing partner about the approval.',
    invitationExpired:
      'This invitation has expired. Ask a VL administrator of the agreement to invite you again; if it has no administrator, ask support for a new VL profile.',
    invitationRevoked:
      'This invitation was withdrawn. Ask a VL administrator of the agreement to add you; if it has no administrator, ask support for a new VL profile.',
    invitationVoid:
      'This invitation is no longer valid. Ask a VL administrator of the agreement to add you; if it has no administrator, ask support for a new VL profile.',
    invitationRedeemed:
      'This invitation has already been used. If you registered with it yourself, open Volume licensing; otherwise ask a VL administrator of the agreement to add you.',
    identityMismatch:
      'This business e-mail is already registered to the sign-in ID {boundSignInId}. Sign out, sign in with that ID and open this invitation again; if you can no longer use it, ask support for a new VL profile.',
    licenseIdNotFound:
      'This License ID is not among the agreements you have access to (any more). Check the number or reload the page; if you should have access, ask a VL administrator of the agreement.',
    notAnAdministrator:
      'You do not administer any License ID, so you cannot assign roles. Ask an administrator of the agreement to make you one.',
    noOpenInvitation:
      '{email} has no invitation that still works on the License IDs you administer. Assign roles to {email} again to send a new one.',
    importRolesEnterpriseOnly:
      'Import roles is only for License IDs on an enterprise-style program. Assign roles to users instead.',
    parentAgreementNotFound:
      'You are not a contact of this parent agreement, so you cannot inherit its License IDs. Check the number, or ask your licensing partner to list you as a contact.',
    supportRequestNotFound: 'This support request was not found. Open Help & support to see the requests you filed.',
    invalidTransition:
      'This request cannot move to that state from the state it is in now. Reload the page to see its current state, then choose again.',
    profileRequestPending:
      'A new VL profile request for this business e-mail is already waiting for an operator (no. {supportRequestId}). Wait for its answer by e-mail, or add to it through Help & support.',
    profileRequestDecided:
      'This request has already been decided. A request is decided only once; the requester can file a new one.',
    profileRequestNotFound: 'There is no new VL profile request with this number. Open it from the support queue.',
    precheckFailed:
      'This request cannot be approved now: one of its checks failed. Reject it with the reason, or ask the requester to fix it first.',
    oldSignInRequired: 'A re-bind moves a VL profile from the sign-in ID it uses now: enter that old sign-in ID.',
    oldSignInNotForCreate:
      'A new profile has no old sign-in ID. If the business e-mail is registered to an identity you can no longer use, file a re-bind instead.',
    sameIdentity:
      'The old and the new sign-in ID are the same, so there is nothing to re-bind. If you cannot see your agreements with this sign-in ID, open “Why can’t I see volume licensing?”.',
    downloadLinkExpired: 'This download link has expired. Ask for a new one on the downloads page.',
    downloadLinkInvalid: 'This download link is not valid. Ask for a new one on the downloads page.',
    downloadNotAllowed:
      'You may no longer download this file on this License ID. Ask a VL administrator of the agreement for the Product download manager role.',
    downloadFileNotFound:
      'This file is not available (any more) on this License ID. Reload the page to see the current downloads.',
    downloadFileMissing:
      'The file is missing from the server’s storage. Contact support; the publisher must upload it again.',
    productNotFound: 'This product is not in the catalog (any more). Reload the page to see the current catalog.',
    productKeyNotFound:
      'This product key is not on the License IDs you can see (any more). Reload the page to see the current keys.',
    summaryReportNotFound: 'This license summary report is not available (any more). Ask for a new license summary.',
    auditNotAllowed:
      'The audit log shows the entries of the License IDs you administer, and you administer none. Ask an administrator of your agreement.',
    accountNotFound: 'No account signs in with this address in that cloud. Check the address and the cloud.',
    notificationNotFound: 'This notification no longer exists. Reload the page to see the current ones.',
    userNameTaken: 'This user name is already taken. Choose another, or find the existing user in the list.',
    lastGlobalAdmin: 'This is the tenant’s last global administrator. Make someone else a global administrator first.',
    partnerPcnTaken: 'A partner with this PCN already exists. Check the PCN, or find that partner in the list.',
    programIdTaken: 'A program with this id already exists. Choose another id, or change that program instead.',
    programInUse:
      'This program already has License IDs: its enterprise style decides how their users are onboarded, so it cannot change now. Create a new program with the other style instead.',
    takeoverUndoExpired:
      'A takeover can be undone for 10 days, and that time has passed. Change the directories by hand instead.',
    takeoverAlreadyUndone: 'This takeover was already undone. Reload the page to see its current state.',
    domainInvalid: 'This is not a domain name. Enter one such as contoso.com.',
    domainExists: 'This domain is already in your directory. Find it in the list of domains.',
    domainNotFound: 'This domain is not in your directory (any more). Reload the page to see the current domains.',
    emailInvalid: 'This is not an e-mail address. Enter one such as name@contoso.com.',
    takeoverChanged: 'A domain changed hands while it was being checked. Try again.',
    takeoverNotFound: 'This takeover does not exist (any more). Reload the page to see the current state.',
    tenantUserNotFound: 'This user is not in your directory (any more). Reload the page to see the current users.',
    tenantNotFound: 'This tenant does not exist (any more). Go back to the list of tenants and search again.',
    organizationNotFound: 'This organization does not exist (any more). Reload the page to see the current list.',
    partnerNotFound: 'This partner does not exist (any more). Go back to the list of partners.',
    programNotFound: 'This program does not exist (any more). Reload the page to see the current programs.',
    partnerTokenNotFound: 'This partner has no such API token (any more). Reload the page to see its current tokens.',
    cursorInvalid: 'This page of the list is no longer valid. Start again from the first page.',
    domainConsumer:
      '{domain} is a personal (consumer) mail domain: it cannot belong to an organization. Add a domain your organization owns.',
    domainReserved:
      '{domain} is under the initial domains vlcenter gives each directory, which cannot be added. Add a domain your organization owns.',
    domainInitial:
      '{domain} is this directory’s initial domain: it always belongs to the directory and cannot be removed.',
    domainInUse:
      '{accountCount} account(s) still sign in with an @{domain} name. Remove those accounts or give them another sign-in name first, then remove the domain.',
    domainLimitReached: 'This directory has as many domains as it may have. Remove domains you no longer use first.',
    domainVerifiedElsewhere:
      '{domain} is already verified by another organization’s directory, and a domain belongs to one directory only. If your organization owns it, ask that directory’s administrator to remove it, or contact support.',
    domainTakeoverRequired:
      'An unmanaged directory uses {domain}: people signed up with @{domain} addresses. Proving the domain takes that directory over and moves its users into yours: start the takeover of {domain}.',
    takeoverOtherCloud:
      'The directory that uses {domain} is in another cloud than your account, and accounts never move between clouds. Sign in with an account of that cloud.',
    takeoverNotUnmanaged:
      '{domain} belongs to a managed directory, which already has an administrator: there is nothing to take over. If your organization owns the domain, ask that directory’s administrator or support.',
    takeoverNothingToTakeOver:
      'No directory uses {domain}, so there is nothing to take over. To use the domain in your directory, add it on the Domains page and verify it.',
    takeoverNotAMember:
      'Only a member of the unmanaged directory that uses {domain} (someone who signed up with an @{domain} address) can become its administrator. Sign in with such an account; if you administer another directory, take the domain into yours instead.',
    takeoverNotGlobalAdmin:
      'Only a global administrator of a managed directory can bring {domain} and its users into that directory. If you signed up with an @{domain} address, become the administrator of your own directory instead.',
    takeoverChallengeRequired: 'Get the TXT record first (step 1), publish it at {domain}, then try again.',
    tenantUserDomainNotVerified:
      '{domain} is not a verified domain of this directory. Choose another domain, or verify {domain} on the Domains page first.',
    requestTooLarge: 'What you sent is too large. Send less at once.',
  },
  // What is wrong with one input (components/field-errors.ts maps each field rule of the server to one of these),
  // shown under the input. {limit} is the rule's bound.
  fieldRules: {
    required: 'Fill this in.',
    unknown: 'This field is not expected here.',
    invalid: 'This value is not valid.',
    pattern: 'This value does not have the expected form.',
    tooShort: 'Use at least {limit} characters.',
    tooLong: 'Use at most {limit} characters.',
    tooFew: 'Give at least {limit}.',
    tooMany: 'Give at most {limit}.',
    tooSmall: 'Enter {limit} or more.',
    tooLarge: 'Enter {limit} or less.',
    notAllowed: 'Choose one of the values offered.',
    duplicate: 'Each one may appear only once.',
    emailInvalid: 'Enter an e-mail address such as name@contoso.com.',
    dateInvalid: 'Enter a date such as 2026-12-31.',
    codeExpired: 'This code has expired. Ask for a new one.',
    codeIncorrect: 'This code is not correct. Check the e-mail we sent and try again.',
    cursorInvalid: 'This page of results is no longer valid. Start again from the first page.',
    countryInvalid: 'Enter a two-letter country code such as NL.',
    beforeStartDate: 'This date is before the start date.',
    programUnknown: 'This is not a known program.',
    otherOrganization: 'This belongs to another organization.',
    consumerDomain: 'This is a personal mail domain. Use a domain your organization owns.',
    reservedDomain: 'This address is in a domain vlcenter reserves for its directories. Use your organization’s own.',
    domainInvalid: 'Enter a domain name such as contoso.com.',
    domainNotVerified: 'Choose a domain your organization has verified.',
    underInitialDomain: 'Initial domains cannot be added. Use a domain your organization owns.',
    notForPersonal: 'A personal account needs no code.',
    licenseIdUnknown: 'This is not a License ID you can use here.',
    sameLicenseId: 'Choose another License ID than the one you import into.',
    parentAgreementUnknown: 'You are not a contact of this parent agreement.',
    unknownSignInId: 'This is not the sign-in ID of a work account.',
    confirmationRequired: 'Confirm that you add someone from outside your organization.',
    secondContact: 'This kind of contact is listed twice.',
    keyTypeUnknown: 'This product has no keys of this type.',
    notWithoutKey: 'Leave this empty for a product that needs no key.',
    eitherOr: 'Give one of the two, not both.',
    passwordIsEmail: 'Choose a password that is not your e-mail address.',
    onlyForRebind: 'Leave this empty unless you move a profile from an old sign-in ID.',
    sameSignInId: 'This is the same as the old sign-in ID.',
    signInNameInvalid: 'This does not make a valid sign-in ID. Use letters, digits, dots or hyphens.',
    rolesInvalid: 'This combination of roles is not allowed.',
  },
};

export default problemsEn;
