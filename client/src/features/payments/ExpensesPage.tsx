/** The clinic's expenses: category, amount, date, note; add and delete (confirmed). Owners and admins. */
import { Alert, Autocomplete, Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { instantAt, localDateOf } from '../../../../shared/src/scheduling/index.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { deleteDocument, saveDocument } from '../../db/repository.js';
import { confirmDelete } from '../../ui/confirm.js';
import { formatMoney, toMinor } from '../../ui/format.js';
import { toFormError } from '../../ui/form-error.js';

export function ExpensesPage() {
  const { t, i18n } = useTranslation();
  const { db, clinic, catalog } = useClinic();
  const settings = catalog.settings!;
  const tz = settings.timeZone;
  const expenses = useLiveQuery(db, 'ledger', { selector: { kind: 'expense' }, sort: [{ at: 'desc' }] }, 'expenses');
  const [form, setForm] = useState({ category: '', amount: 0 as number, date: localDateOf(new Date().toISOString(), tz), note: '' });
  const [error, setError] = useState<string | null>(null);
  const categories = useMemo(() => [...new Set((expenses ?? []).map((e) => e.category).filter((c): c is string => !!c))], [expenses]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const amountMinor = toMinor(Number(form.amount) || 0, settings.currency);
    if (!form.category.trim()) return setError(t('expenses.error.category'));
    if (amountMinor <= 0) return setError(t('payments.error.amount'));
    try {
      await saveDocument(db, 'ledger', {
        id: uuidv7(), clinicId: clinic.id, kind: 'expense', amountMinor, method: 'transfer', at: instantAt(form.date, '12:00', tz), category: form.category.trim(),
        ...(form.note.trim() ? { note: form.note.trim() } : {}),
      });
      setForm({ ...form, amount: 0, note: '' });
    } catch (e) {
      setError(toFormError(e).message);
    }
  };

  return (
    <Stack maw={860}>
      <Title order={3}>{t('expenses.title')}</Title>
      <Paper withBorder p="md">
        <form onSubmit={add}>
          <Group align="flex-end" wrap="wrap">
            <Autocomplete label={t('expenses.category')} data={categories} value={form.category} onChange={(category) => setForm({ ...form, category })} w={200} required />
            <NumberInput label={t('payments.amount', { currency: settings.currency })} value={form.amount} onChange={(v) => setForm({ ...form, amount: Number(v) || 0 })} min={0} decimalScale={2} thousandSeparator=" " w={150} />
            <TextInput label={t('reports.date')} type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.currentTarget.value })} w={160} />
            <TextInput label={t('payments.note')} value={form.note} onChange={(e) => setForm({ ...form, note: e.currentTarget.value })} style={{ flex: '1 1 160px' }} />
            <Button type="submit">{t('expenses.add')}</Button>
          </Group>
          {error && <Alert color="red" mt="sm" role="alert">{error}</Alert>}
        </form>
      </Paper>
      {expenses && expenses.length === 0 ? (
        <Text c="dimmed">{t('expenses.empty')}</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {(expenses ?? []).map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{localDateOf(e.at, tz)}</Table.Td>
                <Table.Td>{e.category}{e.note ? ` · ${e.note}` : ''}</Table.Td>
                <Table.Td ta="right">{formatMoney(e.amountMinor, settings.currency, i18n.language)}</Table.Td>
                <Table.Td w={90}>
                  <Button size="xs" variant="subtle" color="red" onClick={() => confirmDelete(e.category ?? '', () => void deleteDocument(db, 'ledger', e.id))}>{t('common.delete')}</Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
