/** The sync log in plain language: what this device sent and received, when, and what failed and why. */
import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/ClinicProvider.js';
import { useSyncLog, type SyncLogEntry } from '../../sync/sync-log.js';
import { formatInstant } from '../../ui/format.js';

function failureReason(entry: SyncLogEntry, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (entry.status === 0) return t('syncLog.reason.offline');
  if (entry.status === 401) return t('syncLog.reason.signedOut');
  if (entry.status === 426) return t('syncLog.reason.outdated');
  if (entry.code === 'access_revoked' || entry.status === 404) return t('syncLog.reason.lostAccess');
  if (entry.status === 403) return t('syncLog.reason.forbidden');
  if (entry.status === 422) return t('syncLog.reason.invalid', { message: entry.message ?? '' });
  return t('syncLog.reason.server', { status: entry.status, message: entry.message ?? '' });
}

export function SyncLogPage() {
  const { t, i18n } = useTranslation();
  const { catalog } = useClinic();
  const entries = useSyncLog();
  const tz = catalog.settings?.timeZone ?? 'UTC';
  return (
    <Stack maw={900}>
      <Title order={3}>{t('syncLog.title')}</Title>
      {entries.length === 0 ? (
        <Text c="dimmed">{t('syncLog.empty')}</Text>
      ) : (
        <Table data-testid="sync-log">
          <Table.Tbody>
            {entries.map((entry, index) => (
              <Table.Tr key={`${entry.at}-${index}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}><Text size="sm">{formatInstant(entry.at, i18n.language, tz)}</Text></Table.Td>
                <Table.Td>
                  <Text size="sm" c={entry.kind === 'failed' ? 'red' : undefined}>
                    {entry.kind === 'failed'
                      ? t('syncLog.failed', { what: t(`syncLog.collection.${entry.collection}`), reason: failureReason(entry, t) })
                      : t(`syncLog.${entry.kind}`, { count: entry.count, what: t(`syncLog.collection.${entry.collection}`) })}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
