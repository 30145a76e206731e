/**
 * Outgoing email: through SMTP when `SMTP_URL` is set (nodemailer), otherwise written to `DATA_DIR/outbox/` as an
 * .eml file and logged, so a clinic running `npm start` alone still gets its invitation and reset links.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Sends `mail`; throws if the SMTP server refuses it. */
  send(mail: Mail): Promise<void>;
}

const FROM = 'Kabinet <no-reply@kabinet.local>';

/** The mailer for this server: SMTP when `smtpUrl` is given, else the outbox folder under `dataDir`. */
export function createMailer(options: { smtpUrl?: string; dataDir: string; from?: string }): Mailer {
  const from = options.from ?? FROM;
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from, ...mail });
      },
    };
  }
  const outbox = path.join(options.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      // Quoted-printable keeps the links in the file readable as plain text.
      const info = await transport.sendMail({ from, ...mail, textEncoding: 'quoted-printable' });
      fs.mkdirSync(outbox, { recursive: true });
      const file = path.join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.to.replace(/[^a-z0-9@._-]/gi, '_')}.eml`);
      fs.writeFileSync(file, info.message as Buffer);
      console.log(`Mail to ${mail.to} written to ${path.relative(process.cwd(), file)}:\n${mail.text}`);
    },
  };
}
