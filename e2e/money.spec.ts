import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { KabinetPage } from './kabinet-page.js';

test('a payment taken offline shows in the week’s summary, and the report exports to CSV', async ({ browser }) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const kabinet = await KabinetPage.open(context);
  await kabinet.signUp('Олена Коваль', `money-${Date.now()}@example.com`);
  await kabinet.createClinic('Гроші');
  await kabinet.waitForOfflineReady();
  const start = (await kabinet.page.getByTestId('slot').first().getAttribute('data-start'))!;
  await kabinet.bookNewPatient(start, { name: 'Іван Петренко', phone: '050 123 45 67' }, /Консультац/);

  await context.setOffline(true);
  await kabinet.appointments('Іван Петренко').click();
  const dialog = kabinet.page.getByRole('dialog', { name: 'Запись' });
  await expect(dialog.getByTestId('owed')).toContainText('К оплате 600');
  await dialog.getByTestId('take-payment').click();
  const payment = kabinet.page.getByRole('dialog', { name: 'Принять оплату' });
  await expect(payment.getByLabel(/Сумма/)).toHaveValue('600');
  await payment.getByText('Карта').click();
  await payment.getByTestId('confirm-payment').click();
  await expect(dialog.getByTestId('owed')).toHaveText('Оплачено');
  await dialog.getByRole('button', { name: 'Закрыть' }).click();

  await kabinet.page.getByText('Отчёты', { exact: true }).click();
  await kabinet.page.getByText('Неделя', { exact: true }).click();
  await expect(kabinet.page.getByTestId('summary-received')).toContainText('600');
  await expect(kabinet.page.getByTestId('summary-appointments')).toHaveText('1');

  const downloading = kabinet.page.waitForEvent('download');
  await kabinet.page.getByTestId('csv-appointments').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('appointments.csv');
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFFДата;Время;Пациент;Врач;Кресло;Процедуры;Статус;')).toBe(true);
  expect(csv).toContain('Іван Петренко;Олена Коваль;Кресло 1;Консультация;Записан;600');
  await context.close();
});
