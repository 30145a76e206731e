/** Sign in or sign up with email and password; ask for a password-reset link. */
import { Alert, Anchor, Button, Group, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { CardPage } from '../../ui/CardPage.js';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { authClient } from '../../app/session.js';
import { UI_LANGUAGES } from '../../i18n/index.js';

type Mode = 'signIn' | 'signUp' | 'forgot';

export function AuthPage({ onSignedIn, initialEmail, initialMode = 'signUp', header }: { onSignedIn(): void; initialEmail?: string; initialMode?: Mode; header?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<Mode>(initialMode);
  const [name, setName] = useState('');
  const [email, setEmail] = useState(initialEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      if (mode === 'forgot') {
        const result = await authClient.requestPasswordReset({ email: email.trim(), redirectTo: '/reset-password' });
        if (result.error) setError(t(`auth.error.${result.error.code ?? ''}`, { defaultValue: t('auth.error.generic') }));
        else setNotice(t('auth.resetSent'));
        return;
      }
      const result =
        mode === 'signUp'
          ? await authClient.signUp.email({ name: name.trim(), email: email.trim(), password })
          : await authClient.signIn.email({ email: email.trim(), password });
      if (result.error) {
        const key = result.error.status === 429 ? 'auth.error.rate_limited' : `auth.error.${result.error.code ?? ''}`;
        setError(t(key, { defaultValue: t('auth.error.generic') }));
        return;
      }
      onSignedIn();
    } catch {
      setError(t('auth.error.offline'));
    } finally {
      setBusy(false);
    }
  };

  const title = { signUp: t('auth.signUpTitle'), signIn: t('auth.signInTitle'), forgot: t('auth.forgotTitle') }[mode];
  const action = { signUp: t('auth.signUp'), signIn: t('auth.signIn'), forgot: t('auth.sendReset') }[mode];

  return (
    <CardPage width={400}>
      <form onSubmit={submit}>
        <Stack>
          <Title order={2}>Kabinet</Title>
          {header ?? <Text c="dimmed" size="sm">{t('auth.tagline')}</Text>}
          <Title order={4}>{title}</Title>
          {mode === 'signUp' && <TextInput label={t('auth.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required autoComplete="name" />}
          <TextInput label={t('auth.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoComplete="email" />
          {mode !== 'forgot' && (
            <PasswordInput
              label={t('auth.password')}
              description={mode === 'signUp' ? t('auth.passwordHint') : undefined}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              minLength={8}
              autoComplete={mode === 'signUp' ? 'new-password' : 'current-password'}
            />
          )}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          {notice && <Alert color="green" role="status">{notice}</Alert>}
          <Button type="submit" loading={isBusy} size="md">{action}</Button>
          <Group justify="space-between">
            <Anchor component="button" type="button" size="sm" onClick={() => setMode(mode === 'signUp' ? 'signIn' : 'signUp')}>
              {mode === 'signUp' ? t('auth.haveAccount') : t('auth.noAccount')}
            </Anchor>
            {mode === 'signIn' && (
              <Anchor component="button" type="button" size="sm" onClick={() => setMode('forgot')}>{t('auth.forgot')}</Anchor>
            )}
          </Group>
          <Select
            aria-label={t('settings.language')}
            data={UI_LANGUAGES.map((l) => ({ ...l }))}
            value={i18n.resolvedLanguage ?? 'ru'}
            onChange={(value) => value && void i18n.changeLanguage(value)}
            allowDeselect={false}
            size="xs"
            w={160}
          />
        </Stack>
      </form>
    </CardPage>
  );
}
