// Invitation rules with no I/O: the state that counts at a moment (expiry, cut-off, legacy), and the masked address.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveInvitationState, maskEmail } from '../../src/domain/invitations.js';

const issuedAt = new Date('2026-03-01T10:00:00Z');
const expiresAt = new Date('2026-03-31T10:00:00Z');
const pending = { state: 'pending', issuedAt, expiresAt, legacy: false };

describe('effectiveInvitationState', () => {
  it('is pending until the expiry instant, expired from it on', () => {
    expect(effectiveInvitationState(pending, new Date(expiresAt.getTime() - 1), undefined)).toBe('pending');
    expect(effectiveInvitationState(pending, expiresAt, undefined)).toBe('expired');
  });

  it('voids legacy invitations and those issued before the cut-off', () => {
    const now = new Date('2026-03-02T00:00:00Z');
    expect(effectiveInvitationState({ ...pending, legacy: true }, now, undefined)).toBe('void');
    expect(effectiveInvitationState(pending, now, new Date('2026-03-01T10:00:00.001Z'))).toBe('void');
    expect(effectiveInvitationState(pending, now, issuedAt)).toBe('pending');
  });

  it('keeps a final state whatever the clock or cut-off say (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('redeemed', 'revoked', 'void'),
        fc.date({ noInvalidDate: true }),
        fc.option(fc.date({ noInvalidDate: true }), { nil: undefined }),
        fc.boolean(),
        (state, now, cutoff, legacy) => {
          expect(effectiveInvitationState({ ...pending, state, legacy }, now, cutoff)).toBe(state);
        },
      ),
    );
  });
});

describe('maskEmail', () => {
  it('shows two characters of the local part and the domain', () => {
    expect(maskEmail('li@contoso.example')).toBe('li••••@contoso.example');
    expect(maskEmail('ana.bowman@contoso.example')).toBe('an••••@contoso.example');
    expect(maskEmail('x@contoso.example')).toBe('x••••@contoso.example');
    expect(maskEmail('not-an-address')).toBe('••••');
  });

  it('never reveals more than two characters of the local part (property)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const masked = maskEmail(email);
        const local = email.slice(0, email.lastIndexOf('@'));
        expect(masked.endsWith(email.slice(email.lastIndexOf('@')))).toBe(true);
        expect(masked.startsWith(local.slice(0, 2))).toBe(true);
        if (local.length > 2) expect(masked).not.toContain(local);
      }),
    );
  });
});
