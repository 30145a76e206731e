/**
 * Book a visit or open one: patient (search, or create inline), start, procedures (end time and total follow),
 * doctor, chair, status, notes. Warns before a doctor or chair is double-booked; saving stays possible offline.
 */
import { Alert, Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { ZodError } from 'zod';
import { APPOINTMENT_STATUSES, type Appointment, type AppointmentItem, type AppointmentStatus } from '../../../../shared/src/domain/index.js';
import { defaultPhoneCountry, formatPhone, parsePhone } from '../../../../shared/src/domain/phone.js';
import {
  addLocalDays,
  addMinutesToInstant,
  clashesWith,
  instantAt,
  localDateOf,
  totalDurationMin,
  totalPriceMinor,
  wallTimeOf,
  type Clash,
} from '../../../../shared/src/scheduling/index.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { saveDocument } from '../../db/repository.js';
import { formatDuration, formatMoney } from '../../ui/format.js';
import { ConflictList } from '../conflicts/ConflictList.js';
import { PaymentSection } from '../payments/PaymentSection.js';
import { createPatientSearch, recentPatientIds, touchRecentPatient } from '../patients/patient-search.js';

export type BookingTarget = { mode: 'new'; start: string } | { mode: 'edit'; appointment: Appointment };

const NEW_PATIENT = '__new__';
const patientLabel = (patient: { name: string; phone: string }) => `${patient.name} · ${formatPhone(patient.phone)}`;

/** `isReadOnly` (a role that may not edit appointments) shows the details without ways to change them. */
export function BookingDialog({ target, isReadOnly = false, onClose }: { target: BookingTarget; isReadOnly?: boolean; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { db, clinic, catalog } = useClinic();
  const settings = catalog.settings!;
  const tz = settings.timeZone;
  const existing = target.mode === 'edit' ? target.appointment : undefined;
  const initialStart = existing?.start ?? (target.mode === 'new' ? target.start : '');
  const activeChairs = catalog.chairs.filter((c) => c.status === 'active');

  const [patientId, setPatientId] = useState<string | null>(existing?.patientId ?? null);
  const [newPatient, setNewPatient] = useState({ name: '', phone: '' });
  const [patientQuery, setPatientQuery] = useState('');
  const [date, setDate] = useState(localDateOf(initialStart, tz));
  const [time, setTime] = useState(wallTimeOf(initialStart, tz));
  const [procedureIds, setProcedureIds] = useState<string[]>(existing?.items.map((i) => i.procedureId) ?? []);
  const [doctorId, setDoctorId] = useState<string | null>(existing?.doctorId ?? catalog.doctors[0]?.id ?? null);
  const [chairId, setChairId] = useState<string | null>(existing?.chairId ?? activeChairs[0]?.id ?? catalog.chairs[0]?.id ?? null);
  const [status, setStatus] = useState<AppointmentStatus>(existing?.status ?? 'scheduled');
  const [notes, setNotes] = useState(existing?.notes ?? '');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [isSaving, setSaving] = useState(false);

  const patients = useLiveQuery(db, 'patients', {}, 'all');
  const search = useMemo(() => createPatientSearch(patients ?? [], recentPatientIds(clinic.id)), [patients, clinic.id]);
  const patientOptions = useMemo(() => {
    const selected = patients?.find((p) => p.id === patientId);
    // While a patient is chosen, the search box shows their label; that is not a query.
    const query = selected && patientQuery === patientLabel(selected) ? '' : patientQuery;
    const found = search.search(query, 30);
    const list = selected && !found.some((p) => p.id === selected.id) ? [selected, ...found] : found;
    return [
      ...list.map((p) => ({ value: p.id, label: patientLabel(p) })),
      { value: NEW_PATIENT, label: t('booking.newPatientOption', { query: query.trim() }) },
    ];
  }, [search, patientQuery, patients, patientId, t]);

  // Items: keep the booked price snapshot of procedures already on the visit; snapshot new ones from the price list.
  const items = useMemo<AppointmentItem[]>(() => {
    const previous = new Map(existing?.items.map((i) => [i.procedureId, i]));
    return procedureIds.flatMap((id) => {
      const kept = previous.get(id);
      if (kept) return [kept];
      const procedure = catalog.procedures.find((p) => p.id === id);
      return procedure ? [{ procedureId: id, name: procedure.name, priceMinor: procedure.priceMinor, durationMin: procedure.durationMin }] : [];
    });
  }, [procedureIds, existing, catalog.procedures]);

  const duration = totalDurationMin(items) || settings.slotMinutes;
  const total = totalPriceMinor(items);
  const start = /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time) ? instantAt(date, time, tz) : null;
  const end = start ? addMinutesToInstant(start, duration) : null;

  const nearby = useLiveQuery(
    db,
    'appointments',
    { selector: { start: { $gte: instantAt(addLocalDays(date || '2000-01-01', -1), '00:00', tz), $lt: instantAt(addLocalDays(date || '2000-01-01', 2), '00:00', tz) } } },
    `${date}`,
  );
  const clashes: Clash[] = useMemo(() => {
    if (!start || !end || !doctorId || !chairId) return [];
    return clashesWith({ id: existing?.id ?? 'candidate', doctorId, chairId, start, end, status, _deleted: false }, nearby ?? []);
  }, [start, end, doctorId, chairId, status, nearby, existing?.id]);

  const describeClash = (clash: Clash) => {
    const other = nearby?.find((a) => clash.appointmentIds.includes(a.id) && a.id !== (existing?.id ?? 'candidate'));
    const who = clash.resource === 'doctor' ? catalog.doctors.find((d) => d.id === clash.resourceId)?.name : catalog.chairs.find((c) => c.id === clash.resourceId)?.name;
    const patient = patients?.find((p) => p.id === other?.patientId)?.name ?? '';
    return t(clash.resource === 'doctor' ? 'booking.clashDoctor' : 'booking.clashChair', {
      name: who ?? '',
      time: other ? `${wallTimeOf(other.start, tz)}–${wallTimeOf(other.end, tz)}` : '',
      patient,
    });
  };

  const save = async (overrideStatus?: AppointmentStatus) => {
    setError(null);
    if (!start || !end) return setError({ field: 'start', message: t('booking.error.start') });
    if (!doctorId) return setError({ field: 'doctorId', message: t('booking.error.doctor') });
    if (!chairId) return setError({ field: 'chairId', message: t('booking.error.chair') });
    let finalPatientId = patientId;
    if (!finalPatientId || finalPatientId === NEW_PATIENT) {
      if (!newPatient.name.trim()) return setError({ field: 'patientName', message: t('booking.error.patient') });
      const phone = parsePhone(newPatient.phone, defaultPhoneCountry(tz));
      if (!phone) return setError({ field: 'phone', message: t('patients.error.phone') });
      // A phone already on file means the person is already a patient: book them, do not duplicate the card.
      const duplicate = patients?.find((p) => p.phone === phone);
      finalPatientId = duplicate
        ? duplicate.id
        : (await saveDocument(db, 'patients', { id: uuidv7(), clinicId: clinic.id, name: newPatient.name.trim(), phone, tags: [] })).id;
    }
    setSaving(true);
    try {
      await saveDocument(db, 'appointments', {
        id: existing?.id ?? uuidv7(),
        clinicId: clinic.id,
        patientId: finalPatientId,
        doctorId,
        chairId,
        start,
        end,
        items,
        status: overrideStatus ?? status,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
        totalMinor: total,
      });
      touchRecentPatient(clinic.id, finalPatientId);
      onClose();
    } catch (e) {
      const issue = e instanceof ZodError ? e.issues[0] : undefined;
      setError({ field: issue?.path.join('.'), message: issue ? `${issue.path.join('.')}: ${issue.message}` : String(e) });
    } finally {
      setSaving(false);
    }
  };

  const cancelVisit = () =>
    modals.openConfirmModal({
      title: t('booking.cancelTitle'),
      children: <Text size="sm">{t('booking.cancelText')}</Text>,
      labels: { confirm: t('booking.cancelConfirm'), cancel: t('common.back') },
      confirmProps: { color: 'red' },
      onConfirm: () => void save('cancelled'),
    });

  const isNewPatient = patientId === NEW_PATIENT || (patients !== undefined && patients.length === 0 && !patientId);

  return (
    <Modal opened onClose={onClose} title={existing ? t('booking.editTitle') : t('booking.newTitle')} size="lg" fullScreen={typeof window !== 'undefined' && window.innerWidth < 600}>
      <fieldset disabled={isReadOnly} style={{ border: 0, padding: 0, margin: 0 }}>
      <Stack>
        {!isNewPatient ? (
          <Select
            label={t('booking.patient')}
            placeholder={t('booking.patientPlaceholder')}
            data={patientOptions}
            value={patientId}
            onChange={(value) => {
              setPatientId(value);
              if (value === NEW_PATIENT) setNewPatient({ name: /\d/.test(patientQuery) ? '' : patientQuery.trim(), phone: /\d/.test(patientQuery) ? patientQuery.trim() : '' });
            }}
            searchable
            searchValue={patientQuery}
            onSearchChange={setPatientQuery}
            filter={({ options }) => options}
            nothingFoundMessage={t('booking.noPatients')}
            error={error?.field === 'patientName' ? error.message : undefined}
            data-autofocus={existing ? undefined : true}
            required
          />
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('patients.name')} value={newPatient.name} onChange={(e) => setNewPatient({ ...newPatient, name: e.currentTarget.value })} error={error?.field === 'patientName' ? error.message : undefined} required data-autofocus />
            <TextInput label={t('patients.phone')} type="tel" value={newPatient.phone} onChange={(e) => setNewPatient({ ...newPatient, phone: e.currentTarget.value })} error={error?.field === 'phone' ? error.message : undefined} required />
          </SimpleGrid>
        )}
        {isNewPatient && patients && patients.length > 0 && (
          <Button variant="subtle" size="xs" onClick={() => setPatientId(null)} style={{ alignSelf: 'flex-start' }}>{t('booking.pickExisting')}</Button>
        )}
        <SimpleGrid cols={2}>
          <TextInput label={t('booking.date')} type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} required error={error?.field === 'start' ? error.message : undefined} />
          <TextInput label={t('booking.time')} type="time" step={300} value={time} onChange={(e) => setTime(e.currentTarget.value)} required />
        </SimpleGrid>
        <MultiSelect
          label={t('booking.procedures')}
          placeholder={t('booking.proceduresPlaceholder')}
          data={catalog.procedures
            .filter((p) => p.active || procedureIds.includes(p.id))
            .map((p) => ({ value: p.id, label: `${p.name} · ${formatMoney(p.priceMinor, settings.currency, i18n.language)} · ${formatDuration(p.durationMin, i18n.language)}` }))}
          value={procedureIds}
          onChange={setProcedureIds}
          searchable
          clearable
        />
        <Text size="sm" data-testid="booking-summary">
          {end ? t('booking.summary', { end: wallTimeOf(end, tz), duration: formatDuration(duration, i18n.language), total: formatMoney(total, settings.currency, i18n.language) }) : ''}
        </Text>
        <SimpleGrid cols={2}>
          <Select label={t('booking.doctor')} data={catalog.doctors.map((d) => ({ value: d.id, label: d.name }))} value={doctorId} onChange={setDoctorId} allowDeselect={false} error={error?.field === 'doctorId' ? error.message : undefined} />
          <Select
            label={t('booking.chair')}
            data={catalog.chairs.map((c) => ({ value: c.id, label: c.status === 'maintenance' ? `${c.name} (${t('chairStatus.maintenance')})` : c.name }))}
            value={chairId}
            onChange={setChairId}
            allowDeselect={false}
            error={error?.field === 'chairId' ? error.message : undefined}
          />
        </SimpleGrid>
        {existing && (
          <Select
            label={t('booking.status')}
            data={APPOINTMENT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={status}
            onChange={(v) => v && setStatus(v as AppointmentStatus)}
            allowDeselect={false}
          />
        )}
        <Textarea label={t('booking.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} />
        {existing && <ConflictList collection="appointments" documentId={existing.id} />}
        {existing && <PaymentSection appointment={existing} />}
        {clashes.length > 0 && (
          <Alert color="red" title={t('booking.clashTitle')} role="alert" data-testid="clash-warning">
            <Stack gap={2}>
              {clashes.map((clash) => (
                <Text key={`${clash.resource}-${clash.appointmentIds.join()}`} size="sm">{describeClash(clash)}</Text>
              ))}
            </Stack>
          </Alert>
        )}
        {error && !['patientName', 'phone', 'start', 'doctorId', 'chairId'].includes(error.field ?? '') && <Alert color="red" role="alert">{error.message}</Alert>}
      </Stack>
      </fieldset>
      <Group justify="space-between" mt="md">
        {existing && existing.status !== 'cancelled' && !isReadOnly ? (
          <Button color="red" variant="subtle" onClick={cancelVisit}>{t('booking.cancelVisit')}</Button>
        ) : (
          <span />
        )}
        <Group>
          <Button variant="default" onClick={onClose}>{t('common.close')}</Button>
          {!isReadOnly && (
            <Button onClick={() => void save()} loading={isSaving} data-testid="booking-save">
              {clashes.length > 0 ? t('booking.saveAnyway') : t('common.save')}
            </Button>
          )}
        </Group>
      </Group>
    </Modal>
  );
}
