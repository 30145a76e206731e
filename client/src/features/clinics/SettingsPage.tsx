/** Clinic settings (name, time zone, currency, language, opening hours, slot size), UI language, and signing out. */
import { Alert, Button, Checkbox, Group, Modal, Paper, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SLOT_MINUTES, type ClinicSettings } from '../../../../shared/src/domain/index.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { authClient } from '../../app/session.js';
import { saveDocument } from '../../db/repository.js';
import { UI_LANGUAGES } from '../../i18n/index.js';
import { formatDayLabel } from '../../ui/format.js';
import { toFormError, type FormError } from '../../ui/form-error.js';
import { COMMON_CURRENCIES, allTimeZones } from './clinic-defaults.js';
import { exportClinicData } from './export-data.js';
import { canWrite } from '../../../../shared/src/auth/permissions.js';
import { closeLocalClinics, localClinicsOf, unsyncedChangesOf, wipeLocalClinic } from '../../app/local-data.js';

/** Signing out offers to delete this device's copy of the person's clinics, warning about unsynced changes. */
function SignOutDialog({ userId, onClose, onSignedOut }: { userId: string; onClose(): void; onSignedOut(): void }) {
  const { t } = useTranslation();
  const unsynced = unsyncedChangesOf(userId);
  const [shouldDelete, setShouldDelete] = useState(unsynced === 0);
  const [isBusy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    await authClient.signOut().catch(() => undefined);
    localStorage.removeItem('kabinet.me');
    if (shouldDelete) {
      await Promise.all(localClinicsOf(userId).map((local) => wipeLocalClinic(local.userId, local.clinicId)));
    } else {
      await closeLocalClinics(userId);
    }
    onSignedOut();
  };
  return (
    <Modal opened onClose={onClose} title={t('signOut.title')}>
      <Stack>
        {unsynced > 0 && <Alert color="orange" role="alert">{t('signOut.unsynced', { count: unsynced })}</Alert>}
        <Checkbox checked={shouldDelete} onChange={(e) => setShouldDelete(e.currentTarget.checked)} label={t('signOut.deleteData')} description={t('signOut.deleteHint')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color={shouldDelete ? 'red' : undefined} loading={isBusy} onClick={() => void signOut()}>{t('settings.signOut')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Change password; every other device is signed out. */
function ChangePassword() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const result = await authClient.changePassword({ currentPassword: current, newPassword: next, revokeOtherSessions: true }).catch(() => ({ error: { code: 'offline' } }));
    if (result.error) {
      setError(t(`auth.error.${result.error.code ?? ''}`, { defaultValue: t('auth.error.generic') }));
      return;
    }
    setCurrent('');
    setNext('');
    notifications.show({ message: t('settings.passwordChanged'), color: 'green' });
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack>
          <Text fw={600}>{t('settings.changePassword')}</Text>
          <Group grow>
            <PasswordInput label={t('settings.currentPassword')} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required autoComplete="current-password" />
            <PasswordInput label={t('auth.newPassword')} value={next} onChange={(e) => setNext(e.currentTarget.value)} required minLength={8} autoComplete="new-password" />
          </Group>
          <Text size="xs" c="dimmed">{t('settings.changePasswordHint')}</Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" variant="default">{t('settings.changePassword')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

// 2026-11-16 is a Monday: used to print weekday names in the UI language.
const weekdayName = (isoDay: number, language: string) => formatDayLabel(`2026-11-${15 + isoDay}`, language, { weekday: 'short' });

export function SettingsPage({ onSignedOut }: { onSignedOut(): void }) {
  const { t, i18n } = useTranslation();
  const { db, catalog, me, clinic } = useClinic();
  const settings = catalog.settings!;
  const mayEdit = canWrite(clinic.role, 'catalog', { kind: 'clinic' });
  const [draft, setDraft] = useState<ClinicSettings>(settings);
  const [error, setError] = useState<FormError | null>(null);
  const timeZones = useMemo(allTimeZones, []);
  const set = (patch: Partial<ClinicSettings>) => setDraft({ ...draft, ...patch });
  const [isSigningOut, setSigningOut] = useState(false);
  const exportAll = async () => {
    const bytes = await exportClinicData(db);
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `kabinet-${settings.name.replace(/[^\p{L}\p{N}]+/gu, '-')}-${new Date().toISOString().slice(0, 10)}.zip`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const save = async () => {
    setError(null);
    if (draft.openingHours.open >= draft.openingHours.close) return setError({ field: 'openingHours', message: t('settings.error.hours') });
    try {
      const { updatedAt: _u, _deleted: _d, ...rest } = draft;
      await saveDocument(db, 'catalog', rest);
      notifications.show({ message: t('settings.saved'), color: 'green' });
    } catch (e) {
      setError(toFormError(e));
    }
  };

  return (
    <Stack maw={640}>
      <Title order={3}>{t('settings.title')}</Title>
      <Paper withBorder p="md">
        <fieldset disabled={!mayEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          {!mayEdit && <Text size="sm" c="dimmed">{t('settings.readOnly')}</Text>}
          <TextInput label={t('clinic.name')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={error?.field === 'name' ? error.message : undefined} />
          <Select label={t('clinic.timeZone')} data={timeZones} value={draft.timeZone} onChange={(v) => v && set({ timeZone: v })} searchable allowDeselect={false} />
          <Group grow>
            <Select label={t('clinic.currency')} data={[...new Set([draft.currency, ...COMMON_CURRENCIES])]} value={draft.currency} onChange={(v) => v && set({ currency: v })} searchable allowDeselect={false} />
            <Select label={t('clinic.locale')} data={UI_LANGUAGES.map((l) => ({ ...l }))} value={draft.locale} onChange={(v) => v && set({ locale: v as ClinicSettings['locale'] })} allowDeselect={false} />
          </Group>
          <Group grow>
            <TextInput label={t('settings.opens')} type="time" value={draft.openingHours.open} onChange={(e) => set({ openingHours: { ...draft.openingHours, open: e.currentTarget.value } })} error={error?.field === 'openingHours' ? error.message : undefined} />
            <TextInput label={t('settings.closes')} type="time" value={draft.openingHours.close} onChange={(e) => set({ openingHours: { ...draft.openingHours, close: e.currentTarget.value } })} />
          </Group>
          <Checkbox.Group label={t('settings.workDays')} value={draft.openingHours.workDays.map(String)} onChange={(days) => set({ openingHours: { ...draft.openingHours, workDays: days.map(Number).sort() } })}>
            <Group mt={4}>
              {[1, 2, 3, 4, 5, 6, 7].map((day) => (
                <Checkbox key={day} value={String(day)} label={weekdayName(day, i18n.language)} />
              ))}
            </Group>
          </Checkbox.Group>
          <div>
            <Text size="sm" fw={500} mb={4}>{t('settings.slot')}</Text>
            <SegmentedControl data={SLOT_MINUTES.map((m) => ({ value: String(m), label: t('settings.minutes', { count: m }) }))} value={String(draft.slotMinutes)} onChange={(v) => set({ slotMinutes: Number(v) as ClinicSettings['slotMinutes'] })} />
          </div>
          {error && error.field !== 'name' && error.field !== 'openingHours' && <Alert color="red">{error.message}</Alert>}
          {mayEdit && (
            <Group justify="flex-end">
              <Button onClick={() => void save()}>{t('common.save')}</Button>
            </Group>
          )}
        </Stack>
        </fieldset>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Select label={t('settings.language')} data={UI_LANGUAGES.map((l) => ({ ...l }))} value={i18n.resolvedLanguage ?? 'ru'} onChange={(v) => v && void i18n.changeLanguage(v)} allowDeselect={false} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{me.user.email}</Text>
            <Button variant="default" onClick={() => setSigningOut(true)}>{t('settings.signOut')}</Button>
          </Group>
        </Stack>
      </Paper>
      {clinic.role === 'owner' && (
        <Paper withBorder p="md">
          <Group justify="space-between">
            <Text size="sm">{t('settings.exportHint')}</Text>
            <Button variant="default" onClick={() => void exportAll()} data-testid="export-all">{t('settings.export')}</Button>
          </Group>
        </Paper>
      )}
      <ChangePassword />
      {isSigningOut && <SignOutDialog userId={me.user.id} onClose={() => setSigningOut(false)} onSignedOut={onSignedOut} />}
    </Stack>
  );
}
