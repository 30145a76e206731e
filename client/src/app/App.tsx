/** Decides what a person sees: sign in, create a first clinic, or the clinic itself. */
import { Center, Loader } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { AuthPage } from '../features/auth/AuthPage.js';
import { CreateClinicPage } from '../features/clinics/CreateClinicPage.js';
import { UpdatePrompt } from '../ui/UpdatePrompt.js';
import { ClinicProvider } from './ClinicProvider.js';
import { lastClinicId, loadMe, rememberClinic, type Me } from './session.js';
import { Shell } from './Shell.js';

export function App() {
  const [state, setState] = useState<{ me: Me | null; isOffline: boolean } | undefined>(undefined);
  const [clinicId, setClinicId] = useState<string | null>(null);
  const [isCreatingClinic, setCreatingClinic] = useState(false);

  const refresh = useCallback(async () => {
    const next = await loadMe();
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
      <ClinicProvider key={clinicId} me={me} clinic={clinic}>
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
