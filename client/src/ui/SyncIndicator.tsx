/** Always-visible sync state: online / offline, changes not yet on the server, and when the last sync happened. */
import { Badge, Button, Group, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useClinic } from '../app/ClinicProvider.js';
import { pendingCount, subscribePending } from '../db/pending-changes.js';
import { useSyncStatus } from '../sync/sync-status.js';
import { formatInstant } from './format.js';
import { updateApp } from './update-app.js';

/** `onSignInAgain` shows the sign-in page; local data and unsynced changes stay on the device. */
export function SyncIndicator({ onSignInAgain }: { onSignInAgain(): void }) {
  const { t, i18n } = useTranslation();
  const { db, catalog, sync } = useClinic();
  const [, navigate] = useLocation();
  const [isOpen, setOpen] = useState(false);
  const status = useSyncStatus();
  const pending = useSyncExternalStore(subscribePending, () => pendingCount(db.name));
  const timeZone = catalog.settings?.timeZone ?? 'UTC';

  const color = status.problem ? 'red' : !status.isOnline ? 'gray' : pending > 0 ? 'yellow' : 'green';
  const label = status.problem ? t(`sync.problem.${status.problem}`) : status.isOnline ? t('sync.online') : t('sync.offline');

  return (
    <Popover position="bottom-end" withArrow opened={isOpen} onChange={setOpen}>
      <Popover.Target>
        <UnstyledButton aria-label={t('sync.details')} data-testid="sync-indicator" onClick={() => setOpen((o) => !o)}>
          <Group gap={6} wrap="nowrap">
            <Badge color={color} variant="dot" size="lg" data-state={status.isOnline ? 'online' : 'offline'}>
              {label}
            </Badge>
            {pending > 0 && (
              <Badge color="yellow" variant="filled" data-testid="pending-count" title={t('sync.pending', { count: pending })}>
                {pending}
              </Badge>
            )}
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={4}>
          <Text size="sm">{label}</Text>
          <Text size="sm">{pending > 0 ? t('sync.pending', { count: pending }) : t('sync.allSynced')}</Text>
          <Text size="sm" c="dimmed">
            {status.lastSyncAt ? t('sync.lastSync', { when: formatInstant(status.lastSyncAt, i18n.language, timeZone) }) : t('sync.never')}
          </Text>
          {status.problem === 'signed_out' && <Text size="sm">{t('sync.signedOutHint')}</Text>}
          {status.problem === 'signed_out' && <Button size="xs" onClick={onSignInAgain}>{t('sync.signInAgain')}</Button>}
          {status.problem === 'outdated' && <Text size="sm">{t('sync.outdatedHint')}</Text>}
          {status.problem === 'outdated' && <Button size="xs" onClick={() => void updateApp()}>{t('sync.updateApp')}</Button>}
          {status.problem === 'forbidden' && <Text size="sm">{t('sync.forbiddenHint')}</Text>}
          {status.detail && (status.problem === 'server_error' || status.problem === 'forbidden') && <Text size="sm" c="red">{status.detail}</Text>}
          <Group gap="md">
            <UnstyledButton onClick={sync.resync}>
              <Text size="sm" c="blue">{t('sync.now')}</Text>
            </UnstyledButton>
            <UnstyledButton
              onClick={() => {
                setOpen(false);
                navigate('/sync-log');
              }}
            >
              <Text size="sm" c="blue">{t('sync.log')}</Text>
            </UnstyledButton>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
