/** Offers a new version of the app when the service worker has one; never reloads by itself (a booking may be open). */
import { Button, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRegisterSW } from 'virtual:pwa-register/react';

export function UpdatePrompt() {
  const { t } = useTranslation();
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  if (!needRefresh) return null;
  return (
    <Paper shadow="md" p="md" withBorder style={{ position: 'fixed', bottom: 16, left: 16, right: 16, maxWidth: 420, margin: '0 auto', zIndex: 1000 }} role="alert">
      <Text size="sm" mb="sm">{t('update.available')}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => setNeedRefresh(false)}>{t('update.later')}</Button>
        <Button onClick={() => void updateServiceWorker(true)}>{t('update.reload')}</Button>
      </Group>
    </Paper>
  );
}
