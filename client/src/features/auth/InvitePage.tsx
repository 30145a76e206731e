/** An invitation link: shows the clinic and role, lets the person sign up or sign in, then joins them to the clinic. */
import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { CardPage } from '../../ui/CardPage.js';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../app/session.js';
import { AuthPage } from './AuthPage.js';

interface InvitationInfo {
  clinicName: string;
  email: string;
  role: string;
}

export function InvitePage({ token, me, onJoined, onSignedIn }: { token: string; me: Me | null; onJoined(clinicId: string, userId: string): void; onSignedIn(): void }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<InvitationInfo | { error: string } | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);
  const [isJoining, setJoining] = useState(false);

  useEffect(() => {
    void fetch(`/api/invitations/${encodeURIComponent(token)}`)
      .then(async (response) => {
        const body = await response.json();
        setInfo(response.ok ? body : { error: response.status === 410 ? t('invite.expired') : t('invite.invalid') });
      })
      .catch(() => setInfo({ error: t('auth.error.offline') }));
  }, [token, t]);

  const join = async () => {
    setJoining(true);
    setJoinError(null);
    const response = await fetch(`/api/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', credentials: 'same-origin' });
    const body = await response.json();
    setJoining(false);
    if (response.ok && me) onJoined(body.clinic.id, me.user.id);
    else setJoinError(body.error?.message ?? t('auth.error.generic'));
  };

  if (!info) {
    return (
      <Center h="100dvh">
        <Loader />
      </Center>
    );
  }
  if ('error' in info) {
    return (
      <Center mih="100dvh" p="md">
        <Alert color="red" maw={420} role="alert">{info.error}</Alert>
      </Center>
    );
  }
  const header = <Text size="sm">{t('invite.text', { clinic: info.clinicName, role: t(`role.${info.role}`) })}</Text>;
  if (!me) return <AuthPage onSignedIn={onSignedIn} initialEmail={info.email} header={header} />;
  const isOtherAccount = me.user.email.toLowerCase() !== info.email;
  return (
    <CardPage width={420}>
      <Stack>
        <Title order={3}>{t('invite.title')}</Title>
        {header}
        {isOtherAccount && <Alert color="orange">{t('invite.otherAccount', { email: info.email, current: me.user.email })}</Alert>}
        {joinError && <Alert color="red" role="alert">{joinError}</Alert>}
        <Button onClick={() => void join()} loading={isJoining} disabled={isOtherAccount} size="md">{t('invite.join', { clinic: info.clinicName })}</Button>
      </Stack>
    </CardPage>
  );
}
