import { expect, test } from '@playwright/test';
import { KabinetPage } from './kabinet-page.js';

/** The first slot (Monday 09:00) of the week on screen, as its UTC instant. */
async function firstSlotStart(kabinet: KabinetPage): Promise<string> {
  return (await kabinet.page.getByTestId('slot').first().getAttribute('data-start'))!;
}

test('a booking made offline survives a reload and reaches another device when the network returns', async ({ browser }) => {
  const email = `owner-${Date.now()}@example.com`;
  const deviceA = await browser.newContext();
  const deviceB = await browser.newContext();

  const a = await KabinetPage.open(deviceA);
  await a.signUp('Олена Коваль', email);
  await a.createClinic('Посмішка');
  await a.waitForOfflineReady();

  const b = await KabinetPage.open(deviceB);
  await b.signIn(email);

  await deviceA.setOffline(true);
  await expect(a.syncIndicator()).toContainText('Нет сети');
  const start = await firstSlotStart(a);
  await a.bookNewPatient(start, { name: 'Іван Петренко', phone: '050 123 45 67' }, /Консультац/);
  await expect(a.appointments('Іван Петренко')).toBeVisible();
  await expect(a.pendingCount()).toHaveText('2'); // the new patient and the appointment

  await a.page.reload();
  await a.waitForCalendar();
  await expect(a.appointments('Іван Петренко')).toBeVisible();
  await expect(a.syncIndicator()).toContainText('Нет сети');
  await expect(a.pendingCount()).toHaveText('2');
  await expect(b.appointments()).toHaveCount(0);

  await deviceA.setOffline(false);
  await expect(a.pendingCount()).toBeHidden();
  await expect(a.syncIndicator()).toContainText('В сети');
  await expect(b.appointments('Іван Петренко')).toBeVisible();
  await expect(b.appointments('Іван Петренко')).toContainText('09:00–09:30');

  // The sync log tells, in plain words, what failed while offline and what was sent afterwards.
  await a.syncIndicator().click();
  await a.page.getByText('Журнал', { exact: true }).click();
  await expect(a.page.getByTestId('sync-log')).toContainText('нет связи с сервером, повторим автоматически');
  await expect(a.page.getByTestId('sync-log')).toContainText('Отправлено: записи — 1');
  await expect(a.page.getByTestId('sync-log')).toContainText('Отправлено: пациенты — 1');

  await deviceA.close();
  await deviceB.close();
});

test('two offline devices booking the same chair at the same time both show the clash after reconnecting', async ({ browser }) => {
  const email = `clash-${Date.now()}@example.com`;
  const deviceC = await browser.newContext();
  const deviceD = await browser.newContext();
  const c = await KabinetPage.open(deviceC);
  await c.signUp('Анна Шевченко', email);
  await c.createClinic('Два крісла');
  const d = await KabinetPage.open(deviceD);
  await d.signIn(email);

  // Next week, so the clash is in the future and the clash inbox (today on) lists it.
  for (const device of [c, d]) await device.page.getByRole('button', { name: 'Следующая неделя' }).click();
  await deviceC.setOffline(true);
  await deviceD.setOffline(true);
  const start = await firstSlotStart(c);
  await c.bookNewPatient(start, { name: 'Марія Бондар', phone: '067 111 22 33' }, /Консультац/);
  await d.bookNewPatient(start, { name: 'Петро Мельник', phone: '067 444 55 66' }, /Консультац/);
  // Offline, each device sees only its own booking: no clash yet.
  await expect(c.appointments()).toHaveCount(1);
  await expect(c.page.getByTestId('clash-summary')).toBeHidden();

  await deviceC.setOffline(false);
  await deviceD.setOffline(false);
  for (const device of [c, d]) {
    await expect(device.appointments()).toHaveCount(2);
    await expect(device.page.locator('[data-testid="appointment"][data-clash="true"]')).toHaveCount(2);
    await expect(device.page.getByTestId('clash-summary')).toBeVisible();
  }

  // The clash inbox shows the pair once (same doctor and same chair) and fixes it with one click: the second
  // visit moves to the next time both are free, on every device.
  await c.page.getByText('Накладки', { exact: true }).click();
  await expect(c.page.getByTestId('clash')).toHaveCount(1);
  await expect(c.page.getByTestId('clash')).toContainText('Кресло 1');
  await c.page.getByTestId('clash').getByRole('button', { name: /^Перенести на / }).last().click();
  await expect(c.page.getByTestId('no-clashes')).toBeVisible();
  await expect(d.page.locator('[data-testid="appointment"][data-clash="true"]')).toHaveCount(0);
  await expect(d.page.getByTestId('clash-summary')).toBeHidden();

  await deviceC.close();
  await deviceD.close();
});

test('the same field edited on two offline devices keeps the server value and offers the other one in one click', async ({ browser }) => {
  const email = `conflict-${Date.now()}@example.com`;
  const deviceA = await browser.newContext();
  const deviceB = await browser.newContext();
  const a = await KabinetPage.open(deviceA);
  await a.signUp('Олег Ткаченко', email);
  await a.createClinic('Конфлікт');
  const b = await KabinetPage.open(deviceB);
  await b.signIn(email);

  await a.openPatients();
  await a.createPatient('Наталія Руденко', '050 777 66 55');
  await b.openPatients();
  await expect(b.page.getByText('Наталія Руденко')).toBeVisible();

  await deviceA.setOffline(true);
  await deviceB.setOffline(true);
  await a.editPatientNotes('Наталія Руденко', 'алергія на лідокаїн');
  await b.editPatientNotes('Наталія Руденко', 'боїться уколів');
  await deviceA.setOffline(false);
  await expect(a.pendingCount()).toBeHidden();
  await deviceB.setOffline(false);
  await expect(b.pendingCount()).toBeHidden();

  // The server kept A's value; B's is offered as a sync conflict on both devices.
  for (const device of [a, b]) {
    await device.page.getByText('Наталія Руденко').click();
    const dialog = device.page.getByRole('dialog');
    await expect(dialog.getByLabel('Заметки')).toHaveValue('алергія на лідокаїн');
    await expect(dialog.getByTestId('sync-conflicts')).toContainText('Другое значение: боїться уколів');
    await dialog.getByRole('button', { name: 'Закрыть' }).or(dialog.getByRole('button', { name: 'Отмена' })).first().click();
  }
  await b.page.getByText('Наталія Руденко').click();
  await b.page.getByRole('dialog').getByRole('button', { name: 'Применить другое значение' }).click();
  await expect(b.page.getByRole('dialog').getByTestId('sync-conflicts')).toBeHidden();
  await b.page.getByRole('dialog').getByRole('button', { name: 'Отмена' }).click();
  await b.page.getByText('Наталія Руденко').click();
  await expect(b.page.getByRole('dialog').getByLabel('Заметки')).toHaveValue('боїться уколів');
  await a.page.getByText('Наталія Руденко').click();
  await expect(a.page.getByRole('dialog').getByLabel('Заметки')).toHaveValue('боїться уколів');
  await expect(a.page.getByRole('dialog').getByTestId('sync-conflicts')).toBeHidden();

  await deviceA.close();
  await deviceB.close();
});
