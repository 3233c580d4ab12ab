/**
 * A keychain service name of its own for each test file, so tests never read or overwrite a person's
 * `Vitrina` entries and never see each other's. scripts/test.mjs runs the suite inside a private D-Bus
 * session with a throwaway gnome-keyring, so this is belt and braces.
 */
export function useTestKeychainService(): string {
  const service = `VitrinaTest-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  process.env.VITRINA_KEYCHAIN_SERVICE = service;
  return service;
}
