/** The sync HTTP endpoints of one clinic: pull, push per collection and the one SSE change stream. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { COLLECTION_NAMES } from '../../../shared/src/domain/index.js';
import { AppError } from '../../../shared/src/errors.js';
import {
  SYNC_PROTOCOL_HEADER,
  SYNC_PROTOCOL_VERSION,
  collectionNameSchema,
  pullRequestSchema,
  pushRequestSchema,
  type PushRow,
} from '../../../shared/src/sync/protocol.js';
import type { AppEnv, Deps } from '../env.js';
import { validate } from '../validate.js';
import { pull, push } from './engine.js';
import { SYNC_COLLECTIONS, type Doc } from './registry.js';
import { z } from 'zod';
import { canWrite, readScope } from '../../../shared/src/auth/permissions.js';
import { clinicTimeZone, todaysPayments } from './visibility.js';

/** Largest push body accepted, in bytes (1000 documents of a few KB each). */
const MAX_PUSH_BYTES = 8 * 1024 * 1024;

const collectionParam = z.object({ clinicId: z.string(), collection: collectionNameSchema });

export function syncRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  // An app speaking an older protocol must update first; its local changes stay and sync afterwards.
  app.use('*', async (c, next) => {
    const header = c.req.header(SYNC_PROTOCOL_HEADER);
    if (header !== undefined) {
      const version = Number(header);
      if (!Number.isInteger(version)) throw new AppError('bad_request', `${SYNC_PROTOCOL_HEADER} must be an integer`, SYNC_PROTOCOL_HEADER);
      if (version < SYNC_PROTOCOL_VERSION) throw new AppError('protocol_outdated', 'This version of the app is out of date; update it to sync');
    }
    await next();
  });

  app.post('/:collection/pull', validate('param', collectionParam), validate('json', pullRequestSchema), (c) => {
    const { collection } = c.req.valid('param');
    const { clinicId, role } = c.var.member;
    const scope = readScope(role, collection);
    if (scope === 'none') throw new AppError('forbidden', `Your role may not read ${collection}`);
    const isVisible = scope === 'today_payments' ? todaysPayments(clinicTimeZone(deps.db, clinicId)) : undefined;
    return c.json(pull(deps.db, clinicId, SYNC_COLLECTIONS[collection], c.req.valid('json'), isVisible));
  });

  app.post(
    '/:collection/push',
    bodyLimit({ maxSize: MAX_PUSH_BYTES, onError: () => { throw new AppError('payload_too_large', `A push body may be at most ${MAX_PUSH_BYTES} bytes`); } }),
    validate('param', collectionParam),
    validate('json', pushRequestSchema),
    (c) => {
      const { collection } = c.req.valid('param');
      const clinicId = c.var.member.clinicId;
      const rows = c.req.valid('json') as PushRow<Doc>[];
      const role = c.var.member.role;
      const conflicts = push(deps.db, clinicId, SYNC_COLLECTIONS[collection], rows, (doc) => canWrite(role, collection, doc));
      if (conflicts.length < rows.length) deps.hub.publish(clinicId, collection);
      return c.json(conflicts);
    },
  );

  app.get('/stream', (c) => {
    const { clinicId, userId } = c.var.member;
    return streamSSE(c, async (stream) => {
      const unsubscribe = deps.hub.subscribe(clinicId, (collection) => {
        void stream.writeSSE({ event: 'change', data: JSON.stringify({ collection }) });
      });
      // A member removed from the clinic loses the stream at once.
      const stopOnRevoke = deps.hub.onMemberRevoked(clinicId, userId, () => {
        void stream.writeSSE({ event: 'revoked', data: '{}' }).finally(() => stream.close());
      });
      stream.onAbort(() => {
        unsubscribe();
        stopOnRevoke();
      });
      // Tell the device which collections exist, so it pulls everything it missed while disconnected.
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ collections: COLLECTION_NAMES }) });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(deps.config.heartbeatMs);
        if (!stream.aborted && !stream.closed) await stream.write(': heartbeat\n\n');
      }
      unsubscribe();
      stopOnRevoke();
    });
  });

  return app;
}
