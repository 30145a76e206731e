/** Opens the clinic's local database, starts sync, and shares the database and the clinic's catalog with every screen. */
import { Center, Loader, Text } from '@mantine/core';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Chair, ClinicSettings, Doctor, Location, Procedure } from '../../../shared/src/domain/index.js';
import { openClinicDatabase, type ClinicDatabase } from '../db/database.js';
import { useLiveQuery } from '../db/hooks.js';
import { startClinicSync, type ClinicSync } from '../sync/replication.js';
import { useSyncStatus } from '../sync/sync-status.js';
import { rememberLocalClinic } from './local-data.js';
import { loadMe, type Me, type MeClinic } from './session.js';

/** Whether the server (reachable, signed in) no longer lists `clinicId` among this person's clinics. */
async function isClinicGone(clinicId: string): Promise<boolean> {
  const { me, isOffline } = await loadMe();
  return !isOffline && me !== null && !me.clinics.some((c) => c.id === clinicId);
}

export interface ClinicCatalog {
  /** The clinic's settings; undefined until the first sync brings them. */
  settings: ClinicSettings | undefined;
  doctors: Doctor[];
  chairs: Chair[];
  locations: Location[];
  procedures: Procedure[];
}

export interface ClinicContextValue {
  db: ClinicDatabase;
  clinic: MeClinic;
  me: Me;
  sync: ClinicSync;
  catalog: ClinicCatalog;
}

const ClinicContext = createContext<ClinicContextValue | null>(null);

export function useClinic(): ClinicContextValue {
  const value = useContext(ClinicContext);
  if (!value) throw new Error('useClinic() outside <ClinicProvider>');
  return value;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/**
 * `onLostAccess` runs once the server confirms this person no longer belongs to the clinic (removed, or the clinic
 * is gone): sync has stopped by then, and the caller wipes the local data.
 */
export function ClinicProvider({ me, clinic, onLostAccess, children }: { me: Me; clinic: MeClinic; onLostAccess(): void; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState<{ db: ClinicDatabase; sync: ClinicSync } | { error: string } | null>(null);

  useEffect(() => {
    let sync: ClinicSync | undefined;
    let isCancelled = false;
    rememberLocalClinic({ userId: me.user.id, clinicId: clinic.id, clinicName: clinic.name });
    openClinicDatabase(me.user.id, clinic.id)
      .then((db) => {
        if (isCancelled) return;
        sync = startClinicSync(db, clinic.id);
        setOpened({ db, sync });
      })
      .catch((error: unknown) => setOpened({ error: String(error) }));
    return () => {
      isCancelled = true;
      void sync?.stop();
    };
  }, [me.user.id, clinic.id, clinic.name]);

  const status = useSyncStatus();
  useEffect(() => {
    if (status.problem !== 'lost_access' || !opened || 'error' in opened) return;
    let isCancelled = false;
    void (async () => {
      // A 404 alone could be a server mix-up; unsynced work is only given up when the server confirms it.
      const confirmed = status.code === 'access_revoked' || (await isClinicGone(clinic.id));
      if (!confirmed || isCancelled) return;
      await opened.sync.stop();
      onLostAccess();
    })();
    return () => {
      isCancelled = true;
    };
  }, [status.problem, status.code, opened, clinic.id, onLostAccess]);

  if (!opened) {
    return (
      <Center h="100dvh">
        <Loader />
      </Center>
    );
  }
  if ('error' in opened) {
    return (
      <Center h="100dvh" p="md">
        <Text c="red">{t('app.databaseError', { error: opened.error })}</Text>
      </Center>
    );
  }
  return (
    <CatalogLoader db={opened.db} sync={opened.sync} me={me} clinic={clinic}>
      {children}
    </CatalogLoader>
  );
}

function CatalogLoader({ db, sync, me, clinic, children }: { db: ClinicDatabase; sync: ClinicSync; me: Me; clinic: MeClinic; children: ReactNode }) {
  const docs = useLiveQuery(db, 'catalog', {}, 'all');
  const value = useMemo<ClinicContextValue | null>(() => {
    if (!docs) return null;
    const catalog: ClinicCatalog = { settings: undefined, doctors: [], chairs: [], locations: [], procedures: [] };
    for (const doc of docs) {
      if (doc.kind === 'clinic') catalog.settings = doc;
      else if (doc.kind === 'doctor') catalog.doctors.push(doc);
      else if (doc.kind === 'chair') catalog.chairs.push(doc);
      else if (doc.kind === 'location') catalog.locations.push(doc);
      else catalog.procedures.push(doc);
    }
    catalog.doctors.sort(byName);
    catalog.chairs.sort(byName);
    catalog.locations.sort(byName);
    catalog.procedures.sort(byName);
    return { db, sync, me, clinic, catalog };
  }, [docs, db, sync, me, clinic]);
  if (!value) {
    return (
      <Center h="100dvh">
        <Loader />
      </Center>
    );
  }
  return <ClinicContext.Provider value={value}>{children}</ClinicContext.Provider>;
}
