/** The phone view: one day as a list — booked visits as cards, free slots as rows to tap. */
import { Stack, Text, UnstyledButton } from '@mantine/core';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridSlot } from '../../../../shared/src/scheduling/index.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { AppointmentCard } from './AppointmentCard.js';
import type { CalendarViewProps } from './WeekGrid.js';

export function DayAgenda({ slots, isWorkDay, appointments, patientNames, clashIds, doctorColors, onBook, onOpen }: CalendarViewProps & { slots: GridSlot[]; isWorkDay: boolean }) {
  const { t } = useTranslation();
  const timeZone = useClinic().catalog.settings!.timeZone;
  const sorted = [...appointments].sort((a, b) => a.start.localeCompare(b.start));
  const busyUntil = (slot: GridSlot) => sorted.some((a) => a.start < slot.end && a.end > slot.start && a.status !== 'cancelled' && a.status !== 'no_show');

  const rows: ReactElement[] = [];
  const shown = new Set<string>();
  for (const slot of slots) {
    for (const appointment of sorted.filter((a) => a.start < slot.end && (a.start >= slot.start || slot === slots[0]) && !shown.has(a.id))) {
      shown.add(appointment.id);
      rows.push(
        <AppointmentCard key={appointment.id} appointment={appointment} patientName={patientNames.get(appointment.patientId) ?? '…'} timeZone={timeZone} color={doctorColors.get(appointment.doctorId) ?? '#868e96'} isClash={clashIds.has(appointment.id)} onOpen={onOpen} style={{ minHeight: 56, width: '100%' }} />,
      );
    }
    if (!busyUntil(slot)) {
      rows.push(
        <UnstyledButton key={slot.start} onClick={() => onBook(slot.start)} data-testid="slot" data-start={slot.start} style={{ minHeight: 44, padding: '10px 12px', border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 6 }}>
          <Text size="sm" c="dimmed">{slot.time} · {t('calendar.free')}</Text>
        </UnstyledButton>,
      );
    }
  }
  for (const appointment of sorted.filter((a) => !shown.has(a.id))) {
    rows.push(<AppointmentCard key={appointment.id} appointment={appointment} patientName={patientNames.get(appointment.patientId) ?? '…'} timeZone={timeZone} color={doctorColors.get(appointment.doctorId) ?? '#868e96'} isClash={clashIds.has(appointment.id)} onOpen={onOpen} style={{ minHeight: 56, width: '100%' }} />);
  }
  return (
    <Stack gap={6} data-testid="day-agenda">
      {!isWorkDay && <Text c="dimmed" size="sm">{t('calendar.dayOff')}</Text>}
      {rows}
    </Stack>
  );
}
