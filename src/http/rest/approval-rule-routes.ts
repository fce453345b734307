import type { FastifyInstance } from 'fastify';
import type { ApprovalRules } from '../../domain/approval-rules.js';
import type { Registry } from '../../services/registry.js';
import { nativeAccessRequest } from './access.js';
import { nativeActor } from './context.js';
import { ErrorSchema } from './schemas.js';

const GroupParams = { type: 'object', required: ['group'], properties: { group: { type: 'string' } } };
const STRINGS = { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 256 } };
const RulesSchema = {
  type: 'object',
  properties: {
    separationOfDuties: {
      type: 'boolean',
      description: 'The registrant of a version may not approve it (default true).',
    },
    requiredApprovals: { type: 'integer', description: 'Distinct approvers needed, 1-10 (default 1).' },
    approverRoles: {
      ...STRINGS,
      description: 'Only principals with one of these roles may approve (empty: any).',
    },
    metricGates: { ...STRINGS, description: 'Conditions such as `auc >= 0.9` that must hold to approve.' },
    requiredFields: {
      ...STRINGS,
      description: 'Members that must be set: `ModelCard`, `metadata.owner`, ...',
    },
  },
};

/** GET/PUT /groups/:group/approval-rules. Turning separation of duties off needs modelry:SetSeparationOfDuties too. */
export function approvalRuleRoutes(app: FastifyInstance, registry: Registry, account: string): void {
  app.get<{ Params: { group: string } }>(
    '/groups/:group/approval-rules',
    {
      schema: {
        summary: "A group's approval rules",
        tags: ['approvals'],
        params: GroupParams,
        responses: { 200: RulesSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => registry.approvalRules.get(nativeActor(req, account), req.params.group),
  );

  app.put<{ Params: { group: string }; Body: Partial<Record<keyof ApprovalRules, unknown>> }>(
    '/groups/:group/approval-rules',
    {
      schema: {
        summary: "Change a group's approval rules (members left out keep their values)",
        tags: ['approvals'],
        params: GroupParams,
        body: { ...RulesSchema, additionalProperties: false },
        responses: { 200: RulesSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const actor = nativeActor(req, account);
      if (req.body.separationOfDuties === false && req.caller) {
        const { authorizer } = registry.auth;
        // On the same group ARN as the route's own check (a group ARN may be another account's).
        const request = nativeAccessRequest(
          req,
          'modelry:SetSeparationOfDuties',
          authorizer.scope(req.caller),
        );
        await authorizer.check(req.caller, { action: request.action, resource: request.resource }, req.ip);
      }
      return registry.approvalRules.put(actor, req.params.group, req.body);
    },
  );
}
