/** A patient's balance and payment history, on the patient card. */
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { readScope } from '../../../../shared/src/auth/permissions.js';
import { patientBalance } from '../../../../shared/src/reports/balances.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { formatInstant, formatMoney } from '../../ui/format.js';

export function PatientMoney({ patientId }: { patientId: string }) {
  const { t, i18n } = useTranslation();
  const { db, catalog, clinic } = useClinic();
  const settings = catalog.settings!;
  const ledger = useLiveQuery(db, 'ledger', { selector: { patientId }, sort: [{ at: 'desc' }] }, patientId);
  const visits = useLiveQuery(db, 'appointments', { selector: { patientId } }, patientId);
  if (readScope(clinic.role, 'ledger') === 'none' || !ledger || !visits) return null;
  const { balanceMinor } = patientBalance(patientId, visits, ledger);
  const money = (minor: number) => formatMoney(minor, settings.currency, i18n.language);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>{t('payments.history')}</Text>
        <Badge color={balanceMinor < 0 ? 'orange' : balanceMinor > 0 ? 'blue' : 'green'} variant="light" data-testid="patient-balance">
          {balanceMinor < 0 ? t('payments.debt', { amount: money(-balanceMinor) }) : balanceMinor > 0 ? t('payments.credit', { amount: money(balanceMinor) }) : t('payments.settled')}
        </Badge>
      </Group>
      {ledger.length === 0 ? (
        <Text size="sm" c="dimmed">{t('payments.none')}</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {ledger.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td><Text size="sm">{formatInstant(entry.at, i18n.language, settings.timeZone)}</Text></Table.Td>
                <Table.Td><Text size="sm">{t(`ledger.kind.${entry.kind}`)} · {t(`ledger.method.${entry.method}`)}</Text></Table.Td>
                <Table.Td ta="right"><Text size="sm">{entry.kind === 'refund' ? '−' : ''}{money(entry.amountMinor)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
