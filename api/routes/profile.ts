import { Router, type RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import type { CustomerProfileModel } from '../../customers/customer-profile-model';
import { editProfile } from '../../customers/edit-profile';
import type { ProfileLock } from '../../customers/profile-lock';
import { ConflictError, UnauthorizedError } from '../../domain/errors';
import { holderKeysIn, profilePatchSchema, type ProfilePatch } from '../../domain/profile/profile-patch';
import { displayNameOf } from '../../contracts';
import { noticeOfEmailChange } from '../../recovery';
import type { ApiDocument } from '../openapi';
import { assertPrivilegedSession } from '../privileged-session';
import { publicProfile, publicProfileSchema } from '../public-profile';
import { route } from '../route';
import { requireLogin, signedInLogin, type SessionStore } from '../session-auth';

export interface ProfileRouteDeps {
  profiles: CustomerProfileModel;
  profileLock: ProfileLock;
  sessions: SessionStore;
  /** Starts the notice to the previous address when the e-mail changes. */
  temporal: Client;
  taskQueue: string;
  /** `PRIVILEGED_SESSION_MINUTES`, in ms. */
  privilegedWindowMs: number;
}

/** Journey 5: names, company name, codice fiscale and partita IVA never change through an edit; checked before the body's own validation. */
const refuseHolderChanges: RequestHandler = (req, _res, next) => {
  const keys = holderKeysIn(req.body);
  if (keys.length > 0) throw new ConflictError('holder_immutable', `holder data cannot be changed: ${keys.join(', ')}`);
  next();
};

/** What takes over an account when a stolen session changes it: the contact address and the secret question. */
const isPrivilegedPatch = (patch: ProfilePatch) => patch.email !== undefined || patch.recovery !== undefined;

/** Journey 4: `PATCH /api/v1/me/profile`, one stored profile shared by every login. */
export function profileRoutes(docs: ApiDocument, { profiles, profileLock, sessions, temporal, taskQueue, privilegedWindowMs }: ProfileRouteDeps): Router {
  const router = Router();

  router.patch('/api/v1/me/profile', requireLogin(sessions), refuseHolderChanges);
  route(
    router,
    docs,
    {
      method: 'patch',
      path: '/api/v1/me/profile',
      summary:
        'Edit the contact data of the profile (address, phone, e-mail with confirmation, secret question, privacy choices); every login of the profile sees it. The e-mail and the secret question need a privileged session; the previous address is told of a new one',
      tags: ['profile'],
      security: 'session',
      body: profilePatchSchema,
      responses: {
        200: { description: 'The profile after the change', schema: publicProfileSchema },
        401: { description: 'Not signed in' },
        403: { description: 'E-mail or secret question in the patch, and the last sign-in is older than PRIVILEGED_SESSION_MINUTES (`reauthentication_required`)' },
        409: { description: 'Holder data in the body (`holder_immutable`: register again, or file a correction request), or the profile is busy (`profile_busy`)' },
      },
    },
    async (_req, res, patch) => {
      if (isPrivilegedPatch(patch)) assertPrivilegedSession(res, privilegedWindowMs);
      const { profileId } = signedInLogin(res);
      const before = await profiles.findById(profileId, { email: 1, locale: 1, holder: 1 }).lean();
      if (!before) throw new UnauthorizedError('the session names a profile that no longer exists');
      const profile = await editProfile({ profiles, lock: profileLock }, profileId, patch);
      if (profile.email !== before.email) {
        await noticeOfEmailChange({ temporal, taskQueue }, { email: before.email, locale: before.locale, displayName: displayNameOf(before.holder).slice(0, 200) || before.email }, profile.email);
      }
      res.set('cache-control', 'no-store').json(publicProfile(profile));
    },
  );

  return router;
}
