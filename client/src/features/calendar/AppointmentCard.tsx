/** One appointment as a block on the calendar: time, patient, procedures; doctor's colour; clash and status marks. */
import { Text, UnstyledButton } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Appointment } from '../../../../shared/src/domain/index.js';
import { wallTimeOf } from '../../../../shared/src/scheduling/index.js';

export interface AppointmentCardProps {
  appointment: Appointment;
  patientName: string;
  timeZone: string;
  color: string;
  isClash: boolean;
  style?: CSSProperties;
  onOpen(appointment: Appointment): void;
}

export function AppointmentCard({ appointment, patientName, timeZone, color, isClash, style, onOpen }: AppointmentCardProps) {
  const { t } = useTranslation();
  const isInactive = appointment.status === 'cancelled' || appointment.status === 'no_show';
  const time = `${wallTimeOf(appointment.start, timeZone)}–${wallTimeOf(appointment.end, timeZone)}`;
  return (
    <UnstyledButton
      onClick={() => onOpen(appointment)}
      data-testid="appointment"
      data-clash={isClash ? 'true' : undefined}
      data-status={appointment.status}
      aria-label={`${time} ${patientName}${isClash ? `, ${t('calendar.clash')}` : ''}`}
      style={{
        background: isInactive ? 'var(--mantine-color-gray-1)' : 'var(--mantine-color-blue-0)',
        borderLeft: `4px solid ${color}`,
        outline: isClash ? '2px solid var(--mantine-color-red-6)' : undefined,
        outlineOffset: -2,
        borderRadius: 6,
        padding: '2px 6px',
        overflow: 'hidden',
        opacity: isInactive ? 0.6 : 1,
        textDecoration: appointment.status === 'cancelled' ? 'line-through' : undefined,
        boxShadow: '0 1px 2px rgba(0,0,0,.15)',
        ...style,
      }}
    >
      <Text size="xs" fw={600} lh={1.2}>
        {isClash && <span aria-hidden title={t('calendar.clash')} style={{ color: 'var(--mantine-color-red-7)' }}>⚠ </span>}
        {time} {t(`status.${appointment.status}`) !== t('status.scheduled') ? `· ${t(`status.${appointment.status}`)}` : ''}
      </Text>
      <Text size="sm" lh={1.2} truncate>{patientName}</Text>
      <Text size="xs" c="dimmed" lh={1.2} truncate>{appointment.items.map((i) => i.name).join(', ')}</Text>
    </UnstyledButton>
  );
}
