/** The clinic's directory: doctors, chairs, locations and the price list, each editable, deletions confirmed. */
import { Alert, Avatar, Badge, Button, ColorInput, FileButton, Group, Modal, NumberInput, Paper, Select, Stack, Switch, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { CHAIR_STATUSES, type CatalogDoc, type CatalogKind } from '../../../../shared/src/domain/index.js';
import { doctorColor } from '../../../../shared/src/domain/starter-catalog.js';
import { canManageTeam, canWrite } from '../../../../shared/src/auth/permissions.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { teamApi, type TeamMember } from '../team/team-api.js';
import { deleteDocument, saveDocument } from '../../db/repository.js';
import { EditDialogFooter } from '../../ui/EditDialogFooter.js';
import { formatDuration, formatMoney, toMajor, toMinor } from '../../ui/format.js';
import { toFormError, type FormError } from '../../ui/form-error.js';

type EditableKind = Exclude<CatalogKind, 'clinic'>;
type Draft = Record<string, any>;

export function DirectoryPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<EditableKind>('doctor');
  const [editing, setEditing] = useState<{ kind: EditableKind; doc: Draft | null } | null>(null);
  return (
    <Stack>
      <Title order={3}>{t('directory.title')}</Title>
      <Tabs value={tab} onChange={(v) => v && setTab(v as EditableKind)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="doctor">{t('directory.doctors')}</Tabs.Tab>
          <Tabs.Tab value="chair">{t('directory.chairs')}</Tabs.Tab>
          <Tabs.Tab value="location">{t('directory.locations')}</Tabs.Tab>
          <Tabs.Tab value="procedure">{t('directory.procedures')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value={tab} pt="sm">
          <KindList kind={tab} onEdit={(doc) => setEditing({ kind: tab, doc })} />
        </Tabs.Panel>
      </Tabs>
      {editing && <EditDialog kind={editing.kind} doc={editing.doc} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function KindList({ kind, onEdit }: { kind: EditableKind; onEdit(doc: Draft | null): void }) {
  const { t, i18n } = useTranslation();
  const { catalog, clinic } = useClinic();
  const mayEdit = canWrite(clinic.role, 'catalog', { kind });
  const currency = catalog.settings!.currency;
  const docs: Draft[] = { doctor: catalog.doctors, chair: catalog.chairs, location: catalog.locations, procedure: catalog.procedures }[kind];
  const locationName = (id?: string) => catalog.locations.find((l) => l.id === id)?.name ?? '';
  const row = (doc: Draft): ReactNode => {
    switch (kind) {
      case 'doctor':
        return (
          <Group gap="sm" wrap="nowrap">
            <Avatar src={doc.photo} color={doc.color} radius="xl" size="sm" style={{ border: `2px solid ${doc.color}` }}>{doc.name.slice(0, 1)}</Avatar>
            <Text>{doc.name}</Text>
          </Group>
        );
      case 'chair':
        return (
          <Group gap="sm">
            <Text>{doc.name}</Text>
            {doc.locationId && <Text size="sm" c="dimmed">{locationName(doc.locationId)}</Text>}
            <Badge color={doc.status === 'active' ? 'green' : 'orange'} variant="light">{t(`chairStatus.${doc.status}`)}</Badge>
          </Group>
        );
      case 'location':
        return (
          <Stack gap={0}>
            <Text>{doc.name}</Text>
            {doc.address && <Text size="sm" c="dimmed">{doc.address}</Text>}
          </Stack>
        );
      case 'procedure':
        return (
          <Group justify="space-between" wrap="nowrap" w="100%">
            <Text c={doc.active ? undefined : 'dimmed'}>{doc.name}{doc.active ? '' : ` (${t('directory.inactive')})`}</Text>
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatMoney(doc.priceMinor, currency, i18n.language)} · {formatDuration(doc.durationMin, i18n.language)}</Text>
          </Group>
        );
    }
  };
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        {mayEdit ? <Button onClick={() => onEdit(null)}>{t(`directory.add.${kind}`)}</Button> : <Text size="sm" c="dimmed">{t('directory.readOnly')}</Text>}
      </Group>
      {docs.length === 0 ? (
        <Paper withBorder p="md"><Text c="dimmed">{t(`directory.empty.${kind}`)}</Text></Paper>
      ) : (
        <Table highlightOnHover>
          <Table.Tbody>
            {docs.map((doc) => (
              <Table.Tr key={doc.id} onClick={mayEdit ? () => onEdit(doc) : undefined} style={{ cursor: mayEdit ? 'pointer' : undefined, height: 48 }}>
                <Table.Td>{row(doc)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** Scales a chosen photo to at most 256 px and returns it as a JPEG data URL. */
async function photoToDataUrl(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 256 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.85);
}

function EditDialog({ kind, doc, onClose }: { kind: EditableKind; doc: Draft | null; onClose(): void }) {
  const { t } = useTranslation();
  const { db, clinic, catalog } = useClinic();
  const currency = catalog.settings!.currency;
  const [draft, setDraft] = useState<Draft>(
    () =>
      doc ?? {
        doctor: { name: '', color: doctorColor(catalog.doctors.length) },
        chair: { name: '', status: 'active' },
        location: { name: '', address: '' },
        procedure: { name: '', priceMinor: 0, durationMin: 30, description: '', active: true },
      }[kind],
  );
  const [error, setError] = useState<FormError | null>(null);
  const set = (patch: Draft) => setDraft({ ...draft, ...patch });
  const err = (field: string) => (error?.field === field ? error.message : undefined);

  const save = async () => {
    setError(null);
    const clean = Object.fromEntries(Object.entries(draft).filter(([key, value]) => !(value === '' && key !== 'name') && value !== null && key !== 'updatedAt' && key !== '_deleted'));
    try {
      await saveDocument(db, 'catalog', { ...clean, id: doc?.id ?? uuidv7(), clinicId: clinic.id, kind } as never);
      onClose();
    } catch (e) {
      setError(toFormError(e));
    }
  };

  return (
    <Modal opened onClose={onClose} title={doc ? doc.name : t(`directory.add.${kind}`)} fullScreen={window.innerWidth < 600}>
      <Stack>
        <TextInput label={t('directory.name')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={err('name')} required data-autofocus />
        {kind === 'doctor' && (
          <>
            <ColorInput label={t('directory.color')} value={draft.color} onChange={(color) => set({ color })} format="hex" error={err('color')} swatches={['#1e88e5', '#43a047', '#8e24aa', '#f4511e', '#00897b', '#6d4c41']} />
            <DoctorAccountSelect value={draft.userId ?? null} onChange={(userId) => set({ userId: userId ?? undefined })} />
            <Group>
              <Avatar src={draft.photo} size="lg" radius="xl">{draft.name.slice(0, 1)}</Avatar>
              <FileButton accept="image/*" onChange={(file) => file && void photoToDataUrl(file).then((photo) => set({ photo }))}>
                {(props) => <Button variant="default" {...props}>{t('directory.photo')}</Button>}
              </FileButton>
              {draft.photo && <Button variant="subtle" color="red" onClick={() => set({ photo: undefined })}>{t('directory.removePhoto')}</Button>}
            </Group>
          </>
        )}
        {kind === 'chair' && (
          <>
            <Select label={t('directory.status')} data={CHAIR_STATUSES.map((s) => ({ value: s, label: t(`chairStatus.${s}`) }))} value={draft.status} onChange={(status) => status && set({ status })} allowDeselect={false} />
            <Select label={t('directory.location')} data={catalog.locations.map((l) => ({ value: l.id, label: l.name }))} value={draft.locationId ?? null} onChange={(locationId) => set({ locationId: locationId ?? undefined })} clearable placeholder={t('directory.noLocation')} />
          </>
        )}
        {kind === 'location' && <TextInput label={t('directory.address')} value={draft.address ?? ''} onChange={(e) => set({ address: e.currentTarget.value })} error={err('address')} />}
        {kind === 'procedure' && (
          <>
            <Group grow>
              <NumberInput label={t('directory.price', { currency })} value={toMajor(draft.priceMinor, currency)} onChange={(v) => set({ priceMinor: toMinor(Number(v) || 0, currency) })} min={0} decimalScale={2} thousandSeparator=" " error={err('priceMinor')} />
              <NumberInput label={t('directory.duration')} value={draft.durationMin} onChange={(v) => set({ durationMin: Number(v) || 0 })} min={5} max={720} step={5} error={err('durationMin')} />
            </Group>
            <Textarea label={t('directory.description')} value={draft.description ?? ''} onChange={(e) => set({ description: e.currentTarget.value })} autosize minRows={2} />
            <Switch label={t('directory.active')} checked={draft.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
          </>
        )}
        {error && !['name', 'color', 'priceMinor', 'durationMin', 'address'].includes(error.field ?? '') && <Alert color="red">{error.message}</Alert>}
        <EditDialogFooter
          deleteName={doc?.name}
          onDelete={doc ? () => void deleteDocument(db, 'catalog', doc.id).then(onClose) : undefined}
          onCancel={onClose}
          onSave={() => void save()}
        />
      </Stack>
    </Modal>
  );
}

/** Links a doctor in the calendar to a member's account (members load from the team list, managers only). */
function DoctorAccountSelect({ value, onChange }: { value: string | null; onChange(userId: string | null): void }) {
  const { t } = useTranslation();
  const { clinic } = useClinic();
  const [members, setMembers] = useState<TeamMember[] | null>(null);
  useEffect(() => {
    if (!canManageTeam(clinic.role)) return;
    void teamApi(clinic.id)
      .list()
      .then((team) => setMembers(team.members))
      .catch(() => setMembers(null));
  }, [clinic.id, clinic.role]);
  if (!members) return null;
  return (
    <Select
      label={t('directory.account')}
      description={t('directory.accountHint')}
      data={members.map((m) => ({ value: m.userId, label: `${m.name} · ${m.email}` }))}
      value={value}
      onChange={onChange}
      clearable
      placeholder={t('directory.noAccount')}
    />
  );
}

export type { CatalogDoc };
