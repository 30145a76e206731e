/** Decides what a person sees: an invitation, a password reset, sign in, a first clinic, or the clinic itself. */
import { Center, Loader, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import i18next from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { AuthPage } from '../features/auth/AuthPage.js';
import { InvitePage } from '../features/auth/InvitePage.js';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage.js';
import { CreateClinicPage } from '../features/clinics/CreateClinicPage.js';
import { UpdatePrompt } from '../ui/UpdatePrompt.js';
import { ClinicProvider } from './ClinicProvider.js';
import { localClinicsOf, revokedLocalClinics, wipeLocalClinic } from './local-data.js';
import { cachedMe, lastClinicId, loadMe, rememberClinic, type Me } from './session.js';
import { Shell } from './Shell.js';

/** Tells the person that a clinic's data left this device because their access ended. */
function announceLostAccess(clinicNames: string[]): void {
  if (clinicNames.length === 0) return;
  modals.open({
    title: i18next.t('access.lostTitle'),
    children: <Text size="sm" data-testid="lost-access">{i18next.t('access.lostText', { names: clinicNames.join(', ') })}</Text>,
  });
}

export function App() {
  const [location, navigate] = useLocation();
  const [state, setState] = useState<{ me: Me | null; isOffline: boolean } | undefined>(undefined);
  const [clinicId, setClinicId] = useState<string | null>(null);
  const [isCreatingClinic, setCreatingClinic] = useState(false);

  const refresh = useCallback(async () => {
    const previous = cachedMe();
    const next = await loadMe();
    if (!next.me && !next.isOffline && previous) {
      // Signed out by the server: if that was a removal from a clinic, its data goes now, before anyone signs in.
      const revoked = await revokedLocalClinics(previous.user.id);
      await Promise.all(revoked.map((local) => wipeLocalClinic(local.userId, local.clinicId)));
      announceLostAccess(revoked.map((local) => local.clinicName));
    }
    if (next.me && !next.isOffline) {
      // Clinics this device holds but the server no longer lists: access ended, so their data goes.
      const gone = localClinicsOf(next.me.user.id).filter((local) => !next.me!.clinics.some((c) => c.id === local.clinicId));
      await Promise.all(gone.map((local) => wipeLocalClinic(local.userId, local.clinicId)));
      announceLostAccess(gone.map((local) => local.clinicName));
    }
    setState(next);
    if (next.me) {
      const remembered = lastClinicId(next.me.user.id);
      const known = next.me.clinics.find((c) => c.id === remembered) ?? next.me.clinics[0];
      setClinicId(known?.id ?? null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const onLostAccess = useCallback(
    async (userId: string, lostClinicId: string, clinicName: string) => {
      await wipeLocalClinic(userId, lostClinicId);
      announceLostAccess([clinicName]);
      await refresh();
    },
    [refresh],
  );

  if (location.startsWith('/invite/')) {
    return <InvitePage token={location.slice('/invite/'.length)} me={state?.me ?? null} onJoined={async (id, userId) => {
      rememberClinic(userId, id);
      navigate('/');
      await refresh();
    }} onSignedIn={refresh} />;
  }
  if (location.startsWith('/reset-password')) {
    return <ResetPasswordPage onDone={() => navigate('/')} />;
  }
  if (!state) {
    return (
      <Center h="100dvh">
        <Loader />
      </Center>
    );
  }
  let page;
  if (!state.me) page = <AuthPage onSignedIn={refresh} />;
  else if (!clinicId || isCreatingClinic) {
    page = (
      <CreateClinicPage
        me={state.me}
        onCancel={state.me.clinics.length ? () => setCreatingClinic(false) : undefined}
        onCreated={async (id) => {
          rememberClinic(state.me!.user.id, id);
          setCreatingClinic(false);
          await refresh();
        }}
      />
    );
  } else {
    const me = state.me;
    const clinic = me.clinics.find((c) => c.id === clinicId)!;
    page = (
      <ClinicProvider key={clinicId} me={me} clinic={clinic} onLostAccess={() => void onLostAccess(me.user.id, clinic.id, clinic.name)}>
        <Shell
          me={me}
          onSwitchClinic={(id) => {
            rememberClinic(me.user.id, id);
            setClinicId(id);
          }}
          onCreateClinic={() => setCreatingClinic(true)}
          onSignedOut={refresh}
        />
      </ClinicProvider>
    );
  }
  return (
    <>
      {page}
      <UpdatePrompt />
    </>
  );
}
