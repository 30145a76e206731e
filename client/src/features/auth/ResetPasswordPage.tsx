/** The page a password-reset email links to: choose a new password (all sessions end). */
import { Alert, Button, PasswordInput, Stack, Title } from '@mantine/core';
import { CardPage } from '../../ui/CardPage.js';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authClient } from '../../app/session.js';

export function ResetPasswordPage({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isDone, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const result = await authClient.resetPassword({ newPassword: password, token }).catch(() => ({ error: { code: 'offline' } }));
    if (result.error) setError(t(`auth.error.${result.error.code ?? ''}`, { defaultValue: t('auth.resetFailed') }));
    else setDone(true);
  };

  return (
    <CardPage width={400}>
      <form onSubmit={submit}>
        <Stack>
          <Title order={3}>{t('auth.newPasswordTitle')}</Title>
          {isDone ? (
            <>
              <Alert color="green">{t('auth.resetDone')}</Alert>
              <Button onClick={onDone}>{t('auth.signIn')}</Button>
            </>
          ) : (
            <>
              <PasswordInput label={t('auth.newPassword')} description={t('auth.passwordHint')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required minLength={8} autoComplete="new-password" />
              {error && <Alert color="red" role="alert">{error}</Alert>}
              <Button type="submit" size="md">{t('auth.setPassword')}</Button>
            </>
          )}
        </Stack>
      </form>
    </CardPage>
  );
}
