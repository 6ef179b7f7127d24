import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../config';
import { CORRECTABLE_FIELDS, correctionWorkflowId, OPERATOR_ID } from '../../contracts';
import { flowStartOptions } from '../../contracts/search-attributes';
import type { ProfileCorrection, ProfileCorrectionModel } from '../../customers/correction-model';
import { correctionRequestFor } from '../../customers/correction-request';
import type { CustomerProfileModel } from '../../customers/customer-profile-model';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { profileCorrection } from '../../workflows/corrections/profile-correction';
import { correctionRecorded, decide } from '../../workflows/corrections/profile-correction-messages';
import type { ApiDocument } from '../openapi';
import { requireOperator } from '../operator-auth';
import { route } from '../route';
import { requireLogin, signedInLogin, type SessionStore } from '../session-auth';
import { viaTemporal } from '../temporal-errors';
import { parseOrThrow } from '../validation';

export interface CorrectionRouteDeps {
  temporal: Client;
  profiles: CustomerProfileModel;
  corrections: ProfileCorrectionModel;
  sessions: SessionStore;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'OPERATOR_TOKEN' | 'CORRECTION_DEADLINE_HOURS'>;
}

const correctionBody = z.strictObject({
  field: z.enum(CORRECTABLE_FIELDS),
  value: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(1000),
});
const decisionBody = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(1000).optional() });
const FINAL_AND_PENDING = ['pending', 'approved', 'rejected', 'expired'] as const;
const listQuery = z.strictObject({ status: z.enum(FINAL_AND_PENDING).optional() });
const correctionIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const stateSchema = z.object({ correctionId: z.string(), status: z.string(), field: z.string(), deadline: z.string(), decidedBy: z.string().optional(), note: z.string().optional() });

/** The correction id of an Idempotency-Key, per profile: the same key is the same request (and workflow). */
function correctionIdFor(req: Request, profileId: string): string {
  const key = req.get('idempotency-key');
  if (!key) return randomUUID();
  const hex = createHash('sha256').update(`correction:${profileId}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function correctionIdParam(req: Request): string {
  const correctionId = String(req.params.correctionId);
  if (!correctionIdPattern.test(correctionId)) throw new NotFoundError('no such correction');
  return correctionId;
}

/** A correction as the operator's list shows it. */
function listedCorrection({ _id, profileId, field, oldValue, newValue, reason, requestedBy, requestedAt, deadline, status, decidedBy, decidedAt, note, cause }: ProfileCorrection) {
  return { correctionId: _id, profileId, field, oldValue, newValue, reason, requestedBy, requestedAt, deadline, status, decidedBy, decidedAt, note, cause };
}

/** Journey 5: correction requests of holder data (customer) and their decision (operator). */
export function correctionRoutes(docs: ApiDocument, { temporal, profiles, corrections, sessions, config }: CorrectionRouteDeps): Router {
  const router = Router();
  const tags = ['corrections'];
  const operatorOnly = requireOperator(config.OPERATOR_TOKEN);

  router.post('/api/v1/me/corrections', requireLogin(sessions));
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/me/corrections',
      summary: 'Ask for the correction of a data-entry error in the holder data; an operator decides, the answer comes by e-mail',
      tags,
      security: 'session',
      body: correctionBody,
      responses: {
        202: { description: 'Recorded; waiting for an operator', schema: z.object({ correctionId: z.string(), status: z.string() }) },
        401: { description: 'Not signed in' },
        409: { description: 'The Idempotency-Key was used with another body, or for a request already decided' },
      },
    },
    async (req, res, body) => {
      const login = signedInLogin(res);
      const fingerprint = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const request = await correctionRequestFor(profiles, login, body, fingerprint);
      const workflowId = correctionWorkflowId(correctionIdFor(req, login.profileId));
      try {
        const recorded = await viaTemporal(() =>
          temporal.workflow.executeUpdateWithStart(correctionRecorded, {
            args: [fingerprint],
            startWorkflowOperation: new WithStartWorkflowOperation(profileCorrection, {
              workflowId,
              taskQueue: config.TEMPORAL_TASK_QUEUE,
              ...flowStartOptions('correction', 'pending'),
              args: [request, { deadlineMs: Math.round(config.CORRECTION_DEADLINE_HOURS * 3_600_000) }],
              workflowIdConflictPolicy: 'USE_EXISTING',
              // A key reused after the decision must not start a second request under the same id.
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
            }),
          }),
        );
        res.status(202).json(recorded);
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) throw new ConflictError('correction_decided', 'this correction request was already decided');
        throw error;
      }
    },
  );

  router.get('/api/v1/operator/corrections', operatorOnly);
  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/operator/corrections',
      summary: 'Correction requests, oldest first; `?status=pending|approved|rejected|expired` (all without it)',
      tags,
      security: 'operator',
      responses: { 200: { description: 'The requests', schema: z.array(z.looseObject({ correctionId: z.string(), status: z.string() })) }, 401: { description: 'Operator token required' } },
    },
    async (req, res) => {
      const { status } = parseOrThrow(listQuery, req.query);
      // A filter on status reads the whole collection on FerretDB 1.x: acceptable for an operator's list.
      const found = await corrections.find(status ? { status } : {}).sort({ requestedAt: 1 }).limit(500).lean().exec();
      res.set('cache-control', 'no-store').json(found.map(listedCorrection));
    },
  );

  router.post('/api/v1/operator/corrections/:correctionId/decision', operatorOnly);
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/operator/corrections/{correctionId}/decision',
      summary: 'Approve or reject a pending correction; answers once it is applied, audited and the customer e-mailed',
      tags,
      security: 'operator',
      body: decisionBody,
      responses: {
        200: { description: 'The decided correction (an approval that no longer passes the rules ends `rejected`)', schema: stateSchema },
        401: { description: 'Operator token required' },
        404: { description: 'Unknown correction' },
        409: { description: 'Already decided (`correction_decided`)' },
      },
    },
    async (req, res, body) => {
      const correctionId = correctionIdParam(req);
      const correction = await corrections.findById(correctionId, { status: 1 }).lean().exec();
      if (!correction) throw new NotFoundError('no such correction');
      if (correction.status !== 'pending') throw new ConflictError('correction_decided', 'the correction is already decided');
      const handle = temporal.workflow.getHandle(correctionWorkflowId(correctionId));
      const state = await viaTemporal(() => handle.executeUpdate(decide, { args: [{ approve: body.approve, note: body.note || undefined, operator: OPERATOR_ID }] })).catch((error: unknown) => {
        // The run ended between the read and the Update: decided meanwhile.
        throw error instanceof NotFoundError ? new ConflictError('correction_decided', 'the correction is already decided') : error;
      });
      res.json(state);
    },
  );

  return router;
}
