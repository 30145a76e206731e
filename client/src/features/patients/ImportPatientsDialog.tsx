/**
 * The patient import dialog: pick a CSV or XLSX file, check the guessed columns, see the first rows as they will be
 * imported, the duplicates and the rows with errors, then import every good row in one write and get a report.
 */
import { Alert, Badge, Button, FileButton, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { Patient } from '../../../../shared/src/domain/index.js';
import { defaultPhoneCountry, formatPhone } from '../../../../shared/src/domain/phone.js';
import {
  PATIENT_IMPORT_FIELDS,
  buildPatientImport,
  cellText,
  guessMapping,
  type ColumnMapping,
  type ImportTable,
  type PatientImport,
  type PatientImportField,
} from '../../../../shared/src/import/patient-import.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { downloadCsv } from '../../ui/table-export.js';
import { FIELD_LABEL_KEY, columnTitle, importReportTable, savePatientImport, skipReasonText } from './import-patients.js';
import { IMPORT_FILE_ACCEPT, ImportFileError, readImportFile } from './read-import-file.js';

/** How many rows each list shows; the report has them all. */
const PREVIEW_ROWS = 5;
const LIST_ROWS = 50;

type Stage =
  | { step: 'pick' }
  /** `readCount` tells apart two readings of the same file, so a new reading starts a fresh review. */
  | { step: 'review'; fileName: string; readCount: number; table: ImportTable; mapping: ColumnMapping }
  | { step: 'done'; fileName: string; table: ImportTable; result: PatientImport; imported: number };

export function ImportPatientsDialog({ existing, onClose }: { existing: readonly Patient[]; onClose(): void }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<Stage>({ step: 'pick' });
  const [isReading, setIsReading] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const { catalog } = useClinic();
  const country = defaultPhoneCountry(catalog.settings!.timeZone);

  const pick = async (file: File | null) => {
    if (!file) return;
    setFileError(null);
    setIsReading(true);
    try {
      const table = await readImportFile(file);
      setStage((previous) => ({ step: 'review', fileName: file.name, readCount: (previous.step === 'review' ? previous.readCount : 0) + 1, table, mapping: guessMapping(table, country) }));
    } catch (error) {
      setFileError(error instanceof ImportFileError ? t(`patients.import.error.${error.code}`) : t('patients.import.error.unreadable', { error: error instanceof Error ? error.message : String(error) }));
    } finally {
      setIsReading(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('patients.import.title')} size="xl" fullScreen={window.innerWidth < 600}>
      <Stack data-testid="patient-import">
        {stage.step === 'done' ? (
          <ImportReport stage={stage} onClose={onClose} />
        ) : (
          <>
            {stage.step === 'pick' ? (
              <Paper withBorder p="lg">
                <Stack align="flex-start">
                  <Text>{t('patients.import.formats')}</Text>
                  <FilePicker label={t('patients.import.pick')} onPick={pick} isLoading={isReading} />
                </Stack>
              </Paper>
            ) : (
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500} truncate data-testid="import-file-name">{stage.fileName}</Text>
                <FilePicker label={t('patients.import.pickOther')} onPick={pick} isLoading={isReading} variant="default" />
              </Group>
            )}
            {isReading && <Text c="dimmed" size="sm">{t('patients.import.reading')}</Text>}
            {fileError && <Alert color="red" data-testid="import-file-error">{fileError}</Alert>}
            {stage.step === 'review' && (
              <ImportReview
                key={stage.readCount}
                stage={stage}
                existing={existing}
                onMappingChange={(mapping) => setStage({ ...stage, mapping })}
                onImported={(result, imported) => setStage({ step: 'done', fileName: stage.fileName, table: stage.table, result, imported })}
                onCancel={onClose}
              />
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}

function FilePicker({ label, onPick, isLoading, variant }: { label: string; onPick(file: File | null): void; isLoading: boolean; variant?: string }) {
  const resetRef = useRef<() => void>(null);
  return (
    <FileButton
      accept={IMPORT_FILE_ACCEPT}
      resetRef={resetRef}
      onChange={(file) => {
        onPick(file);
        // The same file picked again (after fixing it) should be read again.
        resetRef.current?.();
      }}
      inputProps={{ 'data-testid': 'import-file-input' } as never}
    >
      {(props) => <Button {...props} variant={variant} loading={isLoading}>{label}</Button>}
    </FileButton>
  );
}

function ImportReview({
  stage,
  existing,
  onMappingChange,
  onImported,
  onCancel,
}: {
  stage: Extract<Stage, { step: 'review' }>;
  existing: readonly Patient[];
  onMappingChange(mapping: ColumnMapping): void;
  onImported(result: PatientImport, imported: number): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { db, clinic, catalog } = useClinic();
  const [isSaving, setIsSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const { table, mapping } = stage;
  const timeZone = catalog.settings!.timeZone;
  const result = useMemo(
    () => buildPatientImport(table, mapping, { clinicId: clinic.id, defaultCountry: defaultPhoneCountry(timeZone), existing, newId: uuidv7 }),
    [table, mapping, clinic.id, timeZone, existing],
  );
  const errors = result.skipped.filter((s) => s.reason !== 'duplicate_existing' && s.reason !== 'duplicate_in_file');
  const hasNameAndPhone = mapping.includes('name') && mapping.includes('phone');
  const shownFields = PATIENT_IMPORT_FIELDS.filter((f) => f === 'name' || f === 'phone' || mapping.includes(f));

  const fieldOptions = [
    { value: 'skip', label: t('patients.import.field.skip') },
    ...PATIENT_IMPORT_FIELDS.map((f) => ({ value: f, label: t(FIELD_LABEL_KEY[f]) })),
  ];
  const example = (column: number) => table.rows.map((r) => cellText(r.cells[column])).find(Boolean);

  const save = async () => {
    setSaveError(null);
    setIsSaving(true);
    try {
      onImported(result, await savePatientImport(db, result));
    } catch (error) {
      setSaveError(t('patients.import.failed', { error: error instanceof Error ? error.message : String(error) }));
    } finally {
      setIsSaving(false);
    }
  };

  const fieldValue = (patient: PatientImport['toImport'][number]['patient'], field: PatientImportField): string => {
    switch (field) {
      case 'phone':
        return formatPhone(patient.phone);
      case 'tags':
        return patient.tags.join(', ');
      default:
        return patient[field] ?? '';
    }
  };

  return (
    <>
      <div>
        <Title order={5}>{t('patients.import.columns')}</Title>
        <Text size="sm" c="dimmed">{t('patients.import.columnsHint')}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="import-mapping">
        {table.headers.map((_, column) => {
          const value = example(column);
          return (
            <Select
              key={column}
              label={columnTitle(t, table.headers, column)}
              description={value ? t('patients.import.example', { value: value.length > 40 ? `${value.slice(0, 40)}…` : value }) : undefined}
              data={fieldOptions}
              value={mapping[column] ?? 'skip'}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              onChange={(next) => onMappingChange(mapping.map((f, i) => (i === column ? (next === 'skip' || !next ? null : (next as PatientImportField)) : f)))}
            />
          );
        })}
      </SimpleGrid>
      {!hasNameAndPhone && <Alert color="yellow">{t('patients.import.needNamePhone')}</Alert>}

      <Group gap="xs" data-testid="import-summary">
        <Badge size="lg" color="green" variant="light" tt="none">{t('patients.import.toImport', { count: result.toImport.length })}</Badge>
        <Badge size="lg" color="orange" variant="light" tt="none">{t('patients.import.duplicateCount', { count: result.duplicates.length })}</Badge>
        <Badge size="lg" color="red" variant="light" tt="none">{t('patients.import.skippedCount', { count: errors.length })}</Badge>
      </Group>

      {result.toImport.length > 0 && (
        <div>
          <Title order={5} mb="xs">{t('patients.import.preview')}</Title>
          <Table.ScrollContainer minWidth={shownFields.length * 130 + 60}>
            <Table striped data-testid="import-preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('patients.import.row')}</Table.Th>
                  {shownFields.map((f) => <Table.Th key={f}>{t(FIELD_LABEL_KEY[f])}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.toImport.slice(0, PREVIEW_ROWS).map(({ row, patient }) => (
                  <Table.Tr key={row}>
                    <Table.Td>{row}</Table.Td>
                    {shownFields.map((f) => (
                      <Table.Td key={f} style={{ whiteSpace: f === 'phone' ? 'nowrap' : 'pre-line' }}>
                        <Text size="sm" lineClamp={3}>{fieldValue(patient, f)}</Text>
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}

      {result.duplicates.length > 0 && (
        <div>
          <Title order={5} mb="xs">{t('patients.import.duplicates')}</Title>
          <Stack gap={4} data-testid="import-duplicates">
            {result.duplicates.slice(0, LIST_ROWS).map((d) => (
              <Text key={d.row} size="sm">
                <b>{t('patients.import.row')} {d.row}:</b> {d.name}, {formatPhone(d.phone)} — {skipReasonText(t, { row: d.row, reason: d.reason, values: [] }, d)}
              </Text>
            ))}
            {result.duplicates.length > LIST_ROWS && <Text size="sm" c="dimmed">{t('patients.import.more', { count: result.duplicates.length - LIST_ROWS })}</Text>}
          </Stack>
        </div>
      )}

      {errors.length > 0 && (
        <div>
          <Title order={5} mb="xs">{t('patients.import.skipped')}</Title>
          <SkippedTable skipped={errors.slice(0, LIST_ROWS)} result={result} testId="import-skipped" />
          {errors.length > LIST_ROWS && <Text size="sm" c="dimmed">{t('patients.import.more', { count: errors.length - LIST_ROWS })}</Text>}
        </div>
      )}

      {saveError && <Alert color="red" data-testid="import-error">{saveError}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>
        <Button onClick={() => void save()} loading={isSaving} disabled={result.toImport.length === 0} data-testid="import-submit">
          {result.toImport.length === 0 ? t('patients.import.nothing') : t('patients.import.submit', { count: result.toImport.length })}
        </Button>
      </Group>
    </>
  );
}

function SkippedTable({ skipped, result, testId }: { skipped: PatientImport['skipped']; result: PatientImport; testId: string }) {
  const { t } = useTranslation();
  const duplicateOf = useMemo(() => new Map(result.duplicates.map((d) => [d.row, d])), [result]);
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('patients.import.row')}</Table.Th>
            <Table.Th>{t('patients.import.reason')}</Table.Th>
            <Table.Th>{t('patients.import.values')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {skipped.map((s) => (
            <Table.Tr key={s.row}>
              <Table.Td>{s.row}</Table.Td>
              <Table.Td>{skipReasonText(t, s, duplicateOf.get(s.row))}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed" lineClamp={2}>{s.values.filter(Boolean).join(' · ')}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ImportReport({ stage, onClose }: { stage: Extract<Stage, { step: 'done' }>; onClose(): void }) {
  const { t } = useTranslation();
  const { result, imported, table } = stage;
  return (
    <>
      <Alert color="green" title={t('patients.import.done')} data-testid="import-report">
        <Text>{t('patients.import.imported', { count: imported })}</Text>
        <Text>{t('patients.import.skippedTotal', { count: result.skipped.length })}</Text>
      </Alert>
      {result.skipped.length > 0 ? (
        <>
          <SkippedTable skipped={result.skipped.slice(0, LIST_ROWS)} result={result} testId="import-report-skipped" />
          {result.skipped.length > LIST_ROWS && <Text size="sm" c="dimmed">{t('patients.import.more', { count: result.skipped.length - LIST_ROWS })}</Text>}
        </>
      ) : (
        <Text c="dimmed">{t('patients.import.allImported')}</Text>
      )}
      <Group justify="flex-end">
        {result.skipped.length > 0 && (
          <Button variant="default" onClick={() => downloadCsv(importReportTable(t, table.headers, result), t('patients.import.reportFile'))} data-testid="import-report-download">
            {t('patients.import.download')}
          </Button>
        )}
        <Button onClick={onClose}>{t('common.close')}</Button>
      </Group>
    </>
  );
}
