/**
 * "Sync conflicts" of one record: values this or another device lost when the same field was changed on two
 * devices at once. One click applies the other value; dismissing keeps the current one.
 */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { ConflictActivity } from '../../../../shared/src/domain/index.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { saveDocument } from '../../db/repository.js';
import { toFormError } from '../../ui/form-error.js';

/** A stored field value as a person reads it. */
function show(json: string, t: (key: string) => string): string {
  const value: unknown = JSON.parse(json);
  if (value === null || value === undefined || value === '') return t('conflicts.empty');
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function ConflictList({ collection, documentId }: { collection: ConflictActivity['documentCollection']; documentId: string }) {
  const { t } = useTranslation();
  const { db } = useClinic();
  const conflicts = useLiveQuery(db, 'activities', { selector: { documentId, resolution: 'open' }, sort: [{ at: 'desc' }] }, documentId);
  if (!conflicts || conflicts.length === 0) return null;

  const resolve = async (conflict: ConflictActivity, resolution: 'applied' | 'dismissed') => {
    try {
      if (resolution === 'applied') {
        const current = (await (db[collection] as typeof db.patients).findOne(documentId).exec())?.toJSON() as Record<string, unknown> | undefined;
        if (current) {
          const value: unknown = JSON.parse(conflict.lostValue);
          const { updatedAt: _u, ...rest } = current;
          const next: Record<string, unknown> = { ...rest };
          if (value === null) delete next[conflict.field];
          else next[conflict.field] = value;
          await saveDocument(db, collection, next as never);
        }
      }
      const { updatedAt: _u, _deleted: _d, ...record } = conflict;
      await saveDocument(db, 'activities', { ...record, resolution });
    } catch (error) {
      notifications.show({ color: 'red', message: toFormError(error).message });
    }
  };

  return (
    <Alert color="orange" title={t('conflicts.title')} data-testid="sync-conflicts">
      <Stack gap="sm">
        {conflicts.map((conflict) => (
          <Stack key={conflict.id} gap={4}>
            <Text size="sm">{t('conflicts.field', { field: t(`field.${conflict.field}`, { defaultValue: conflict.field }) })}</Text>
            <Text size="sm">{t('conflicts.kept', { value: show(conflict.keptValue, t) })}</Text>
            <Text size="sm">{t('conflicts.lost', { value: show(conflict.lostValue, t) })}</Text>
            <Group gap="xs">
              <Button size="xs" onClick={() => void resolve(conflict, 'applied')}>{t('conflicts.apply')}</Button>
              <Button size="xs" variant="default" onClick={() => void resolve(conflict, 'dismissed')}>{t('conflicts.dismiss')}</Button>
            </Group>
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}
