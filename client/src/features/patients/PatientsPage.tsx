/** Patient cards: instant typo-tolerant search by name or phone, recent patients first; create and edit. */
import { Alert, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { canWrite } from '../../../../shared/src/auth/permissions.js';
import type { Patient } from '../../../../shared/src/domain/index.js';
import { defaultPhoneCountry, formatPhone, parsePhone } from '../../../../shared/src/domain/phone.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { deleteDocument, saveDocument, type DraftOf } from '../../db/repository.js';
import { EditDialogFooter } from '../../ui/EditDialogFooter.js';
import { formatInstant, formatMoney } from '../../ui/format.js';
import { toFormError, type FormError } from '../../ui/form-error.js';
import { ConflictList } from '../conflicts/ConflictList.js';
import { PatientMoney } from '../payments/PatientMoney.js';
import { ImportPatientsDialog } from './ImportPatientsDialog.js';
import { createPatientSearch, recentPatientIds, touchRecentPatient } from './patient-search.js';

export function PatientsPage() {
  const { t } = useTranslation();
  const { db, clinic } = useClinic();
  const patients = useLiveQuery(db, 'patients', {}, 'all');
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Patient | 'new' | null>(null);
  const [isImporting, setIsImporting] = useState(false);
  const mayImport = canWrite(clinic.role, 'patients', {});
  const [recents, setRecents] = useState(() => recentPatientIds(clinic.id));
  const search = useMemo(() => createPatientSearch(patients ?? [], recents), [patients, recents]);
  const results = useMemo(() => search.search(query, 100), [search, query]);

  const open = (patient: Patient) => {
    touchRecentPatient(clinic.id, patient.id);
    setRecents(recentPatientIds(clinic.id));
    setEditing(patient);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('patients.title')}</Title>
        <Group gap="xs">
          {mayImport && (
            <Button variant="default" onClick={() => setIsImporting(true)} disabled={!patients}>
              {t('patients.import')}
            </Button>
          )}
          <Button onClick={() => setEditing('new')}>{t('patients.add')}</Button>
        </Group>
      </Group>
      <TextInput placeholder={t('patients.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} size="md" autoFocus aria-label={t('patients.search')} type="search" />
      {patients && patients.length === 0 ? (
        <Paper withBorder p="lg">
          <Text c="dimmed">{t('patients.empty')}</Text>
        </Paper>
      ) : results.length === 0 && query ? (
        <Text c="dimmed">{t('patients.nothingFound', { query })}</Text>
      ) : (
        <Stack gap={4} data-testid="patient-results">
          {!query && recents.length > 0 && <Text size="xs" c="dimmed">{t('patients.recentFirst')}</Text>}
          {results.map((p) => (
            <Paper key={p.id} withBorder p="sm" onClick={() => open(p)} style={{ cursor: 'pointer' }} role="button" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && open(p)}>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500} truncate>{p.name}</Text>
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatPhone(p.phone)}</Text>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {isImporting && patients && <ImportPatientsDialog existing={patients} onClose={() => setIsImporting(false)} />}
      {editing && <PatientDialog patient={editing === 'new' ? null : editing} initialName={editing === 'new' ? query : ''} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function PatientDialog({ patient, initialName, onClose }: { patient: Patient | null; initialName: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { db, clinic, catalog } = useClinic();
  const tz = catalog.settings!.timeZone;
  const [initial] = useState(() => ({
    name: patient?.name ?? (/\d/.test(initialName) ? '' : initialName),
    phone: patient ? formatPhone(patient.phone) : /\d/.test(initialName) ? initialName : '',
    email: patient?.email ?? '',
    birthDate: patient?.birthDate ?? '',
    notes: patient?.notes ?? '',
  }));
  const [form, setForm] = useState({
    name: patient?.name ?? (/\d/.test(initialName) ? '' : initialName),
    phone: patient ? formatPhone(patient.phone) : /\d/.test(initialName) ? initialName : '',
    email: patient?.email ?? '',
    birthDate: patient?.birthDate ?? '',
    notes: patient?.notes ?? '',
  });
  const [error, setError] = useState<FormError | null>(null);
  const visits = useLiveQuery(db, 'appointments', { selector: { patientId: patient?.id ?? '-' }, sort: [{ start: 'desc' }] }, patient?.id ?? '-');

  const save = async () => {
    setError(null);
    if (!form.name.trim()) return setError({ field: 'name', message: t('patients.error.name') });
    const phone = parsePhone(form.phone, defaultPhoneCountry(tz));
    if (!phone) return setError({ field: 'phone', message: t('patients.error.phone') });
    try {
      // Start from the stored card, not the copy the dialog opened with: a change synced from another device
      // meanwhile, and fields this form does not show (tags, source, owner), are kept.
      const latest = patient ? ((await db.patients.findOne(patient.id).exec())?.toJSON() as Record<string, unknown> | undefined) : undefined;
      const { updatedAt: _u, _deleted: _d, ...next } = latest ?? { id: uuidv7(), clinicId: clinic.id, tags: [] };
      // Only the fields this person changed overwrite the stored values.
      for (const key of ['name', 'email', 'birthDate', 'notes'] as const) {
        if (latest && form[key] === initial[key]) continue;
        const value = form[key].trim();
        if (value) next[key] = value;
        else delete next[key];
      }
      if (!latest || form.phone !== initial.phone) next.phone = phone;
      await saveDocument(db, 'patients', next as DraftOf<'patients'>);
      onClose();
    } catch (e) {
      const formError = toFormError(e);
      setError(formError.field === 'email' ? { field: 'email', message: t('patients.error.email') } : formError);
    }
  };

  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }),
    error: error?.field === name ? error.message : undefined,
  });

  return (
    <Modal opened onClose={onClose} title={patient ? patient.name : t('patients.add')} size="lg" fullScreen={window.innerWidth < 600}>
      <Stack>
        <TextInput label={t('patients.name')} required data-autofocus {...field('name')} />
        <TextInput label={t('patients.phone')} type="tel" required {...field('phone')} />
        <Group grow>
          <TextInput label={t('patients.email')} type="email" {...field('email')} />
          <TextInput label={t('patients.birthDate')} type="date" {...field('birthDate')} />
        </Group>
        <Textarea label={t('patients.notes')} autosize minRows={2} {...field('notes')} />
        {error && !error.field && <Alert color="red">{error.message}</Alert>}
        {patient && <ConflictList collection="patients" documentId={patient.id} />}
        {patient && <PatientMoney patientId={patient.id} />}
        {patient && (
          <>
            <Text fw={600}>{t('patients.visits')}</Text>
            {visits && visits.length > 0 ? (
              <Table>
                <Table.Tbody>
                  {visits.map((v) => (
                    <Table.Tr key={v.id}>
                      <Table.Td>{formatInstant(v.start, i18n.language, tz)}</Table.Td>
                      <Table.Td>{v.items.map((i) => i.name).join(', ')}</Table.Td>
                      <Table.Td>{t(`status.${v.status}`)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(v.totalMinor, catalog.settings!.currency, i18n.language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text size="sm" c="dimmed">{t('patients.noVisits')}</Text>
            )}
          </>
        )}
        <EditDialogFooter
          deleteName={patient?.name}
          onDelete={patient ? () => void deleteDocument(db, 'patients', patient.id).then(onClose) : undefined}
          onCancel={onClose}
          onSave={() => void save()}
        />
      </Stack>
    </Modal>
  );
}
