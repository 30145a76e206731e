/** The clinic's team for owners and admins: invite by email with a role, change roles, remove people, manage pending invitations. */
import { Alert, Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CLINIC_ROLES, canAssignRole, type ClinicRole } from '../../../../shared/src/auth/permissions.js';
import { useClinic } from '../../app/ClinicProvider.js';
import { formatInstant } from '../../ui/format.js';
import { TeamApiError, teamApi, type PendingInvitation, type TeamMember } from './team-api.js';

export function TeamPage() {
  const { t, i18n } = useTranslation();
  const { clinic, me, catalog } = useClinic();
  const api = teamApi(clinic.id);
  const [team, setTeam] = useState<{ members: TeamMember[]; invitations: PendingInvitation[] } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ClinicRole>('receptionist');
  const [inviteError, setInviteError] = useState<string | null>(null);
  const [isInviting, setInviting] = useState(false);
  const assignable = CLINIC_ROLES.filter((r) => canAssignRole(clinic.role, r));
  const roleOptions = assignable.map((r) => ({ value: r, label: t(`role.${r}`) }));

  const reload = useCallback(async () => {
    try {
      setTeam(await teamApi(clinic.id).list());
      setLoadError(null);
    } catch (error) {
      setLoadError((error as TeamApiError).code === 'offline' ? t('team.offline') : (error as Error).message);
    }
  }, [clinic.id, t]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async (action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      if (done) notifications.show({ message: done, color: 'green' });
    } catch (error) {
      const e = error as TeamApiError;
      notifications.show({ message: e.code === 'offline' ? t('team.offline') : t(`team.error.${e.code}`, { defaultValue: e.message }), color: 'red' });
    }
    await reload();
  };

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setInviteError(null);
    setInviting(true);
    try {
      await api.invite(email.trim(), role);
      notifications.show({ message: t('team.invited', { email: email.trim() }), color: 'green' });
      setEmail('');
      await reload();
    } catch (error) {
      const e = error as TeamApiError;
      setInviteError(e.code === 'offline' ? t('team.offline') : t(`team.error.${e.code}`, { defaultValue: e.message }));
    } finally {
      setInviting(false);
    }
  };

  const remove = (member: TeamMember) =>
    modals.openConfirmModal({
      title: t('team.removeTitle', { name: member.name }),
      children: <Text size="sm">{t('team.removeText')}</Text>,
      labels: { confirm: t('team.remove'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => void run(() => api.remove(member.userId), t('team.removed', { name: member.name })),
    });

  const timeZone = catalog.settings?.timeZone ?? 'UTC';
  return (
    <Stack maw={860}>
      <Title order={3}>{t('team.title')}</Title>
      <Paper withBorder p="md">
        <form onSubmit={invite}>
          <Stack gap="sm">
            <Text fw={600}>{t('team.inviteTitle')}</Text>
            <Group align="flex-end" wrap="wrap">
              <TextInput label={t('auth.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required style={{ flex: '1 1 220px' }} />
              <Select label={t('team.role')} data={roleOptions} value={role} onChange={(v) => v && setRole(v as ClinicRole)} allowDeselect={false} w={180} />
              <Button type="submit" loading={isInviting}>{t('team.invite')}</Button>
            </Group>
            {inviteError && <Alert color="red" role="alert">{inviteError}</Alert>}
            <Text size="xs" c="dimmed">{t('team.inviteHint')}</Text>
          </Stack>
        </form>
      </Paper>
      {loadError && <Alert color="orange">{loadError}</Alert>}
      {team && (
        <>
          <Text fw={600}>{t('team.members')}</Text>
          <Stack gap="xs">
            {team.members.map((member) => {
              const isSelf = member.userId === me.user.id;
              const canChange = canAssignRole(clinic.role, member.role);
              return (
                <Paper key={member.userId} withBorder p="sm" data-testid="member-row">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <div style={{ minWidth: 0, flex: '1 1 200px' }}>
                      <Text truncate>{member.name}{isSelf ? ` (${t('team.you')})` : ''}</Text>
                      <Text size="xs" c="dimmed" truncate>{member.email}</Text>
                    </div>
                    <Group gap="xs" wrap="nowrap">
                      {canChange ? (
                        <Select aria-label={t('team.role')} data={roleOptions} value={member.role} onChange={(v) => v && v !== member.role && void run(() => api.changeRole(member.userId, v as ClinicRole), t('team.roleChanged'))} allowDeselect={false} w={170} />
                      ) : (
                        <Badge variant="light">{t(`role.${member.role}`)}</Badge>
                      )}
                      {canChange && !isSelf && <Button variant="subtle" color="red" onClick={() => remove(member)}>{t('team.remove')}</Button>}
                    </Group>
                  </Group>
                </Paper>
              );
            })}
          </Stack>
          <Text fw={600}>{t('team.pending')}</Text>
          {team.invitations.length === 0 ? (
            <Text size="sm" c="dimmed">{t('team.noPending')}</Text>
          ) : (
            <Stack gap="xs">
              {team.invitations.map((invitation) => (
                <Paper key={invitation.id} withBorder p="sm" data-testid="invitation-row">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <div style={{ minWidth: 0, flex: '1 1 200px' }}>
                      <Text truncate>{invitation.email} · {t(`role.${invitation.role}`)}</Text>
                      <Text size="xs" c={invitation.isExpired ? 'red' : 'dimmed'}>
                        {invitation.isExpired ? t('team.expired') : t('team.expires', { when: formatInstant(invitation.expiresAt, i18n.language, timeZone) })}
                      </Text>
                    </div>
                    <Group gap="xs" wrap="nowrap">
                      <Button variant="default" size="xs" onClick={() => void run(() => api.resend(invitation.id), t('team.resent'))}>{t('team.resend')}</Button>
                      <Button variant="subtle" color="red" size="xs" onClick={() => void run(() => api.revoke(invitation.id), t('team.revoked'))}>{t('team.revoke')}</Button>
                    </Group>
                  </Group>
                </Paper>
              ))}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
