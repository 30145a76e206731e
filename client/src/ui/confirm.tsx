/** Asks before destroying data. */
import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import i18next from 'i18next';

export function confirmDelete(name: string, onConfirm: () => void): void {
  modals.openConfirmModal({
    title: i18next.t('common.deleteTitle', { name }),
    children: <Text size="sm">{i18next.t('common.deleteText')}</Text>,
    labels: { confirm: i18next.t('common.delete'), cancel: i18next.t('common.cancel') },
    confirmProps: { color: 'red' },
    onConfirm,
  });
}
