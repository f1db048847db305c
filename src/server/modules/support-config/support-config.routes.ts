import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okResponse } from '../../../shared/schemas/common.ts';
import {
  assignmentRuleBody,
  assignmentRuleList,
  assignmentRuleOrderBody,
  assignmentRuleParams,
  assignmentRulePatch,
  assignmentRuleResponse,
  cannedResponseBody,
  cannedResponseDetail,
  cannedResponseList,
  cannedResponseParams,
  cannedResponsePatch,
  cannedResponseQuery,
  categoryCreateBody,
  categoryParams,
  categoryPatchBody,
  slaCalendarBody,
  slaCalendarList,
  slaCalendarParams,
  slaCalendarPatch,
  slaCalendarResponse,
  slaPolicyBody,
  slaPolicyList,
  slaPolicyParams,
  slaPolicyPatch,
  slaPolicyResponse,
  teamBody,
  teamList,
  teamParams,
  teamPatch,
  teamResponse,
  ticketCategory,
  ticketCategoryList,
  ticketOptionsQuery,
} from '../../../shared/schemas/support-config.ts';
import { ticketOptions } from '../../../shared/schemas/tickets.ts';
import type { Actor, RoutePolicy, StaffActor } from '../../platform/actor.ts';
import { errors } from '../../platform/errors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { ModuleDeps } from '../index.ts';
import { createCannedResponsesService } from './canned.ts';
import { createCategoriesService } from './categories.ts';
import { createTicketOptionsService } from './options.ts';
import { createSlaConfigService } from './sla.ts';
import { createTeamsService } from './teams.ts';

function staff(actor: Actor | null): StaffActor {
  if (actor?.kind !== 'staff') throw errors.forbidden('This is for the provider’s staff only.');
  return actor;
}

const policy = {
  ticketsView: { policy: { auth: 'staff', permission: 'tickets:view' } },
  ticketsManage: { policy: { auth: 'staff', permission: 'tickets:manage' } },
  settingsView: { policy: { auth: 'staff', permission: 'settings:view' } },
  settingsEdit: { policy: { auth: 'staff', permission: 'settings:edit' } },
  /** Contacts (tickets feature on, a tickets permission) and staff (tickets:view): checked by the service. */
  anyone: { policy: { auth: 'any' } },
} satisfies Record<string, { policy: RoutePolicy }>;

const ok = { ok: true as const };

/** Categories, SLA calendars and policies, teams, assignment rules, canned responses, ticket options. */
export function supportConfigRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const categories = createCategoriesService(deps);
  const sla = createSlaConfigService(deps);
  const teams = createTeamsService(deps);
  const canned = createCannedResponsesService(deps);
  const options = createTicketOptionsService(deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['support setup'];

  // -- categories

  r.get(
    '/api/v1/ticket-categories',
    {
      config: policy.ticketsView,
      schema: {
        tags,
        summary: 'Ticket categories in order, archived ones included (flagged)',
        response: { 200: ticketCategoryList, ...errorResponses },
      },
    },
    (request) => categories.list(staff(request.actor)),
  );

  r.post(
    '/api/v1/ticket-categories',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Add a category (last, or at `position`)',
        body: categoryCreateBody,
        response: { 201: ticketCategory, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await categories.create(staff(request.actor), request.body, requestMeta(request))),
  );

  r.patch(
    '/api/v1/ticket-categories/:categoryId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Rename, move (position: its new place, from 0), archive or restore a category',
        params: categoryParams,
        body: categoryPatchBody,
        response: { 200: ticketCategory, ...errorResponses },
      },
    },
    (request) =>
      categories.update(staff(request.actor), request.params.categoryId, request.body, requestMeta(request)),
  );

  // -- calendars

  r.get(
    '/api/v1/sla-calendars',
    {
      config: policy.settingsView,
      schema: {
        tags,
        summary: 'Business-hours calendars, with the policies that use each',
        response: { 200: slaCalendarList, ...errorResponses },
      },
    },
    (request) => sla.listCalendars(staff(request.actor)),
  );

  r.post(
    '/api/v1/sla-calendars',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Add a business-hours calendar',
        body: slaCalendarBody,
        response: { 201: slaCalendarResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await sla.createCalendar(staff(request.actor), request.body, requestMeta(request))),
  );

  r.get(
    '/api/v1/sla-calendars/:calendarId',
    {
      config: policy.settingsView,
      schema: {
        tags,
        summary: 'A business-hours calendar',
        params: slaCalendarParams,
        response: { 200: slaCalendarResponse, ...errorResponses },
      },
    },
    (request) => sla.getCalendar(staff(request.actor), request.params.calendarId),
  );

  r.patch(
    '/api/v1/sla-calendars/:calendarId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Change a calendar (`calendar`, when sent, is the whole definition)',
        params: slaCalendarParams,
        body: slaCalendarPatch,
        response: { 200: slaCalendarResponse, ...errorResponses },
      },
    },
    (request) =>
      sla.updateCalendar(staff(request.actor), request.params.calendarId, request.body, requestMeta(request)),
  );

  r.delete(
    '/api/v1/sla-calendars/:calendarId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Delete a calendar no policy uses (409 otherwise)',
        params: slaCalendarParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      await sla.deleteCalendar(staff(request.actor), request.params.calendarId, requestMeta(request));
      return ok;
    },
  );

  // -- policies

  r.get(
    '/api/v1/sla-policies',
    {
      config: policy.settingsView,
      schema: {
        tags,
        summary: 'SLA policies, the default first',
        response: { 200: slaPolicyList, ...errorResponses },
      },
    },
    (request) => sla.listPolicies(staff(request.actor)),
  );

  r.post(
    '/api/v1/sla-policies',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Add an SLA policy (isDefault: true makes it the default in place of the current one)',
        body: slaPolicyBody,
        response: { 201: slaPolicyResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await sla.createPolicy(staff(request.actor), request.body, requestMeta(request))),
  );

  r.get(
    '/api/v1/sla-policies/:policyId',
    {
      config: policy.settingsView,
      schema: {
        tags,
        summary: 'An SLA policy',
        params: slaPolicyParams,
        response: { 200: slaPolicyResponse, ...errorResponses },
      },
    },
    (request) => sla.getPolicy(staff(request.actor), request.params.policyId),
  );

  r.patch(
    '/api/v1/sla-policies/:policyId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Change an SLA policy; existing tickets keep the targets they were given',
        params: slaPolicyParams,
        body: slaPolicyPatch,
        response: { 200: slaPolicyResponse, ...errorResponses },
      },
    },
    (request) =>
      sla.updatePolicy(staff(request.actor), request.params.policyId, request.body, requestMeta(request)),
  );

  r.delete(
    '/api/v1/sla-policies/:policyId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Delete a policy that is not the default and measures no ticket (409 otherwise)',
        params: slaPolicyParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      await sla.deletePolicy(staff(request.actor), request.params.policyId, requestMeta(request));
      return ok;
    },
  );

  // -- teams

  r.get(
    '/api/v1/teams',
    {
      config: policy.settingsView,
      schema: { tags, summary: 'Teams and their members', response: { 200: teamList, ...errorResponses } },
    },
    (request) => teams.listTeams(staff(request.actor)),
  );

  r.post(
    '/api/v1/teams',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Add a team (members: active staff who work on tickets)',
        body: teamBody,
        response: { 201: teamResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await teams.createTeam(staff(request.actor), request.body, requestMeta(request))),
  );

  r.get(
    '/api/v1/teams/:teamId',
    {
      config: policy.settingsView,
      schema: {
        tags,
        summary: 'A team and its members',
        params: teamParams,
        response: { 200: teamResponse, ...errorResponses },
      },
    },
    (request) => teams.getTeam(staff(request.actor), request.params.teamId),
  );

  r.patch(
    '/api/v1/teams/:teamId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Rename a team or set its members (memberAccountIds is the complete list)',
        params: teamParams,
        body: teamPatch,
        response: { 200: teamResponse, ...errorResponses },
      },
    },
    (request) =>
      teams.updateTeam(staff(request.actor), request.params.teamId, request.body, requestMeta(request)),
  );

  r.delete(
    '/api/v1/teams/:teamId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Delete a team no assignment rule uses (409 otherwise)',
        params: teamParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      await teams.deleteTeam(staff(request.actor), request.params.teamId, requestMeta(request));
      return ok;
    },
  );

  // -- assignment rules

  r.get(
    '/api/v1/assignment-rules',
    {
      config: policy.settingsView,
      schema: {
        tags,
        summary: 'Assignment rules in the order they are tried',
        response: { 200: assignmentRuleList, ...errorResponses },
      },
    },
    (request) => teams.listRules(staff(request.actor)),
  );

  r.post(
    '/api/v1/assignment-rules',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Add an assignment rule (tried last): a team (round-robin) or a person',
        body: assignmentRuleBody,
        response: { 201: assignmentRuleResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await teams.createRule(staff(request.actor), request.body, requestMeta(request))),
  );

  r.post(
    '/api/v1/assignment-rules/order',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Put the rules in a new order: ids names every rule once',
        body: assignmentRuleOrderBody,
        response: { 200: assignmentRuleList, ...errorResponses },
      },
    },
    (request) => teams.orderRules(staff(request.actor), request.body, requestMeta(request)),
  );

  r.get(
    '/api/v1/assignment-rules/:ruleId',
    {
      config: policy.settingsView,
      schema: {
        tags,
        summary: 'An assignment rule',
        params: assignmentRuleParams,
        response: { 200: assignmentRuleResponse, ...errorResponses },
      },
    },
    (request) => teams.getRule(staff(request.actor), request.params.ruleId),
  );

  r.patch(
    '/api/v1/assignment-rules/:ruleId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Change an assignment rule',
        params: assignmentRuleParams,
        body: assignmentRulePatch,
        response: { 200: assignmentRuleResponse, ...errorResponses },
      },
    },
    (request) =>
      teams.updateRule(staff(request.actor), request.params.ruleId, request.body, requestMeta(request)),
  );

  r.delete(
    '/api/v1/assignment-rules/:ruleId',
    {
      config: policy.settingsEdit,
      schema: {
        tags,
        summary: 'Delete an assignment rule',
        params: assignmentRuleParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      await teams.deleteRule(staff(request.actor), request.params.ruleId, requestMeta(request));
      return ok;
    },
  );

  // -- canned responses

  r.get(
    '/api/v1/canned-responses',
    {
      config: policy.ticketsManage,
      schema: {
        tags,
        summary: 'Canned responses by title; q searches titles and text',
        querystring: cannedResponseQuery,
        response: { 200: cannedResponseList, ...errorResponses },
      },
    },
    (request) => canned.list(staff(request.actor), request.query),
  );

  r.post(
    '/api/v1/canned-responses',
    {
      config: policy.ticketsManage,
      schema: {
        tags,
        summary: 'Add a canned response (Markdown)',
        body: cannedResponseBody,
        response: { 201: cannedResponseDetail, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await canned.create(staff(request.actor), request.body, requestMeta(request))),
  );

  r.get(
    '/api/v1/canned-responses/:cannedResponseId',
    {
      config: policy.ticketsManage,
      schema: {
        tags,
        summary: 'A canned response with its rendered text',
        params: cannedResponseParams,
        response: { 200: cannedResponseDetail, ...errorResponses },
      },
    },
    (request) => canned.get(staff(request.actor), request.params.cannedResponseId),
  );

  r.patch(
    '/api/v1/canned-responses/:cannedResponseId',
    {
      config: policy.ticketsManage,
      schema: {
        tags,
        summary: 'Change a canned response',
        params: cannedResponseParams,
        body: cannedResponsePatch,
        response: { 200: cannedResponseDetail, ...errorResponses },
      },
    },
    (request) =>
      canned.update(
        staff(request.actor),
        request.params.cannedResponseId,
        request.body,
        requestMeta(request),
      ),
  );

  r.delete(
    '/api/v1/canned-responses/:cannedResponseId',
    {
      config: policy.ticketsManage,
      schema: {
        tags,
        summary: 'Delete a canned response',
        params: cannedResponseParams,
        response: { 200: okResponse, ...errorResponses },
      },
    },
    async (request) => {
      await canned.remove(staff(request.actor), request.params.cannedResponseId, requestMeta(request));
      return ok;
    },
  );

  // -- ticket options

  r.get(
    '/api/v1/ticket-options',
    {
      config: policy.anyone,
      schema: {
        tags,
        summary:
          'What the New ticket form offers: categories, priorities with their SLA targets in words, attachment size',
        description:
          'Contacts (tickets feature on, a tickets permission) get their own client’s options; staff (tickets:view) any client’s, or the defaults.',
        querystring: ticketOptionsQuery,
        response: { 200: ticketOptions, ...errorResponses },
      },
    },
    (request) => {
      const actor = request.actor;
      if (!actor) throw errors.unauthenticated();
      return options.options(actor, request.query);
    },
  );
}
