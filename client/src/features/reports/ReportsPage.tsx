/**
 * Reports for a period (day, week, month, custom) with doctor, chair and procedure filters: summary, breakdowns
 * with utilisation, patients, money by month; charts; every table exportable to CSV and XLSX. Computed on the device.
 */
import { BarChart } from '@mantine/charts';
import { Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addLocalDays, isoWeekStart, localDateOf, wallTimeOf } from '../../../../shared/src/scheduling/index.js';
import { buildClinicReport, type ClinicReport, type ResourceRow } from '../../../../shared/src/reports/clinic-report.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { useLiveQuery } from '../../db/hooks.js';
import { formatDayLabel, formatMoney, toMajor } from '../../ui/format.js';
import { downloadCsv, downloadXlsx, type ExportTable } from '../../ui/table-export.js';

type PeriodMode = 'day' | 'week' | 'month' | 'custom';

/** The period's first and last local dates for `mode` around `anchor`. */
export function periodOf(mode: PeriodMode, anchor: string, custom: { from: string; to: string }): { from: string; to: string } {
  if (mode === 'day') return { from: anchor, to: anchor };
  if (mode === 'week') {
    const from = isoWeekStart(anchor);
    return { from, to: addLocalDays(from, 6) };
  }
  if (mode === 'month') {
    const from = `${anchor.slice(0, 7)}-01`;
    const next = addLocalDays(`${anchor.slice(0, 7)}-28`, 4);
    return { from, to: addLocalDays(`${next.slice(0, 7)}-01`, -1) };
  }
  return custom.from <= custom.to ? custom : { from: custom.to, to: custom.from };
}

function ExportButtons({ table, name }: { table: ExportTable; name: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <Button size="xs" variant="default" onClick={() => downloadCsv(table, name)} data-testid={`csv-${name}`}>CSV</Button>
      <Button size="xs" variant="default" onClick={() => void downloadXlsx(table, name)}>XLSX</Button>
      <Text size="xs" c="dimmed">{t('reports.export')}</Text>
    </Group>
  );
}

function DataTable({ table }: { table: ExportTable }) {
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>{table.header.map((h) => <Table.Th key={h}>{h}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((row, i) => (
            <Table.Tr key={i}>{row.map((cell, j) => <Table.Td key={j}>{cell}</Table.Td>)}</Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const { db, catalog } = useClinic();
  const settings = catalog.settings!;
  const tz = settings.timeZone;
  const today = localDateOf(new Date().toISOString(), tz);
  const [mode, setMode] = useState<PeriodMode>('month');
  const [anchor, setAnchor] = useState(today);
  const [custom, setCustom] = useState({ from: addLocalDays(today, -30), to: today });
  const [filters, setFilters] = useState<{ doctorId?: string; chairId?: string; procedureId?: string }>({});
  const appointments = useLiveQuery(db, 'appointments', {}, 'all');
  const ledger = useLiveQuery(db, 'ledger', {}, 'all');
  const patients = useLiveQuery(db, 'patients', {}, 'all');
  const period = periodOf(mode, anchor, custom);

  const report: ClinicReport | null = useMemo(
    () =>
      appointments && ledger
        ? buildClinicReport({ period, filters, timeZone: tz, openingHours: settings.openingHours, appointments, ledger, doctors: catalog.doctors, chairs: catalog.chairs, procedures: catalog.procedures })
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [appointments, ledger, period.from, period.to, filters, tz, settings.openingHours, catalog],
  );
  if (!report) return null;

  const money = (minor: number) => formatMoney(minor, settings.currency, i18n.language);
  const major = (minor: number) => toMajor(minor, settings.currency);
  const percent = (value: number) => new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  const patientName = new Map((patients ?? []).map((p) => [p.id, p.name]));
  const name = (list: { id: string; name: string }[], id: string) => list.find((x) => x.id === id)?.name ?? '';

  const resourceTable = (rows: ResourceRow[], title: string): ExportTable => ({
    header: [title, t('reports.count'), t('reports.revenue', { currency: settings.currency }), t('reports.hoursBooked'), t('reports.hoursOpen'), t('reports.utilisation')],
    rows: rows.map((r) => [r.name, r.count, major(r.revenueMinor), Number(r.hoursBooked.toFixed(2)), Number(r.hoursOpen.toFixed(2)), Number((r.utilisation * 100).toFixed(1))]),
  });
  const appointmentsTable: ExportTable = {
    header: [t('reports.date'), t('reports.time'), t('booking.patient'), t('booking.doctor'), t('booking.chair'), t('booking.procedures'), t('booking.status'), t('reports.total', { currency: settings.currency })],
    rows: report.appointments.map((a) => [localDateOf(a.start, tz), `${wallTimeOf(a.start, tz)}–${wallTimeOf(a.end, tz)}`, patientName.get(a.patientId) ?? '', name(catalog.doctors, a.doctorId), name(catalog.chairs, a.chairId), a.items.map((i) => i.name).join(', '), t(`status.${a.status}`), major(a.totalMinor)]),
  };
  const monthTable: ExportTable = {
    header: [t('reports.month'), t('reports.income'), t('reports.expenses'), t('reports.net')],
    rows: report.money.byMonth.map((m) => [m.month, major(m.incomeMinor), major(m.expensesMinor), major(m.netMinor)]),
  };
  const patientsTable: ExportTable = {
    header: [t('reports.metric'), t('reports.value')],
    rows: [
      [t('reports.patientsSeen'), report.patients.seen],
      [t('reports.newPatients'), report.patients.newPatients],
      [t('reports.returningPatients'), report.patients.returningPatients],
      [t('reports.visitsPerPatient'), Number(report.patients.visitsPerPatient.toFixed(2))],
      ...report.patients.topProcedures.map((p): [string, number] => [`${t('reports.topProcedure')}: ${p.name}`, p.count]),
    ],
  };
  const s = report.summary;
  const card = (label: string, value: ReactNode, testId?: string) => (
    <Paper withBorder p="sm" key={label}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="lg" data-testid={testId}>{value}</Text>
    </Paper>
  );

  return (
    <Stack>
      <Title order={3}>{t('reports.title')}</Title>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <SegmentedControl data={(['day', 'week', 'month', 'custom'] as const).map((m) => ({ value: m, label: t(`reports.period.${m}`) }))} value={mode} onChange={(v) => setMode(v as PeriodMode)} />
        {mode === 'custom' ? (
          <Group gap="xs">
            <TextInput type="date" aria-label={t('reports.from')} value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.currentTarget.value })} />
            <TextInput type="date" aria-label={t('reports.to')} value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.currentTarget.value })} />
          </Group>
        ) : (
          <Group gap={4}>
            <Button variant="default" onClick={() => setAnchor(addLocalDays(period.from, -1))} aria-label={t('reports.previous')}>‹</Button>
            <Text fw={600} px="xs" data-testid="report-period">{formatDayLabel(period.from, i18n.language, { day: 'numeric', month: 'short' })} – {formatDayLabel(period.to, i18n.language, { day: 'numeric', month: 'short', year: 'numeric' })}</Text>
            <Button variant="default" onClick={() => setAnchor(addLocalDays(period.to, 1))} aria-label={t('reports.next')}>›</Button>
          </Group>
        )}
      </Group>
      <Group gap="sm" wrap="wrap">
        <Select placeholder={t('reports.allDoctors')} data={catalog.doctors.map((d) => ({ value: d.id, label: d.name }))} value={filters.doctorId ?? null} onChange={(v) => setFilters({ ...filters, doctorId: v ?? undefined })} clearable w={200} aria-label={t('booking.doctor')} />
        <Select placeholder={t('reports.allChairs')} data={catalog.chairs.map((c) => ({ value: c.id, label: c.name }))} value={filters.chairId ?? null} onChange={(v) => setFilters({ ...filters, chairId: v ?? undefined })} clearable w={200} aria-label={t('booking.chair')} />
        <Select placeholder={t('reports.allProcedures')} data={catalog.procedures.map((p) => ({ value: p.id, label: p.name }))} value={filters.procedureId ?? null} onChange={(v) => setFilters({ ...filters, procedureId: v ?? undefined })} clearable searchable w={240} aria-label={t('booking.procedures')} />
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
        {card(t('reports.appointments'), s.appointmentCount, 'summary-appointments')}
        {card(t('reports.billed'), money(s.billedMinor), 'summary-billed')}
        {card(t('reports.received'), money(s.receivedMinor), 'summary-received')}
        {card(t('reports.average'), money(s.averageValueMinor))}
        {card(t('reports.prepaidAfter'), `${money(s.prepaidMinor)} / ${money(s.paidAfterMinor)}`)}
        {card(t('reports.noShowRate'), percent(s.noShowRate))}
        {card(t('reports.cancellationRate'), percent(s.cancellationRate))}
        {card(t('reports.expenses'), money(report.money.expensesMinor))}
        {card(t('reports.net'), money(report.money.netMinor), 'summary-net')}
      </SimpleGrid>
      <Tabs defaultValue="appointments" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="appointments">{t('reports.tab.appointments')}</Tabs.Tab>
          <Tabs.Tab value="doctors">{t('reports.tab.doctors')}</Tabs.Tab>
          <Tabs.Tab value="procedures">{t('reports.tab.procedures')}</Tabs.Tab>
          <Tabs.Tab value="chairs">{t('reports.tab.chairs')}</Tabs.Tab>
          <Tabs.Tab value="patients">{t('reports.tab.patients')}</Tabs.Tab>
          <Tabs.Tab value="money">{t('reports.tab.money')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="appointments" pt="sm">
          <Stack gap="xs">
            <ExportButtons table={appointmentsTable} name="appointments" />
            {appointmentsTable.rows.length === 0 ? <Text c="dimmed">{t('reports.empty')}</Text> : <DataTable table={appointmentsTable} />}
          </Stack>
        </Tabs.Panel>
        {(['doctors', 'procedures', 'chairs'] as const).map((tab) => {
          const rows = tab === 'doctors' ? report.byDoctor : tab === 'procedures' ? report.byProcedure : report.byChair;
          const table = resourceTable(rows, t(`reports.tab.${tab}`));
          return (
            <Tabs.Panel key={tab} value={tab} pt="sm">
              <Stack gap="xs">
                <ExportButtons table={table} name={tab} />
                {rows.length > 0 && <BarChart h={220} data={rows.map((r) => ({ name: r.name, revenue: major(r.revenueMinor) }))} dataKey="name" series={[{ name: 'revenue', label: t('reports.revenue', { currency: settings.currency }), color: 'blue.6' }]} />}
                <DataTable table={table} />
              </Stack>
            </Tabs.Panel>
          );
        })}
        <Tabs.Panel value="patients" pt="sm">
          <Stack gap="xs">
            <ExportButtons table={patientsTable} name="patients" />
            <DataTable table={patientsTable} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="money" pt="sm">
          <Stack gap="xs">
            <ExportButtons table={monthTable} name="money" />
            <BarChart
              h={240}
              data={report.money.byMonth.map((m) => ({ month: m.month, income: major(m.incomeMinor), expenses: major(m.expensesMinor) }))}
              dataKey="month"
              series={[{ name: 'income', label: t('reports.income'), color: 'teal.6' }, { name: 'expenses', label: t('reports.expenses'), color: 'red.6' }]}
            />
            <DataTable table={monthTable} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <Text size="xs" c="dimmed">{t('reports.definitions')}</Text>
    </Stack>
  );
}
