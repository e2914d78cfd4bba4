// Invitation rules (SPEC §5) with no I/O: the state an invitation is in at a given moment, and how a business e-mail
// is shown to someone who only holds the link.

export const INVITATION_STATES = ['pending', 'redeemed', 'expired', 'revoked', 'void'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export type InvitationFacts = {
  /** as stored */
  state: string;
  issuedAt: Date;
  expiresAt: Date;
  /** imported from a retired system */
  legacy: boolean;
};

/**
 * The state that counts now. Stored `pending` becomes `expired` once `expiresAt` has passed; invitations from a
 * retired system, and those issued before the configured cut-off (INVITATION_CUTOFF), are `void` unless already
 * redeemed or revoked.
 */
export function effectiveInvitationState(
  invitation: InvitationFacts,
  now: Date,
  cutoff: Date | undefined,
): InvitationState {
  const stored = invitation.state as InvitationState;
  if (stored === 'redeemed' || stored === 'revoked' || stored === 'void') return stored;
  if (invitation.legacy || (cutoff !== undefined && invitation.issuedAt.getTime() < cutoff.getTime())) return 'void';
  if (stored === 'expired' || now.getTime() >= invitation.expiresAt.getTime()) return 'expired';
  return 'pending';
}

/**
 * `li••••@contoso.example`: the first two characters of the local part and the domain — enough for its owner to
 * recognize the address, not enough to harvest it (the length of the local part is not shown either).
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '••••';
  const local = email.slice(0, at);
  const shown = [...local].slice(0, 2).join('');
  return `${shown}••••${email.slice(at)}`;
}
