/**
 * Every double booking of a doctor or chair from today on, computed from local data (the same on every device),
 * with one-click fixes: move one visit to another free chair, to the next free time, or cancel it.
 */
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { canWrite } from '../../../../shared/src/auth/permissions.js';
import type { Appointment } from '../../../../shared/src/domain/index.js';
import { findClashes, findFreeChair, findNextFreeStart, instantAt, localDateOf, wallTimeOf, type Clash } from '../../../../shared/src/scheduling/index.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { saveDocument } from '../../db/repository.js';
import { formatDayLabel } from '../../ui/format.js';

/** Live clashes from today on (clinic time zone), for the inbox and the navigation badge. */
export function useUpcomingClashes(): { clashes: Clash[]; appointments: Appointment[] } {
  const { db, catalog } = useClinic();
  const tz = catalog.settings?.timeZone ?? 'UTC';
  const todayStart = instantAt(localDateOf(new Date().toISOString(), tz), '00:00', tz);
  const appointments = useLiveQuery(db, 'appointments', { selector: { end: { $gt: todayStart } }, sort: [{ start: 'asc' }] }, todayStart);
  return useMemo(() => ({ clashes: findClashes(appointments ?? []), appointments: appointments ?? [] }), [appointments]);
}

export function ClashInboxPage() {
  const { t, i18n } = useTranslation();
  const { db, catalog, clinic } = useClinic();
  const settings = catalog.settings!;
  const tz = settings.timeZone;
  const { clashes, appointments } = useUpcomingClashes();
  const patients = useLiveQuery(db, 'patients', {}, 'all');
  const mayEdit = canWrite(clinic.role, 'appointments', {});
  const byId = useMemo(() => new Map(appointments.map((a) => [a.id, a])), [appointments]);
  // One card per pair of visits, naming every resource they both hold (doctor, chair or both).
  const pairs = useMemo(() => {
    const byPair = new Map<string, { key: string; ids: [string, string]; resources: Clash[] }>();
    for (const clash of clashes) {
      const key = clash.appointmentIds.join('+');
      const entry = byPair.get(key) ?? { key, ids: clash.appointmentIds, resources: [] };
      entry.resources.push(clash);
      byPair.set(key, entry);
    }
    return [...byPair.values()];
  }, [clashes]);
  const patientName = (id: string) => patients?.find((p) => p.id === id)?.name ?? '…';
  const doctorName = (id: string) => catalog.doctors.find((d) => d.id === id)?.name ?? '…';
  const chairName = (id: string) => catalog.chairs.find((c) => c.id === id)?.name ?? '…';
  const activeChairIds = catalog.chairs.filter((c) => c.status === 'active').map((c) => c.id);

  const move = async (appointment: Appointment, patch: Partial<Appointment>, message: string) => {
    const { updatedAt: _u, _deleted: _d, ...rest } = appointment;
    await saveDocument(db, 'appointments', { ...rest, ...patch });
    notifications.show({ message, color: 'green' });
  };

  const describe = (a: Appointment) =>
    `${formatDayLabel(localDateOf(a.start, tz), i18n.language)}, ${wallTimeOf(a.start, tz)}–${wallTimeOf(a.end, tz)} · ${patientName(a.patientId)} · ${doctorName(a.doctorId)} · ${chairName(a.chairId)}`;

  const fixesFor = (a: Appointment) => {
    const freeChair = findFreeChair(a, activeChairIds, appointments);
    const nextStart = findNextFreeStart(a, appointments, a.start, { timeZone: tz, openingHours: settings.openingHours, slotMinutes: settings.slotMinutes });
    const length = Date.parse(a.end) - Date.parse(a.start);
    return (
      <Group gap="xs" wrap="wrap">
        <Button size="xs" variant="light" disabled={!freeChair} onClick={() => freeChair && void move(a, { chairId: freeChair }, t('clashes.movedChair', { chair: chairName(freeChair) }))}>
          {freeChair ? t('clashes.toChair', { chair: chairName(freeChair) }) : t('clashes.noFreeChair')}
        </Button>
        <Button
          size="xs"
          variant="light"
          disabled={!nextStart}
          onClick={() => nextStart && void move(a, { start: nextStart, end: new Date(Date.parse(nextStart) + length).toISOString() }, t('clashes.movedTime', { time: `${formatDayLabel(localDateOf(nextStart, tz), i18n.language)} ${wallTimeOf(nextStart, tz)}` }))}
        >
          {nextStart ? t('clashes.toTime', { time: `${formatDayLabel(localDateOf(nextStart, tz), i18n.language)} ${wallTimeOf(nextStart, tz)}` }) : t('clashes.noFreeTime')}
        </Button>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          onClick={() =>
            modals.openConfirmModal({
              title: t('booking.cancelTitle'),
              children: <Text size="sm">{describe(a)}</Text>,
              labels: { confirm: t('booking.cancelConfirm'), cancel: t('common.back') },
              confirmProps: { color: 'red' },
              onConfirm: () => void move(a, { status: 'cancelled' }, t('clashes.cancelled')),
            })
          }
        >
          {t('booking.cancelVisit')}
        </Button>
      </Group>
    );
  };

  return (
    <Stack maw={900}>
      <Title order={3}>{t('clashes.title')}</Title>
      <Text size="sm" c="dimmed">{t('clashes.hint')}</Text>
      {pairs.length === 0 ? (
        <Alert color="green" data-testid="no-clashes">{t('clashes.none')}</Alert>
      ) : (
        pairs.map(({ key, ids, resources }) => {
          const pair = ids.map((id) => byId.get(id)).filter((a): a is Appointment => !!a);
          return (
            <Paper key={key} withBorder p="md" data-testid="clash">
              <Stack gap="sm">
                <Group gap="xs">
                  {resources.map((clash) => (
                    <Badge key={clash.resource} color="red">{clash.resource === 'doctor' ? t('clashes.doctor', { name: doctorName(clash.resourceId) }) : t('clashes.chair', { name: chairName(clash.resourceId) })}</Badge>
                  ))}
                </Group>
                {pair.map((a) => (
                  <Stack key={a.id} gap={4}>
                    <Text size="sm">{describe(a)}</Text>
                    {mayEdit && fixesFor(a)}
                  </Stack>
                ))}
              </Stack>
            </Paper>
          );
        })
      )}
    </Stack>
  );
}
