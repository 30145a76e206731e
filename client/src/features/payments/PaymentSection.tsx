/**
 * Payments of one appointment in its details: what is paid and still owed, the payment history, and taking a
 * payment (amount defaults to what is owed; cash, card or transfer) or a refund. Works offline like everything else.
 */
import { Alert, Badge, Button, Group, Modal, NumberInput, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { canWrite, readScope } from '../../../../shared/src/auth/permissions.js';
import { PAYMENT_METHODS, type Appointment, type LedgerEntry, type PaymentMethod } from '../../../../shared/src/domain/index.js';
import { appointmentBalance } from '../../../../shared/src/reports/balances.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { saveDocument } from '../../db/repository.js';
import { formatInstant, formatMoney, toMajor, toMinor } from '../../ui/format.js';
import { toFormError } from '../../ui/form-error.js';

export function PaymentSection({ appointment }: { appointment: Appointment }) {
  const { t, i18n } = useTranslation();
  const { db, catalog, clinic } = useClinic();
  const settings = catalog.settings!;
  const ledger = useLiveQuery(db, 'ledger', { selector: { appointmentId: appointment.id }, sort: [{ at: 'asc' }] }, appointment.id);
  const [taking, setTaking] = useState<'payment' | 'refund' | null>(null);
  if (readScope(clinic.role, 'ledger') === 'none' || !ledger) return null;
  const { paidMinor, owedMinor } = appointmentBalance(appointment, ledger);
  const money = (minor: number) => formatMoney(minor, settings.currency, i18n.language);
  const mayTake = canWrite(clinic.role, 'ledger', { kind: 'payment' });

  return (
    <Stack gap="xs" data-testid="payment-section">
      <Group justify="space-between">
        <Text fw={600}>{t('payments.title')}</Text>
        <Group gap="xs">
          <Badge color={owedMinor > 0 ? 'orange' : 'green'} variant="light" data-testid="owed">
            {owedMinor > 0 ? t('payments.owed', { amount: money(owedMinor) }) : t('payments.settled')}
          </Badge>
        </Group>
      </Group>
      {ledger.length > 0 && (
        <Table>
          <Table.Tbody>
            {ledger.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td><Text size="sm">{formatInstant(entry.at, i18n.language, settings.timeZone)}</Text></Table.Td>
                <Table.Td><Text size="sm">{t(`ledger.kind.${entry.kind}`)} · {t(`ledger.method.${entry.method}`)}{entry.kind === 'payment' && entry.at < appointment.start ? ` · ${t('payments.prepayment')}` : ''}</Text></Table.Td>
                <Table.Td ta="right"><Text size="sm" c={entry.kind === 'refund' ? 'red' : undefined}>{entry.kind === 'refund' ? '−' : ''}{money(entry.amountMinor)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {mayTake && (
        <Group gap="xs">
          <Button size="xs" onClick={() => setTaking('payment')} data-testid="take-payment">{t('payments.take')}</Button>
          {paidMinor > 0 && <Button size="xs" variant="default" onClick={() => setTaking('refund')}>{t('payments.refund')}</Button>}
        </Group>
      )}
      {taking && (
        <LedgerEntryDialog
          kind={taking}
          appointment={appointment}
          defaultMinor={taking === 'payment' ? owedMinor : paidMinor}
          maxMinor={taking === 'refund' ? paidMinor : undefined}
          onClose={() => setTaking(null)}
        />
      )}
    </Stack>
  );
}

function LedgerEntryDialog({ kind, appointment, defaultMinor, maxMinor, onClose }: { kind: 'payment' | 'refund'; appointment: Appointment; defaultMinor: number; maxMinor?: number; onClose(): void }) {
  const { t } = useTranslation();
  const { db, clinic, catalog } = useClinic();
  const currency = catalog.settings!.currency;
  const [amount, setAmount] = useState<number>(toMajor(defaultMinor, currency));
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const amountMinor = toMinor(Number(amount) || 0, currency);
    if (amountMinor <= 0) return setError(t('payments.error.amount'));
    if (maxMinor !== undefined && amountMinor > maxMinor) return setError(t('payments.error.refundTooBig'));
    try {
      const entry: Omit<LedgerEntry, 'updatedAt' | '_deleted'> = {
        id: uuidv7(), clinicId: clinic.id, kind, amountMinor, method, appointmentId: appointment.id, patientId: appointment.patientId, at: new Date().toISOString(),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      await saveDocument(db, 'ledger', entry);
      onClose();
    } catch (e) {
      setError(toFormError(e).message);
    }
  };

  return (
    <Modal opened onClose={onClose} title={kind === 'payment' ? t('payments.take') : t('payments.refund')}>
      <Stack>
        <NumberInput label={t('payments.amount', { currency })} value={amount} onChange={(v) => setAmount(Number(v) || 0)} min={0} decimalScale={2} thousandSeparator=" " data-autofocus />
        <SegmentedControl data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`ledger.method.${m}`) }))} value={method} onChange={(v) => setMethod(v as PaymentMethod)} />
        <TextInput label={t('payments.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {kind === 'payment' && <Text size="xs" c="dimmed">{Date.now() < Date.parse(appointment.start) ? t('payments.isPrepayment') : t('payments.isAfterVisit')}</Text>}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => void save()} data-testid="confirm-payment">{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
