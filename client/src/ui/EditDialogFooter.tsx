/** The footer of an edit dialog: delete (confirmed, only for an existing record) on the left; cancel and save on the right. */
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { confirmDelete } from './confirm.js';

export function EditDialogFooter({ deleteName, onDelete, onCancel, onSave }: { deleteName?: string; onDelete?: () => void; onCancel(): void; onSave(): void }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between">
      {onDelete && deleteName !== undefined ? (
        <Button color="red" variant="subtle" onClick={() => confirmDelete(deleteName, onDelete)}>{t('common.delete')}</Button>
      ) : (
        <span />
      )}
      <Group>
        <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>
        <Button onClick={onSave}>{t('common.save')}</Button>
      </Group>
    </Group>
  );
}
