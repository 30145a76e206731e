/** `POST /api/clinics`: create a clinic, the caller as its owner, seeded with a usable starter catalog. */
import { Hono } from 'hono';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { LOCALES } from '../../../../shared/src/domain/catalog.js';
import { buildStarterCatalog } from '../../../../shared/src/domain/starter-catalog.js';
import { requireUser } from '../../auth/middleware.js';
import { schema } from '../../db/client.js';
import type { AppEnv, Deps } from '../../env.js';
import { storeDocument } from '../../sync/engine.js';
import { SYNC_COLLECTIONS } from '../../sync/registry.js';
import { validate } from '../../validate.js';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Body of `POST /api/clinics`; the client pre-fills time zone, currency and language from the browser. */
export const createClinicSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().refine(isTimeZone, 'Unknown IANA time zone').optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 currency code').optional(),
  locale: z.enum(LOCALES).optional(),
});

export function clinicRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.post('/', validate('json', createClinicSchema), (c) => {
    const user = requireUser(c.var.user);
    const body = c.req.valid('json');
    const clinic = {
      id: uuidv7(),
      name: body.name,
      timeZone: body.timeZone ?? 'UTC',
      currency: body.currency ?? 'EUR',
      locale: body.locale ?? 'en',
    };
    const now = new Date();
    const docs = buildStarterCatalog({
      clinicId: clinic.id,
      name: clinic.name,
      timeZone: clinic.timeZone,
      currency: clinic.currency,
      locale: clinic.locale,
      owner: { userId: user.id, name: user.name || user.email },
      now: now.toISOString(),
    });
    deps.db.transaction(
      (tx) => {
        tx.insert(schema.clinics).values({ id: clinic.id, name: clinic.name, createdAt: now }).run();
        tx.insert(schema.clinicMembers).values({ clinicId: clinic.id, userId: user.id, role: 'owner', createdAt: now }).run();
        for (const doc of docs) storeDocument(tx, clinic.id, SYNC_COLLECTIONS.catalog, doc);
      },
      { behavior: 'immediate' },
    );
    return c.json({ clinic: { ...clinic, role: 'owner' as const } }, 201);
  });

  return app;
}
