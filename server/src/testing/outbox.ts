/**
 * Reading the mail a test server wrote to `DATA_DIR/outbox/*.eml` (no SMTP_URL in tests): the newest message for an
 * address, its decoded text, and the invitation / password-reset tokens in it.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Decodes a quoted-printable body (soft line breaks, `=XX` bytes) as UTF-8. */
function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? /^[0-9A-F]{2}$/i.exec(joined.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface OutboxMail {
  file: string;
  to: string;
  /** The decoded plain-text body. */
  text: string;
}

/** Every mail in the outbox addressed to `email`, oldest first (file names start with an ISO timestamp). */
export function mailsTo(dataDir: string, email: string): OutboxMail[] {
  const outbox = path.join(dataDir, 'outbox');
  if (!fs.existsSync(outbox)) return [];
  const wanted = email.trim().toLowerCase();
  return fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => {
      const raw = fs.readFileSync(path.join(outbox, file), 'utf8');
      const split = raw.search(/\r?\n\r?\n/);
      const headers = raw.slice(0, split);
      const to = /^To: (.*)$/im.exec(headers)?.[1]?.trim().toLowerCase() ?? '';
      const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
      const isQuotedPrintable = /^Content-Transfer-Encoding: quoted-printable$/im.test(headers);
      return { file, to, text: isQuotedPrintable ? decodeQuotedPrintable(body) : body };
    })
    .filter((mail) => mail.to === wanted);
}

/** The newest mail to `email`; throws when there is none. */
export function latestMailTo(dataDir: string, email: string): OutboxMail {
  const mail = mailsTo(dataDir, email).at(-1);
  if (!mail) throw new Error(`No mail to ${email} in the outbox`);
  return mail;
}

/** The token of the invitation link (`<publicUrl>/invite/<token>`) in the newest mail to `email`. */
export function invitationToken(dataDir: string, email: string, publicUrl: string): string {
  const { text } = latestMailTo(dataDir, email);
  const match = new RegExp(`${escapeRegExp(publicUrl)}/invite/([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`No invitation link in the newest mail to ${email}:\n${text}`);
  return match[1]!;
}

/** The token of the reset link (`<publicUrl>/reset-password?token=<token>`) in the newest mail to `email`. */
export function resetPasswordToken(dataDir: string, email: string, publicUrl: string): string {
  const { text } = latestMailTo(dataDir, email);
  const match = new RegExp(`${escapeRegExp(publicUrl)}/reset-password\\?token=([^\\s]+)`).exec(text);
  if (!match) throw new Error(`No reset link in the newest mail to ${email}:\n${text}`);
  return decodeURIComponent(match[1]!);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
