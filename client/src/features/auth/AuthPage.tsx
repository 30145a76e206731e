/** Sign in or sign up with email and password. */
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authClient } from '../../app/session.js';
import { UI_LANGUAGES } from '../../i18n/index.js';

export function AuthPage({ onSignedIn }: { onSignedIn(): void }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'signIn' | 'signUp'>('signUp');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const result =
        mode === 'signUp'
          ? await authClient.signUp.email({ name: name.trim(), email: email.trim(), password })
          : await authClient.signIn.email({ email: email.trim(), password });
      if (result.error) {
        const code = result.error.code ?? '';
        setError(t(`auth.error.${code}`, { defaultValue: t('auth.error.generic') }));
        return;
      }
      onSignedIn();
    } catch {
      setError(t('auth.error.offline'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={400}>
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>Kabinet</Title>
            <Text c="dimmed" size="sm">{t('auth.tagline')}</Text>
            <Title order={4}>{mode === 'signUp' ? t('auth.signUpTitle') : t('auth.signInTitle')}</Title>
            {mode === 'signUp' && <TextInput label={t('auth.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required autoComplete="name" />}
            <TextInput label={t('auth.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoComplete="email" />
            <PasswordInput
              label={t('auth.password')}
              description={mode === 'signUp' ? t('auth.passwordHint') : undefined}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              minLength={8}
              autoComplete={mode === 'signUp' ? 'new-password' : 'current-password'}
            />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Button type="submit" loading={isBusy} size="md">
              {mode === 'signUp' ? t('auth.signUp') : t('auth.signIn')}
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={() => setMode(mode === 'signUp' ? 'signIn' : 'signUp')}>
              {mode === 'signUp' ? t('auth.haveAccount') : t('auth.noAccount')}
            </Anchor>
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
      </Paper>
    </Center>
  );
}
