/**
 * The clinic's team: members and invitations (PRODUCT.md A, issue 3). Mounted under /api/clinics/:clinicId/team
 * behind the membership check; only owners and admins manage it, and only owners touch owners.
 * The last owner can be neither removed nor demoted.
 */
import crypto from 'node:crypto';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { CLINIC_ROLES, canAssignRole, canManageTeam, type ClinicRole } from '../../../../shared/src/auth/permissions.js';
import { AppError } from '../../../../shared/src/errors.js';
import { endSessionsForRemoval, hashToken } from '../../auth/sessions.js';
import type { Db } from '../../db/client.js';
import { schema } from '../../db/client.js';
import type { AppEnv, Deps } from '../../env.js';
import type { Transaction } from '../../sync/registry.js';
import { validate } from '../../validate.js';

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 48 * 60 * 60 * 1000;

const roleSchema = z.enum(CLINIC_ROLES);
const inviteSchema = z.strictObject({ email: z.email().max(254).transform((e) => e.trim().toLowerCase()), role: roleSchema });
const changeRoleSchema = z.strictObject({ role: roleSchema });
const userParam = z.object({ clinicId: z.string(), userId: z.string().min(1) });
const invitationParam = z.object({ clinicId: z.string(), invitationId: z.string().min(1) });

function requireManager(role: ClinicRole, target?: ClinicRole): void {
  if (!canManageTeam(role)) throw new AppError('forbidden', 'Only owners and admins manage the team');
  if (target && !canAssignRole(role, target)) throw new AppError('forbidden', 'Only an owner can change owners');
}

function ownerCount(tx: Transaction | Db, clinicId: string): number {
  return tx
    .select({ n: sql<number>`count(*)` })
    .from(schema.clinicMembers)
    .where(and(eq(schema.clinicMembers.clinicId, clinicId), eq(schema.clinicMembers.role, 'owner')))
    .get()!.n;
}

function memberRole(tx: Transaction | Db, clinicId: string, userId: string): ClinicRole {
  const row = tx
    .select({ role: schema.clinicMembers.role })
    .from(schema.clinicMembers)
    .where(and(eq(schema.clinicMembers.clinicId, clinicId), eq(schema.clinicMembers.userId, userId)))
    .get();
  if (!row) throw new AppError('not_found', 'No such member');
  return row.role;
}

function clinicName(db: Db, clinicId: string): string {
  return db.select({ name: schema.clinics.name }).from(schema.clinics).where(eq(schema.clinics.id, clinicId)).get()?.name ?? '';
}

/** Creates a fresh link token for invitation `id`; returns the token (only its hash is stored). */
function issueToken(tx: Transaction | Db, id: string, now: Date): string {
  const token = crypto.randomBytes(32).toString('base64url');
  tx.update(schema.invitations)
    .set({ tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) })
    .where(eq(schema.invitations.id, id))
    .run();
  return token;
}

async function sendInvitation(deps: Deps, invitation: { email: string; role: ClinicRole; clinicId: string }, token: string, inviter: string) {
  const link = `${deps.config.publicUrl}/invite/${token}`;
  const clinic = clinicName(deps.db, invitation.clinicId);
  await deps.mailer.send({
    to: invitation.email,
    subject: `Kabinet: приглашение в «${clinic}» / запрошення до «${clinic}»`,
    text:
      `${inviter} приглашает вас в клинику «${clinic}» (роль: ${invitation.role}).\n` +
      `${inviter} запрошує вас до клініки «${clinic}» (роль: ${invitation.role}).\n` +
      `${inviter} invites you to the clinic “${clinic}” (role: ${invitation.role}).\n\n` +
      `${link}\n\nСсылка действует 48 часов. / Посилання діє 48 годин. / The link works for 48 hours.\n`,
  });
}

export function teamRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const { db } = deps;

  app.get('/', (c) => {
    const { clinicId, role } = c.var.member;
    requireManager(role);
    const members = db
      .select({ userId: schema.clinicMembers.userId, role: schema.clinicMembers.role, name: schema.user.name, email: schema.user.email, joinedAt: schema.clinicMembers.createdAt })
      .from(schema.clinicMembers)
      .innerJoin(schema.user, eq(schema.user.id, schema.clinicMembers.userId))
      .where(eq(schema.clinicMembers.clinicId, clinicId))
      .orderBy(asc(schema.clinicMembers.createdAt))
      .all();
    const invitations = db
      .select({ id: schema.invitations.id, email: schema.invitations.email, role: schema.invitations.role, createdAt: schema.invitations.createdAt, expiresAt: schema.invitations.expiresAt })
      .from(schema.invitations)
      .where(and(eq(schema.invitations.clinicId, clinicId), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
      .orderBy(asc(schema.invitations.createdAt))
      .all()
      .map((i) => ({ ...i, isExpired: i.expiresAt.getTime() < Date.now() }));
    return c.json({ members, invitations });
  });

  app.post('/invitations', validate('json', inviteSchema), async (c) => {
    const { clinicId, role, userId } = c.var.member;
    const body = c.req.valid('json');
    requireManager(role, body.role);
    const alreadyMember = db
      .select({ userId: schema.clinicMembers.userId })
      .from(schema.clinicMembers)
      .innerJoin(schema.user, eq(schema.user.id, schema.clinicMembers.userId))
      .where(and(eq(schema.clinicMembers.clinicId, clinicId), sql`lower(${schema.user.email}) = ${body.email}`))
      .get();
    if (alreadyMember) throw new AppError('already_member', 'This person is already in the clinic', 'email');
    const now = new Date();
    const id = uuidv7();
    const token = db.transaction((tx) => {
      // A new invitation for the same email replaces the pending one.
      tx.update(schema.invitations)
        .set({ revokedAt: now })
        .where(and(eq(schema.invitations.clinicId, clinicId), eq(schema.invitations.email, body.email), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
        .run();
      tx.insert(schema.invitations)
        .values({ id, clinicId, email: body.email, role: body.role, tokenHash: `pending:${id}`, invitedBy: userId, createdAt: now, expiresAt: now })
        .run();
      return issueToken(tx, id, now);
    });
    await sendInvitation(deps, { email: body.email, role: body.role, clinicId }, token, c.var.user?.name ?? '');
    return c.json({ invitation: { id, email: body.email, role: body.role, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) } }, 201);
  });

  app.post('/invitations/:invitationId/resend', validate('param', invitationParam), async (c) => {
    const { clinicId, role } = c.var.member;
    const { invitationId } = c.req.valid('param');
    const invitation = db
      .select()
      .from(schema.invitations)
      .where(and(eq(schema.invitations.id, invitationId), eq(schema.invitations.clinicId, clinicId), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
      .get();
    if (!invitation) throw new AppError('not_found', 'No such invitation');
    requireManager(role, invitation.role);
    const token = issueToken(db, invitation.id, new Date());
    await sendInvitation(deps, invitation, token, c.var.user?.name ?? '');
    return c.json({ ok: true });
  });

  app.delete('/invitations/:invitationId', validate('param', invitationParam), (c) => {
    const { clinicId, role } = c.var.member;
    const { invitationId } = c.req.valid('param');
    const invitation = db
      .select({ role: schema.invitations.role })
      .from(schema.invitations)
      .where(and(eq(schema.invitations.id, invitationId), eq(schema.invitations.clinicId, clinicId), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
      .get();
    if (!invitation) throw new AppError('not_found', 'No such invitation');
    requireManager(role, invitation.role);
    db.update(schema.invitations).set({ revokedAt: new Date() }).where(eq(schema.invitations.id, invitationId)).run();
    return c.json({ ok: true });
  });

  app.patch('/members/:userId', validate('param', userParam), validate('json', changeRoleSchema), (c) => {
    const { clinicId, role } = c.var.member;
    const { userId } = c.req.valid('param');
    const next = c.req.valid('json').role;
    db.transaction(
      (tx) => {
        const current = memberRole(tx, clinicId, userId);
        requireManager(role, current);
        requireManager(role, next);
        if (current === 'owner' && next !== 'owner' && ownerCount(tx, clinicId) === 1) {
          throw new AppError('last_owner', 'The last owner cannot be demoted; make someone else an owner first');
        }
        tx.update(schema.clinicMembers).set({ role: next }).where(and(eq(schema.clinicMembers.clinicId, clinicId), eq(schema.clinicMembers.userId, userId))).run();
      },
      { behavior: 'immediate' },
    );
    return c.json({ userId, role: next });
  });

  app.delete('/members/:userId', validate('param', userParam), (c) => {
    const { clinicId, role } = c.var.member;
    const { userId } = c.req.valid('param');
    db.transaction(
      (tx) => {
        const current = memberRole(tx, clinicId, userId);
        requireManager(role, current);
        if (current === 'owner' && ownerCount(tx, clinicId) === 1) {
          throw new AppError('last_owner', 'The last owner cannot be removed');
        }
        tx.delete(schema.clinicMembers).where(and(eq(schema.clinicMembers.clinicId, clinicId), eq(schema.clinicMembers.userId, userId))).run();
        endSessionsForRemoval(tx, clinicId, userId);
      },
      { behavior: 'immediate' },
    );
    deps.hub.revokeMember(clinicId, userId);
    return c.json({ ok: true });
  });

  return app;
}

/** Public look-up and acceptance of an invitation by its link token: /api/invitations/:token. */
export function invitationRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const { db } = deps;
  const tokenParam = z.object({ token: z.string().min(20).max(100) });

  const findPending = (token: string) => {
    const invitation = db
      .select()
      .from(schema.invitations)
      .where(and(eq(schema.invitations.tokenHash, hashToken(token)), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
      .get();
    if (!invitation) throw new AppError('not_found', 'This invitation link is not valid (it may have been revoked or used)');
    if (invitation.expiresAt.getTime() < Date.now()) throw new AppError('invitation_expired', 'This invitation has expired; ask for a new one');
    return invitation;
  };

  app.get('/:token', validate('param', tokenParam), (c) => {
    const invitation = findPending(c.req.valid('param').token);
    return c.json({ clinicName: clinicName(db, invitation.clinicId), email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt });
  });

  app.post('/:token/accept', validate('param', tokenParam), (c) => {
    const user = c.var.user;
    if (!user) throw new AppError('unauthenticated', 'Sign in or sign up to accept the invitation');
    const invitation = findPending(c.req.valid('param').token);
    if (invitation.email !== user.email.toLowerCase()) {
      throw new AppError('forbidden', `This invitation is for ${invitation.email}; sign in with that email`);
    }
    const now = new Date();
    db.transaction(
      (tx) => {
        const accepted = tx
          .update(schema.invitations)
          .set({ acceptedAt: now })
          .where(and(eq(schema.invitations.id, invitation.id), isNull(schema.invitations.acceptedAt), gt(schema.invitations.expiresAt, now)))
          .returning({ id: schema.invitations.id })
          .all();
        if (accepted.length === 0) throw new AppError('not_found', 'This invitation link is not valid');
        tx.insert(schema.clinicMembers)
          .values({ clinicId: invitation.clinicId, userId: user.id, role: invitation.role, createdAt: now })
          // Already a member: keep the current role (an invitation never demotes anyone, least of all an owner).
          .onConflictDoNothing()
          .run();
      },
      { behavior: 'immediate' },
    );
    return c.json({ clinic: { id: invitation.clinicId, name: clinicName(db, invitation.clinicId), role: invitation.role } });
  });

  return app;
}
