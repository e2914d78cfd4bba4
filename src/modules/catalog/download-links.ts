// Short-lived signed download links (SPEC §8): `<payload>.<signature>`, both base64url. The payload names the file,
// the License ID it was issued on, the account it was issued to and the expiry; the signature is HMAC-SHA-256 under a
// key derived from the server key, so nothing is stored per link and any instance can check it. A changed byte, a
// link made with another key, or an expired one is refused before anything is read from disk.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type DownloadLinkClaims = {
  fileId: string;
  accountId: string;
  licenseIdNumber: string;
  /** seconds since the epoch */
  expiresAt: number;
};

export type LinkCheck =
  { ok: true; claims: DownloadLinkClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export function createDownloadLinkSigner(secretKey: Buffer) {
  // A key of its own: a signature made for download links means nothing anywhere else.
  const key = createHmac('sha256', secretKey).update('vlcenter download-link v1').digest();
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest();

  function issue(claims: DownloadLinkClaims): string {
    const payload = Buffer.from(
      JSON.stringify([claims.fileId, claims.accountId, claims.licenseIdNumber, claims.expiresAt]),
      'utf8',
    ).toString('base64url');
    return `${payload}.${sign(payload).toString('base64url')}`;
  }

  function check(token: string, now: Date): LinkCheck {
    const parts = token.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
    const [payload, signature] = parts as [string, string];
    const given = Buffer.from(signature, 'base64url');
    const expected = sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'signature' };
    let fields: unknown;
    try {
      fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (
      !Array.isArray(fields) ||
      fields.length !== 4 ||
      typeof fields[0] !== 'string' ||
      typeof fields[1] !== 'string' ||
      typeof fields[2] !== 'string' ||
      typeof fields[3] !== 'number'
    )
      return { ok: false, reason: 'malformed' };
    const claims = { fileId: fields[0], accountId: fields[1], licenseIdNumber: fields[2], expiresAt: fields[3] };
    if (now.getTime() >= claims.expiresAt * 1000) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  return { issue, check };
}

export type DownloadLinkSigner = ReturnType<typeof createDownloadLinkSigner>;
