/**
 * Remembers every secret the process has handled and scrubs them from any text that leaves it (log
 * lines, error messages, IPC results). This is a second line of defence: code should never put a secret
 * into text in the first place, but SDK errors sometimes echo what they were given.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; very short values are ignored, as scrubbing them would mangle ordinary text. */
  remember(secret: string | null | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    return out;
  }

  /** Redacts every string inside a JSON-compatible value. */
  redactDeep<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    return JSON.parse(this.redact(JSON.stringify(value) ?? 'null')) as T;
  }
}
