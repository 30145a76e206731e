import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { KabinetPage } from './kabinet-page.js';

/** Windows-1251 bytes of `text`, as Excel on a Russian or Ukrainian Windows saves "CSV (разделители — запятые)". */
function windows1251(text: string): Buffer {
  const special: Record<string, number> = { І: 0xb2, і: 0xb3, Ї: 0xaf, ї: 0xbf, Є: 0xaa, є: 0xba };
  return Buffer.from([...text].map((ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (special[ch] !== undefined) return special[ch];
    throw new Error(`no Windows-1251 byte for ${ch}`);
  }));
}

const CSV = [
  'ФИО;Тел.;Дата рождения;Примечание',
  'Петренко Іван;8 (050) 123-45-67;12.03.1985;"Алергія на лідокаїн,',
  'боїться уколів"',
  'Коваль Олена;+380 67 111 22 33;;',
  ';;;',
  'Бондар Марія;12345;;',
  'Шевченко Тарас;050 123 45 67;;',
  'Мельник Петро;093 555 44 33;;',
].join('\r\n');

test('a receptionist imports patients from a CSV: checks the guessed columns, the preview, duplicates and bad rows, then imports', async ({ browser }) => {
  // A phone-sized screen: the dialog, its column selects and tables must work at 360 px.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const kabinet = await KabinetPage.open(context);
  const { page } = kabinet;
  await kabinet.signUp('Олена Коваль', `import-${Date.now()}@example.com`);
  await kabinet.createClinic('Усмішка');
  // On a phone the navigation is behind the menu button (the page model's openPatients expects a wide screen).
  await page.getByRole('button', { name: 'Меню' }).click();
  await page.getByRole('navigation').getByText('Пациенты', { exact: true }).click();
  await kabinet.createPatient('Мельник Петро Ів.', '093 555 44 33');

  await page.getByRole('button', { name: 'Импорт' }).click();
  const dialog = page.getByRole('dialog', { name: 'Импорт пациентов' });
  await expect(dialog).toContainText('CSV');
  await expect(dialog).toContainText('.xlsx');

  await dialog.getByTestId('import-file-input').setInputFiles({ name: 'пациенты.csv', mimeType: 'text/csv', buffer: windows1251(CSV) });
  await expect(dialog.getByTestId('import-file-name')).toHaveText('пациенты.csv');
  // Row numbers are records as a spreadsheet shows them: the quoted note's line break keeps row 2 one row.

  // The guessed columns, as selects the person can change.
  await expect(dialog.getByLabel('ФИО', { exact: true })).toHaveValue('Имя и фамилия');
  await expect(dialog.getByLabel('Тел.', { exact: true })).toHaveValue('Телефон');
  await expect(dialog.getByLabel('Дата рождения', { exact: true })).toHaveValue('Дата рождения');
  await expect(dialog.getByLabel('Примечание', { exact: true })).toHaveValue('Заметки');

  const summary = dialog.getByTestId('import-summary');
  await expect(summary).toContainText('Будет импортировано: 2');
  await expect(summary).toContainText('Дубликаты: 2');
  await expect(summary).toContainText('С ошибками: 1');

  const preview = dialog.getByTestId('import-preview');
  await expect(preview.getByRole('row')).toHaveCount(3);
  await expect(preview.getByRole('row').nth(1)).toContainText('Петренко Іван');
  await expect(preview.getByRole('row').nth(1)).toContainText('+380 50 123 4567');
  await expect(preview.getByRole('row').nth(1)).toContainText('1985-03-12');
  await expect(preview.getByRole('row').nth(2)).toContainText('Коваль Олена');

  const duplicates = dialog.getByTestId('import-duplicates');
  await expect(duplicates).toContainText('Строка 6: Шевченко Тарас, +380 50 123 4567 — Тот же телефон, что в строке 2 (Петренко Іван)');
  await expect(duplicates).toContainText('Строка 7: Мельник Петро, +380 93 555 4433 — Пациент с этим телефоном уже есть: Мельник Петро Ів.');
  await expect(dialog.getByTestId('import-skipped').getByRole('row').nth(1)).toContainText('5Неверный телефон: 12345');

  // Nothing sticks out sideways on a 360 px screen: wide tables scroll inside their own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // Turning the name column off leaves nothing to import; turning it back restores the count.
  await dialog.getByLabel('ФИО', { exact: true }).click();
  await page.getByRole('option', { name: 'Не импортировать' }).click();
  await expect(dialog.getByTestId('import-submit')).toHaveText('Импортировать нечего');
  await expect(dialog.getByTestId('import-submit')).toBeDisabled();
  await dialog.getByLabel('ФИО', { exact: true }).click();
  await page.getByRole('option', { name: 'Имя и фамилия' }).click();

  await dialog.getByRole('button', { name: 'Импортировать 2 пациентов' }).click();
  const report = dialog.getByTestId('import-report');
  await expect(report).toContainText('Импортировано: 2');
  await expect(report).toContainText('Пропущено: 3');
  const reportRows = dialog.getByTestId('import-report-skipped').getByRole('row');
  await expect(reportRows).toHaveCount(4);

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('import-report-download').click()]);
  expect(download.suggestedFilename()).toBe('импорт-пациентов-отчёт.csv');
  const reportCsv = fs.readFileSync((await download.path())!, 'utf8');
  expect(reportCsv).toContain('Строка;Причина;ФИО;Тел.;Дата рождения;Примечание');
  expect(reportCsv).toContain('5;Неверный телефон: 12345;Бондар Марія;12345;;');
  expect(reportCsv).toContain('6;Тот же телефон, что в строке 2 (Петренко Іван);Шевченко Тарас;050 123 45 67;;');

  await dialog.getByRole('button', { name: 'Закрыть' }).click();
  await expect(dialog).toBeHidden();
  const list = page.getByTestId('patient-results');
  await expect(list).toContainText('Петренко Іван');
  await expect(list).toContainText('Коваль Олена');
  await expect(list.getByRole('button')).toHaveCount(3);
  await expect(list).not.toContainText('Шевченко Тарас');
  await expect(list).not.toContainText('Бондар Марія');

  // The imported card carries the notes with their line break.
  await list.getByText('Петренко Іван').click();
  await expect(page.getByRole('dialog').getByLabel('Заметки')).toHaveValue('Алергія на лідокаїн,\nбоїться уколів');
  await context.close();
});
