/**
 * The calendar: a week grid on tablets and desktops, a day agenda on phones (under 600 px), both in the clinic's
 * time zone. An empty cell opens the booking dialog; a booked one opens its details.
 */
import { ActionIcon, Button, Group, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Appointment } from '../../../../shared/src/domain/index.js';
import { addLocalDays, buildDaySlots, buildWeekGrid, clashingAppointmentIds, findClashes, localDateOf } from '../../../../shared/src/scheduling/index.js';
import { canWrite } from '../../../../shared/src/auth/permissions.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { formatDayLabel } from '../../ui/format.js';
import { BookingDialog, type BookingTarget } from './BookingDialog.js';
import { DayAgenda } from './DayAgenda.js';
import { WeekGrid } from './WeekGrid.js';

export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const { db, catalog, clinic } = useClinic();
  const canBook = canWrite(clinic.role, 'appointments', {});
  const settings = catalog.settings!;
  const isPhone = useMediaQuery('(max-width: 600px)', false, { getInitialValueInEffect: false });
  const today = localDateOf(new Date().toISOString(), settings.timeZone);
  const [anchor, setAnchor] = useState(today);
  const [target, setTarget] = useState<BookingTarget | null>(null);

  const grid = useMemo(() => buildWeekGrid(anchor, settings.timeZone, settings.openingHours, settings.slotMinutes), [anchor, settings]);
  const daySlots = useMemo(() => buildDaySlots(anchor, settings.timeZone, settings.openingHours, settings.slotMinutes), [anchor, settings]);

  // Everything that can touch the visible week, with a day of margin on both sides.
  const from = new Date(Date.parse(`${grid.weekStart}T00:00:00Z`) - 2 * 86_400_000).toISOString();
  const to = new Date(Date.parse(`${addLocalDays(grid.weekStart, 7)}T00:00:00Z`) + 86_400_000).toISOString();
  const appointments = useLiveQuery(db, 'appointments', { selector: { start: { $gte: from, $lt: to } }, sort: [{ start: 'asc' }] }, `${from}|${to}`);
  const patients = useLiveQuery(db, 'patients', {}, 'all');

  const patientNames = useMemo(() => new Map((patients ?? []).map((p) => [p.id, p.name])), [patients]);
  const clashIds = useMemo(() => clashingAppointmentIds(findClashes(appointments ?? [])), [appointments]);
  const doctorColors = useMemo(() => new Map(catalog.doctors.map((d) => [d.id, d.color])), [catalog.doctors]);

  const step = isPhone ? 1 : 7;
  const dayTitle = formatDayLabel(anchor, i18n.language, { weekday: 'long', day: 'numeric', month: 'long' });
  const title = isPhone
    ? dayTitle.charAt(0).toUpperCase() + dayTitle.slice(1)
    : `${formatDayLabel(grid.weekStart, i18n.language, { day: 'numeric', month: 'short' })} – ${formatDayLabel(addLocalDays(grid.weekStart, 6), i18n.language, { day: 'numeric', month: 'short', year: 'numeric' })}`;

  const open = (appointment: Appointment) => setTarget({ mode: 'edit', appointment });
  const book = (start: string) => canBook && setTarget({ mode: 'new', start });

  return (
    <>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          <ActionIcon variant="default" size="lg" aria-label={isPhone ? t('calendar.prevDay') : t('calendar.prevWeek')} onClick={() => setAnchor(addLocalDays(anchor, -step))}>‹</ActionIcon>
          <Button variant="default" onClick={() => setAnchor(today)}>{t('calendar.today')}</Button>
          <ActionIcon variant="default" size="lg" aria-label={isPhone ? t('calendar.nextDay') : t('calendar.nextWeek')} onClick={() => setAnchor(addLocalDays(anchor, step))}>›</ActionIcon>
        </Group>
        <Text fw={600} ta="right" data-testid="calendar-title">{title}</Text>
      </Group>
      {clashIds.size > 0 && (
        <Text c="red" size="sm" mb="xs" role="status" data-testid="clash-summary">
          {t('calendar.clashSummary', { count: clashIds.size })}
        </Text>
      )}
      {isPhone ? (
        <DayAgenda
          slots={daySlots}
          isWorkDay={settings.openingHours.workDays.includes(grid.days.find((d) => d.date === anchor)?.weekday ?? 0)}
          appointments={(appointments ?? []).filter((a) => localDateOf(a.start, settings.timeZone) === anchor)}
          patientNames={patientNames}
          clashIds={clashIds}
          doctorColors={doctorColors}
          onBook={book}
          onOpen={open}
        />
      ) : (
        <WeekGrid grid={grid} today={today} appointments={appointments ?? []} patientNames={patientNames} clashIds={clashIds} doctorColors={doctorColors} onBook={book} onOpen={open} />
      )}
      {target && <BookingDialog target={target} isReadOnly={!canBook} onClose={() => setTarget(null)} />}
    </>
  );
}
