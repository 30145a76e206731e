/** One short form: the clinic's name; time zone, currency and language pre-filled from the browser. */
import { Alert, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { CardPage } from '../../ui/CardPage.js';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createClinic, type Me } from '../../app/session.js';
import { UI_LANGUAGES, uiLanguage } from '../../i18n/index.js';
import { COMMON_CURRENCIES, allTimeZones, guessClinicDefaults } from './clinic-defaults.js';

export function CreateClinicPage({ me, onCreated, onCancel }: { me: Me; onCreated(id: string): void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const defaults = useMemo(() => guessClinicDefaults(uiLanguage()), []);
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(defaults.timeZone);
  const [currency, setCurrency] = useState(defaults.currency);
  const [locale, setLocale] = useState<string>(defaults.locale);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const timeZones = useMemo(allTimeZones, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const clinic = await createClinic({ name: name.trim(), timeZone, currency, locale });
      onCreated(clinic.id);
    } catch (e) {
      setError(navigator.onLine ? t('clinic.createFailed', { error: (e as Error).message }) : t('clinic.createOffline'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <CardPage width={440}>
      <form onSubmit={submit}>
        <Stack>
          <Title order={3}>{t('clinic.createTitle')}</Title>
          <Text size="sm" c="dimmed">{t('clinic.createHint', { name: me.user.name })}</Text>
          <TextInput label={t('clinic.name')} placeholder={t('clinic.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus autoFocus />
          <Select label={t('clinic.timeZone')} data={timeZones} value={timeZone} onChange={(v) => v && setTimeZone(v)} searchable allowDeselect={false} />
          <Group grow>
            <Select label={t('clinic.currency')} data={[...new Set([currency, ...COMMON_CURRENCIES])]} value={currency} onChange={(v) => v && setCurrency(v)} searchable allowDeselect={false} />
            <Select label={t('clinic.locale')} data={UI_LANGUAGES.map((l) => ({ ...l }))} value={locale} onChange={(v) => v && setLocale(v)} allowDeselect={false} />
          </Group>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            {onCancel && <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>}
            <Button type="submit" loading={isBusy} size="md">{t('clinic.create')}</Button>
          </Group>
        </Stack>
      </form>
    </CardPage>
  );
}
