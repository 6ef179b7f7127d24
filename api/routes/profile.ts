import { Router, type RequestHandler } from 'express';
import type { CustomerProfileModel } from '../../customers/customer-profile-model';
import { editProfile } from '../../customers/edit-profile';
import type { ProfileLock } from '../../customers/profile-lock';
import { ConflictError } from '../../domain/errors';
import { holderKeysIn, profilePatchSchema } from '../../domain/profile/profile-patch';
import type { ApiDocument } from '../openapi';
import { publicProfile, publicProfileSchema } from '../public-profile';
import { route } from '../route';
import { requireLogin, signedInLogin, type SessionStore } from '../session-auth';

export interface ProfileRouteDeps {
  profiles: CustomerProfileModel;
  profileLock: ProfileLock;
  sessions: SessionStore;
}

/** Journey 5: names, company name, codice fiscale and partita IVA never change through an edit; checked before the body's own validation. */
const refuseHolderChanges: RequestHandler = (req, _res, next) => {
  const keys = holderKeysIn(req.body);
  if (keys.length > 0) throw new ConflictError('holder_immutable', `holder data cannot be changed: ${keys.join(', ')}`);
  next();
};

/** Journey 4: `PATCH /api/v1/me/profile`, one stored profile shared by every login. */
export function profileRoutes(docs: ApiDocument, { profiles, profileLock, sessions }: ProfileRouteDeps): Router {
  const router = Router();

  router.patch('/api/v1/me/profile', requireLogin(sessions), refuseHolderChanges);
  route(
    router,
    docs,
    {
      method: 'patch',
      path: '/api/v1/me/profile',
      summary: 'Edit the contact data of the profile (address, phone, e-mail with confirmation, secret question, privacy choices); every login of the profile sees it',
      tags: ['profile'],
      security: 'session',
      body: profilePatchSchema,
      responses: {
        200: { description: 'The profile after the change', schema: publicProfileSchema },
        401: { description: 'Not signed in' },
        409: { description: 'Holder data in the body (`holder_immutable`: register again, or file a correction request), or the profile is busy (`profile_busy`)' },
      },
    },
    async (_req, res, patch) => {
      const { profileId } = signedInLogin(res);
      const profile = await editProfile({ profiles, lock: profileLock }, profileId, patch);
      res.set('cache-control', 'no-store').json(publicProfile(profile));
    },
  );

  return router;
}
