/** The week view: a column per working day, a row per slot; appointments laid over the cells by their local times. */
import { Box, Text, UnstyledButton } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Appointment } from '../../../../shared/src/domain/index.js';
import { localDateOf, minutesBetween, minutesOfWallTime, wallMinutesOf, type WeekGrid as Grid } from '../../../../shared/src/scheduling/index.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { formatDayLabel } from '../../ui/format.js';
import { AppointmentCard } from './AppointmentCard.js';
import { placeInLanes } from './layout.js';

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Height of one slot row in px: a comfortable touch target. */
export const ROW_HEIGHT = 44;

export interface CalendarViewProps {
  appointments: Appointment[];
  patientNames: Map<string, string>;
  clashIds: Set<string>;
  doctorColors: Map<string, string>;
  onBook(start: string): void;
  onOpen(appointment: Appointment): void;
}

export function WeekGrid({ grid, today, appointments, patientNames, clashIds, doctorColors, onBook, onOpen }: CalendarViewProps & { grid: Grid; today: string }) {
  const { t, i18n } = useTranslation();
  const settings = useClinic().catalog.settings!;
  const timeZone = settings.timeZone;
  const openMinute = minutesOfWallTime(settings.openingHours.open);
  const rows = grid.rowTimes.length;
  const pxPerMinute = ROW_HEIGHT / settings.slotMinutes;
  // Each appointment's local day once, not once per day column (time-zone formatting is the costly part).
  const byDay = useMemo(() => {
    const days = new Map<string, Appointment[]>();
    for (const a of appointments) {
      const date = localDateOf(a.start, timeZone);
      days.set(date, [...(days.get(date) ?? []), a]);
    }
    return days;
  }, [appointments, timeZone]);

  if (grid.days.length === 0) return <Text c="dimmed">{t('calendar.noWorkDays')}</Text>;

  return (
    <Box style={{ overflowX: 'auto' }} data-testid="week-grid">
      <Box style={{ display: 'grid', gridTemplateColumns: `52px repeat(${grid.days.length}, minmax(110px, 1fr))`, minWidth: 52 + grid.days.length * 110 }}>
        <div />
        {grid.days.map((day) => (
          <Text key={day.date} ta="center" size="sm" fw={day.date === today ? 700 : 500} c={day.date === today ? 'blue' : undefined} py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            {capitalize(formatDayLabel(day.date, i18n.language))}
          </Text>
        ))}
        <div>
          {grid.rowTimes.map((time) => (
            <Text key={time} size="xs" c="dimmed" ta="right" pr={6} style={{ height: ROW_HEIGHT, transform: 'translateY(-7px)' }}>
              {time.endsWith(':00') || settings.slotMinutes === 60 ? time : ''}
            </Text>
          ))}
        </div>
        {grid.days.map((day) => {
          const dayAppointments = byDay.get(day.date) ?? [];
          const placed = placeInLanes(dayAppointments, (a) => ({ start: Date.parse(a.start), end: Date.parse(a.end) }));
          return (
            <Box key={day.date} style={{ position: 'relative', height: rows * ROW_HEIGHT, borderLeft: '1px solid var(--mantine-color-gray-3)' }} data-date={day.date}>
              {day.slots.map((slot) => (
                <UnstyledButton
                  key={slot.start}
                  onClick={() => onBook(slot.start)}
                  aria-label={t('calendar.bookAt', { day: formatDayLabel(day.date, i18n.language), time: slot.time })}
                  data-testid="slot"
                  data-start={slot.start}
                  className="kabinet-slot"
                  style={{ display: 'block', width: '100%', height: ROW_HEIGHT, borderBottom: `1px ${slot.time.endsWith(':00') ? 'solid' : 'dashed'} var(--mantine-color-gray-2)` }}
                />
              ))}
              {placed.map(({ item, lane, lanes }) => {
                const top = (wallMinutesOf(item.start, timeZone) - openMinute) * pxPerMinute;
                const height = Math.max(minutesBetween(item.start, item.end) * pxPerMinute, 22);
                return (
                  <AppointmentCard
                    key={item.id}
                    appointment={item}
                    patientName={patientNames.get(item.patientId) ?? '…'}
                    timeZone={timeZone}
                    color={doctorColors.get(item.doctorId) ?? '#868e96'}
                    isClash={clashIds.has(item.id)}
                    onOpen={onOpen}
                    style={{ position: 'absolute', top: Math.max(top, 0), height, left: `calc(${(100 / lanes) * lane}% + 2px)`, width: `calc(${100 / lanes}% - 4px)` }}
                  />
                );
              })}
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
