// The Message-ID of a logical e-mail is its idempotency key: the same (kind, recipient, subject id) always gives the
// same id, whatever the recipient's letter case, and any difference in the three gives another.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailMessageId, normalizeRecipient } from '../../src/mail/outbox.js';

describe('mailMessageId', () => {
  it('is deterministic and has the documented shape', () => {
    const id = mailMessageId('invitation', 'ana@contoso.example', 'inv-42');
    expect(id).toBe(mailMessageId('invitation', 'ana@contoso.example', 'inv-42'));
    expect(id).toMatch(/^<invitation\.[0-9a-f]{32}@vlcenter>$/);
  });

  it('is the sha256 of kind, lower-cased recipient and subject id, one per line', async () => {
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update('invitation\nana@contoso.example\ninv-42').digest('hex');
    expect(mailMessageId('invitation', 'Ana@Contoso.Example', 'inv-42')).toBe(
      `<invitation.${digest.slice(0, 32)}@vlcenter>`,
    );
  });

  it('ignores the letter case of the recipient and surrounding spaces', () => {
    const id = mailMessageId('invitation', 'ana@contoso.example', 'inv-42');
    expect(mailMessageId('invitation', 'ANA@CONTOSO.EXAMPLE', 'inv-42')).toBe(id);
    expect(mailMessageId('invitation', '  Ana@Contoso.example ', 'inv-42')).toBe(id);
  });

  it('differs when the kind, the recipient or the subject id differs', () => {
    const id = mailMessageId('invitation', 'ana@contoso.example', 'inv-42');
    expect(mailMessageId('password-reset', 'ana@contoso.example', 'inv-42')).not.toBe(id);
    expect(mailMessageId('invitation', 'bob@contoso.example', 'inv-42')).not.toBe(id);
    expect(mailMessageId('invitation', 'ana@contoso.example', 'inv-43')).not.toBe(id);
    // the separator keeps fields apart: moving characters between fields changes the id
    expect(mailMessageId('a', 'b@c.example', 'x\ny')).not.toBe(mailMessageId('a', 'b@c.example', 'x'));
  });

  it('is case-insensitive in the recipient for any address (property)', () => {
    const local = fc.stringMatching(/^[a-zA-Z0-9._%+-]{1,20}$/);
    const domain = fc.stringMatching(/^[a-zA-Z0-9-]{1,15}\.[a-zA-Z]{2,6}$/);
    fc.assert(
      fc.property(local, domain, fc.string(), (l, d, subjectId) => {
        const address = `${l}@${d}`;
        const id = mailMessageId('notice', address, subjectId);
        expect(mailMessageId('notice', address.toUpperCase(), subjectId)).toBe(id);
        expect(mailMessageId('notice', address.toLowerCase(), subjectId)).toBe(id);
      }),
    );
  });

  it('refuses a kind that would not make a valid Message-ID, and anything but one address', () => {
    expect(() => mailMessageId('Invitation <x>', 'ana@contoso.example', '1')).toThrow(/kind/);
    expect(() => mailMessageId('', 'ana@contoso.example', '1')).toThrow(/kind/);
    for (const bad of [
      'ana',
      'ana@contoso',
      'a@b.example, c@d.example',
      'Ana <ana@contoso.example>',
      'a@b.example\r\nBcc: x@y.example',
      '',
    ]) {
      expect(() => normalizeRecipient(bad), bad).toThrow(/e-mail address/);
    }
  });
});
