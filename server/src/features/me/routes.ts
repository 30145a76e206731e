/** `GET /api/me`: who is signed in and which clinics they belong to, with their role in each. */
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { requireUser } from '../../auth/middleware.js';
import { schema } from '../../db/client.js';
import type { AppEnv, Deps } from '../../env.js';

export function meRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const user = requireUser(c.var.user);
    const clinics = deps.db
      .select({ id: schema.clinics.id, name: schema.clinics.name, role: schema.clinicMembers.role })
      .from(schema.clinicMembers)
      .innerJoin(schema.clinics, eq(schema.clinics.id, schema.clinicMembers.clinicId))
      .where(eq(schema.clinicMembers.userId, user.id))
      .orderBy(asc(schema.clinics.createdAt))
      .all();
    return c.json({ user, clinics });
  });
  return app;
}
