/** Page model of Kabinet for end-to-end tests: what a receptionist does, in the Russian UI. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';

export const PASSWORD = 'correct horse battery';

export class KabinetPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext): Promise<KabinetPage> {
    const page = await context.newPage();
    await page.goto('/');
    return new KabinetPage(page);
  }

  async signUp(name: string, email: string): Promise<void> {
    await this.page.getByLabel('Ваше имя').fill(name);
    await this.page.getByLabel('Эл. почта').fill(email);
    await this.page.getByLabel('Пароль').fill(PASSWORD);
    await this.page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  }

  async signIn(email: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Нет аккаунта? Зарегистрироваться' }).or(this.page.getByRole('button', { name: 'Уже есть аккаунт? Войти' })).click();
    await this.page.getByLabel('Эл. почта').fill(email);
    await this.page.getByLabel('Пароль').fill(PASSWORD);
    await this.page.getByRole('button', { name: 'Войти', exact: true }).click();
    await this.waitForCalendar();
  }

  async createClinic(name: string): Promise<void> {
    await this.page.getByLabel('Название клиники').fill(name);
    await this.page.getByRole('button', { name: 'Создать клинику' }).click();
    await this.waitForCalendar();
  }

  async waitForCalendar(): Promise<void> {
    await expect(this.page.getByTestId('week-grid').or(this.page.getByTestId('day-agenda'))).toBeVisible();
  }

  /** Waits until the service worker controls the page, so a reload works offline. */
  async waitForOfflineReady(): Promise<void> {
    await this.page.waitForFunction(async () => {
      await navigator.serviceWorker.ready;
      return navigator.serviceWorker.controller !== null;
    });
  }

  slot(start: string) {
    return this.page.locator(`[data-testid="slot"][data-start="${start}"]`);
  }

  /** Books a new patient into the slot starting at `start` (UTC instant) with one procedure. */
  async bookNewPatient(start: string, patient: { name: string; phone: string }, procedure: RegExp): Promise<void> {
    await this.slot(start).click();
    const dialog = this.page.getByRole('dialog', { name: 'Новая запись' });
    await dialog.getByLabel('Имя и фамилия').fill(patient.name);
    await dialog.getByLabel('Телефон').fill(patient.phone);
    await dialog.getByLabel('Процедуры').click();
    await this.page.getByRole('option', { name: procedure }).click();
    await dialog.getByLabel('Процедуры').press('Escape');
    await dialog.getByTestId('booking-save').click();
    await expect(dialog).toBeHidden();
  }

  async openPatients(): Promise<void> {
    const link = this.page.getByText('Пациенты', { exact: true });
    if (!(await link.isVisible())) await this.page.getByRole('button', { name: 'Меню' }).click();
    await link.click();
  }

  async createPatient(name: string, phone: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Новый пациент' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Имя и фамилия').fill(name);
    await dialog.getByLabel('Телефон').fill(phone);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect(dialog).toBeHidden();
  }

  async editPatientNotes(name: string, notes: string): Promise<void> {
    await this.page.getByText(name).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Заметки').fill(notes);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect(dialog).toBeHidden();
  }

  appointments(patientName?: string) {
    const all = this.page.getByTestId('appointment');
    return patientName ? all.filter({ hasText: patientName }) : all;
  }

  pendingCount() {
    return this.page.getByTestId('pending-count');
  }

  syncIndicator() {
    return this.page.getByTestId('sync-indicator');
  }
}

/** The newest link in the server's mail outbox for `email` whose path contains `pathPart` (e.g. `/invite/`). */
export function linkFromOutbox(email: string, pathPart: string): string {
  const outbox = path.resolve('.e2e-data/outbox');
  const files = fs.readdirSync(outbox).filter((f) => f.includes(email.replace(/[^a-z0-9@._-]/gi, '_'))).sort();
  if (files.length === 0) throw new Error(`no mail for ${email} in the outbox`);
  const raw = fs.readFileSync(path.join(outbox, files.at(-1)!), 'utf8');
  const text = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = new RegExp(`https?://[^\\s"]+${pathPart.replace(/[/?]/g, '\\$&')}[^\\s"]+`).exec(text);
  if (!match) throw new Error(`no ${pathPart} link in the mail to ${email}`);
  return match[0];
}
