/**
 * What the renderer may know about credentials: whether they are configured and a masked key id.
 * Secrets themselves never leave the main process.
 */
export type KeychainState = { available: true } | { available: false; message: string };

export interface CredentialStatus {
  keychain: KeychainState;
  aws: {
    configured: boolean;
    /** `AKIA…WXYZ`: enough to tell keys apart, useless to an attacker. */
    maskedAccessKeyId: string | null;
    hasSessionToken: boolean;
  };
  db: { configured: boolean };
}

/** Masks an access key id to its first and last four characters (`AKIA…WXYZ`). */
export function maskAccessKeyId(id: string): string {
  if (id.length >= 12) return `${id.slice(0, 4)}…${id.slice(-4)}`;
  return `…${id.slice(-2)}`;
}
