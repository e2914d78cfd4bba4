// Partner API tokens: `vlp_` + 256 random bits (base64url), shown once at creation; the database keeps only their
// SHA-256 (lookup) and a short prefix (so people can tell their tokens apart). Revoked tokens stop working at once.
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Clock, TokenGenerator } from '../../clock.js';
import { sha256Hex } from '../../crypto.js';
import type { Database } from '../../db/client.js';
import { accounts, partnerTokens } from '../../db/schema.js';
import type { PartnerAuthenticator } from '../../http/auth.js';

export const PARTNER_TOKEN_PREFIX = 'vlp_';
const TOKEN_BYTES = 32;
// `vlp_` + the first 8 characters of the random part.
const SHOWN_PREFIX_LENGTH = PARTNER_TOKEN_PREFIX.length + 8;
// Writing last_used_at on every call would make every read a write; a minute's precision is enough.
const LAST_USED_PRECISION_MS = 60 * 1000;

export function newPartnerToken(newToken: TokenGenerator): { token: string; tokenHash: string; prefix: string } {
  const token = `${PARTNER_TOKEN_PREFIX}${newToken(TOKEN_BYTES)}`;
  return { token, tokenHash: sha256Hex(token), prefix: token.slice(0, SHOWN_PREFIX_LENGTH) };
}

export function createPartnerAuthenticator(deps: { db: Database; clock: Clock }): PartnerAuthenticator {
  const { db, clock } = deps;
  return {
    async byToken(token) {
      // Not ours (wrong shape): no query needed to say no.
      if (!token.startsWith(PARTNER_TOKEN_PREFIX) || token.length > 200) return null;
      const tokenHash = sha256Hex(token);
      const [row] = await db
        .select({ id: partnerTokens.id, partnerId: partnerTokens.partnerId })
        .from(partnerTokens)
        .where(and(eq(partnerTokens.tokenHash, tokenHash), isNull(partnerTokens.revokedAt)));
      if (!row) return null;
      const now = clock.now();
      await db
        .update(partnerTokens)
        .set({ lastUsedAt: now })
        .where(
          and(
            eq(partnerTokens.id, row.id),
            or(
              isNull(partnerTokens.lastUsedAt),
              lt(partnerTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_PRECISION_MS)),
            ),
          ),
        );
      return { partnerId: row.partnerId, tokenId: row.id };
    },
    async byAccount(accountId) {
      const [row] = await db.select({ partnerId: accounts.partnerId }).from(accounts).where(eq(accounts.id, accountId));
      return row?.partnerId ?? null;
    },
  };
}
