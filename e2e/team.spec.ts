import { expect, test } from '@playwright/test';
import { KabinetPage, PASSWORD, linkFromOutbox } from './kabinet-page.js';

test('the owner invites a receptionist who joins and books; once removed, her device says so and wipes the clinic', async ({ browser }) => {
  const stamp = Date.now();
  const ownerEmail = `owner-${stamp}@example.com`;
  const receptionistEmail = `reception-${stamp}@example.com`;
  const ownerDevice = await browser.newContext();
  const receptionDevice = await browser.newContext();

  const owner = await KabinetPage.open(ownerDevice);
  await owner.signUp('Олена Коваль', ownerEmail);
  await owner.createClinic('Посмішка');
  const clinicId = await owner.page.evaluate(() => localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('kabinet.clinic.'))!));

  await owner.page.getByRole('link', { name: 'Команда' }).or(owner.page.getByText('Команда', { exact: true })).first().click();
  await owner.page.getByLabel('Эл. почта').fill(receptionistEmail);
  await owner.page.getByLabel('Роль').first().click();
  await owner.page.getByRole('option', { name: 'Регистратор' }).click();
  await owner.page.getByRole('button', { name: 'Пригласить', exact: true }).click();
  await expect(owner.page.getByTestId('invitation-row').filter({ hasText: receptionistEmail })).toContainText('Регистратор');

  // She follows the link from the email, signs up with the invited address and joins.
  const reception = new KabinetPage(await receptionDevice.newPage());
  await reception.page.goto(linkFromOutbox(receptionistEmail, '/invite/'));
  await expect(reception.page.getByText('Вас приглашают в клинику «Посмішка» на роль «Регистратор»')).toBeVisible();
  await expect(reception.page.getByLabel('Эл. почта')).toHaveValue(receptionistEmail);
  await reception.page.getByLabel('Ваше имя').fill('Ірина Лисенко');
  await reception.page.getByLabel('Пароль').fill(PASSWORD);
  await reception.page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await reception.page.getByRole('button', { name: 'Присоединиться к «Посмішка»' }).click();
  await reception.waitForCalendar();
  await expect(reception.page.getByText('Команда', { exact: true })).toHaveCount(0); // not a manager

  const start = (await reception.page.getByTestId('slot').first().getAttribute('data-start'))!;
  await reception.bookNewPatient(start, { name: 'Тарас Гончар', phone: '063 555 44 33' }, /Консультац/);
  await expect(reception.pendingCount()).toBeHidden();
  await owner.page.getByText('Календарь', { exact: true }).click();
  await expect(owner.appointments('Тарас Гончар')).toBeVisible();

  const databasesBefore = await reception.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
  expect(databasesBefore.some((name) => name.includes(clinicId!.toLowerCase()))).toBe(true);

  // The owner removes her; her open app learns it at once and deletes the clinic's data.
  await owner.page.getByText('Команда', { exact: true }).click();
  await owner.page.getByTestId('member-row').filter({ hasText: receptionistEmail }).getByRole('button', { name: 'Удалить' }).click();
  await owner.page.getByRole('dialog').getByRole('button', { name: 'Удалить' }).click();
  await expect(owner.page.getByTestId('member-row').filter({ hasText: receptionistEmail })).toHaveCount(0);

  await expect(reception.page.getByTestId('lost-access')).toContainText('Посмішка');
  await expect(reception.page.getByRole('button', { name: 'Зарегистрироваться' }).or(reception.page.getByRole('button', { name: 'Войти', exact: true }))).toBeVisible();
  await expect
    .poll(async () => (await reception.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''))).filter((name) => name.includes(clinicId!.toLowerCase())))
    .toEqual([]);

  await ownerDevice.close();
  await receptionDevice.close();
});
