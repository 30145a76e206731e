/** The clinic's frame: header with clinic switcher and sync status, navigation, and the current page. */
import { AppShell, Badge, Burger, Button, Center, Group, Loader, Menu, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Switch, useLocation } from 'wouter';
import { CalendarPage } from '../features/calendar/CalendarPage.js';
import { DirectoryPage } from '../features/directory/DirectoryPage.js';
import { PatientsPage } from '../features/patients/PatientsPage.js';
import { SettingsPage } from '../features/clinics/SettingsPage.js';
import { SyncIndicator } from '../ui/SyncIndicator.js';
import { TeamPage } from '../features/team/TeamPage.js';
import { ClashInboxPage, useUpcomingClashes } from '../features/clashes/ClashInboxPage.js';
import { SyncLogPage } from '../features/sync-log/SyncLogPage.js';
import { canManageTeam, readScope, type ClinicRole } from '../../../shared/src/auth/permissions.js';
import { ExpensesPage } from '../features/payments/ExpensesPage.js';
import { useClinic } from './ClinicProvider.js';
import type { Me } from './session.js';

/** Loaded when first opened: its charts are the largest part of the app and only owners and admins see them. */
const ReportsPage = lazy(() => import('../features/reports/ReportsPage.js').then((module) => ({ default: module.ReportsPage })));

const NAV = [
  { path: '/', label: 'nav.calendar', isVisible: () => true },
  { path: '/patients', label: 'nav.patients', isVisible: () => true },
  { path: '/directory', label: 'nav.directory', isVisible: () => true },
  { path: '/clashes', label: 'nav.clashes', isVisible: () => true },
  { path: '/reports', label: 'nav.reports', isVisible: (role: ClinicRole) => readScope(role, 'ledger') === 'all' },
  { path: '/expenses', label: 'nav.expenses', isVisible: (role: ClinicRole) => readScope(role, 'ledger') === 'all' },
  { path: '/team', label: 'nav.team', isVisible: canManageTeam },
  { path: '/settings', label: 'nav.settings', isVisible: () => true },
] as const;

export function Shell({ me, onSwitchClinic, onCreateClinic, onSignedOut }: { me: Me; onSwitchClinic(id: string): void; onCreateClinic(): void; onSignedOut(): void }) {
  const { t } = useTranslation();
  const { clinic, catalog } = useClinic();
  const [isNavOpen, nav] = useDisclosure(false);
  const [location, navigate] = useLocation();
  const clashCount = new Set(useUpcomingClashes().clashes.map((clash) => clash.appointmentIds.join('+'))).size;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'md', collapsed: { mobile: !isNavOpen } }} padding="sm">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={isNavOpen} onClick={nav.toggle} hiddenFrom="md" size="sm" aria-label={t('nav.menu')} />
            <Menu position="bottom-start">
              <Menu.Target>
                <UnstyledButton aria-label={t('nav.switchClinic')} style={{ minWidth: 0 }}>
                  <Text fw={700} truncate>
                    {catalog.settings?.name ?? clinic.name} ▾
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('nav.clinics')}</Menu.Label>
                {me.clinics.map((c) => (
                  <Menu.Item key={c.id} onClick={() => onSwitchClinic(c.id)} fw={c.id === clinic.id ? 700 : undefined}>
                    {c.name}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Menu.Item onClick={onCreateClinic}>{t('nav.newClinic')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
          <SyncIndicator onSignInAgain={onSignedOut} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Stack gap={4}>
          {NAV.filter((item) => item.isVisible(clinic.role)).map((item) => (
            <NavLink
              key={item.path}
              label={t(item.label)}
              rightSection={item.path === '/clashes' && clashCount > 0 ? <Badge color="red" size="sm" data-testid="clash-count">{clashCount}</Badge> : undefined}
              active={item.path === '/' ? location === '/' : location.startsWith(item.path)}
              onClick={() => {
                navigate(item.path);
                nav.close();
              }}
              style={{ borderRadius: 8, minHeight: 44 }}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        {catalog.settings ? (
          <Switch>
            <Route path="/patients" component={PatientsPage} />
            <Route path="/directory" component={DirectoryPage} />
            {canManageTeam(clinic.role) && <Route path="/team" component={TeamPage} />}
            <Route path="/clashes" component={ClashInboxPage} />
            {readScope(clinic.role, 'ledger') === 'all' && (
              <Route path="/reports">
                <Suspense fallback={<Center h="60vh"><Loader /></Center>}>
                  <ReportsPage />
                </Suspense>
              </Route>
            )}
            {readScope(clinic.role, 'ledger') === 'all' && <Route path="/expenses" component={ExpensesPage} />}
            <Route path="/sync-log" component={SyncLogPage} />
            <Route path="/settings">
              <SettingsPage onSignedOut={onSignedOut} />
            </Route>
            <Route component={CalendarPage} />
          </Switch>
        ) : (
          <Center h="60vh">
            <Stack align="center">
              <Loader />
              <Text c="dimmed" ta="center">{t('app.firstSync')}</Text>
              <Button variant="subtle" onClick={onSignedOut}>{t('app.reload')}</Button>
            </Stack>
          </Center>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
