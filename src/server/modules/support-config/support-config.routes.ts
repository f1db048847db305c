import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import type { RoutePolicy } from '../../platform/actor.ts';
import { errors } from '../../platform/errors.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';
import type { CannedResponsesService } from './canned.ts';
import type { CategoriesService } from './categories.ts';
import type { TicketOptionsService } from './options.ts';
import { resourceRoutes } from './resource-routes.ts';
import type { SlaConfigService } from './sla.ts';
import type { TeamsService } from './teams.ts';

/** The support configuration's services (built by the composition root). */
export interface SupportConfigServices {
  categories: CategoriesService;
  sla: SlaConfigService;
  teams: TeamsService;
  canned: CannedResponsesService;
  options: TicketOptionsService;
}

const policy = {
  ticketsView: { policy: { auth: 'staff', permission: 'tickets:view' } },
  ticketsManage: { policy: { auth: 'staff', permission: 'tickets:manage' } },
  settingsView: { policy: { auth: 'staff', permission: 'settings:view' } },
  settingsEdit: { policy: { auth: 'staff', permission: 'settings:edit' } },
  /** Contacts (tickets feature on, a tickets permission) and staff (tickets:view): checked by the service. */
  anyone: { policy: { auth: 'any' } },
} satisfies Record<string, { policy: RoutePolicy }>;

/** Categories, SLA calendars and policies, teams, assignment rules, canned responses, ticket options. */
export function supportConfigRoutes(app: FastifyInstance, deps: SupportConfigServices): void {
  const { categories, sla, teams, canned, options } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['support setup'];
  const setup = { tags, view: policy.settingsView, edit: policy.settingsEdit };

  resourceRoutes(app, {
    path: '/api/v1/ticket-categories',
    tags,
    view: policy.ticketsView,
    edit: policy.settingsEdit,
    item: { param: 'categoryId', params: categoryParams },
    list: {
      summary: 'Ticket categories in order, archived ones included (flagged)',
      response: ticketCategoryList,
      run: categories.list,
    },
    create: {
      summary: 'Add a category (last, or at `position`)',
      body: categoryCreateBody,
      response: ticketCategory,
      run: categories.create,
    },
    patch: {
      summary: 'Rename, move (position: its new place, from 0), archive or restore a category',
      body: categoryPatchBody,
      response: ticketCategory,
      run: categories.update,
    },
  });

  resourceRoutes(app, {
    ...setup,
    path: '/api/v1/sla-calendars',
    item: { param: 'calendarId', params: slaCalendarParams },
    list: {
      summary: 'Business-hours calendars, with the policies that use each',
      response: slaCalendarList,
      run: sla.listCalendars,
    },
    create: {
      summary: 'Add a business-hours calendar',
      body: slaCalendarBody,
      response: slaCalendarResponse,
      run: sla.createCalendar,
    },
    get: { summary: 'A business-hours calendar', response: slaCalendarResponse, run: sla.getCalendar },
    patch: {
      summary: 'Change a calendar (`calendar`, when sent, is the whole definition)',
      body: slaCalendarPatch,
      response: slaCalendarResponse,
      run: sla.updateCalendar,
    },
    remove: { summary: 'Delete a calendar no policy uses (409 otherwise)', run: sla.deleteCalendar },
  });

  resourceRoutes(app, {
    ...setup,
    path: '/api/v1/sla-policies',
    item: { param: 'policyId', params: slaPolicyParams },
    list: { summary: 'SLA policies, the default first', response: slaPolicyList, run: sla.listPolicies },
    create: {
      summary: 'Add an SLA policy (isDefault: true makes it the default in place of the current one)',
      body: slaPolicyBody,
      response: slaPolicyResponse,
      run: sla.createPolicy,
    },
    get: { summary: 'An SLA policy', response: slaPolicyResponse, run: sla.getPolicy },
    patch: {
      summary: 'Change an SLA policy; existing tickets keep the targets they were given',
      body: slaPolicyPatch,
      response: slaPolicyResponse,
      run: sla.updatePolicy,
    },
    remove: {
      summary: 'Delete a policy that is not the default and measures no ticket (409 otherwise)',
      run: sla.deletePolicy,
    },
  });

  resourceRoutes(app, {
    ...setup,
    path: '/api/v1/teams',
    item: { param: 'teamId', params: teamParams },
    list: { summary: 'Teams and their members', response: teamList, run: teams.listTeams },
    create: {
      summary: 'Add a team (members: active staff who work on tickets)',
      body: teamBody,
      response: teamResponse,
      run: teams.createTeam,
    },
    get: { summary: 'A team and its members', response: teamResponse, run: teams.getTeam },
    patch: {
      summary: 'Rename a team or set its members (memberAccountIds is the complete list)',
      body: teamPatch,
      response: teamResponse,
      run: teams.updateTeam,
    },
    remove: { summary: 'Delete a team no assignment rule uses (409 otherwise)', run: teams.deleteTeam },
  });

  // Assignment rules: the order route stands between the list and the item routes (and so in the OpenAPI
  // document), hence two calls.
  const rules = { ...setup, path: '/api/v1/assignment-rules' };
  resourceRoutes(app, {
    ...rules,
    list: {
      summary: 'Assignment rules in the order they are tried',
      response: assignmentRuleList,
      run: teams.listRules,
    },
    create: {
      summary: 'Add an assignment rule (tried last): a team (round-robin) or a person',
      body: assignmentRuleBody,
      response: assignmentRuleResponse,
      run: teams.createRule,
    },
  });

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
    (request) => teams.orderRules(staffOnly(request.actor), request.body, requestMeta(request)),
  );

  resourceRoutes(app, {
    ...rules,
    item: { param: 'ruleId', params: assignmentRuleParams },
    get: { summary: 'An assignment rule', response: assignmentRuleResponse, run: teams.getRule },
    patch: {
      summary: 'Change an assignment rule',
      body: assignmentRulePatch,
      response: assignmentRuleResponse,
      run: teams.updateRule,
    },
    remove: { summary: 'Delete an assignment rule', run: teams.deleteRule },
  });

  resourceRoutes(app, {
    path: '/api/v1/canned-responses',
    tags,
    view: policy.ticketsManage,
    edit: policy.ticketsManage,
    item: { param: 'cannedResponseId', params: cannedResponseParams },
    list: {
      summary: 'Canned responses by title; q searches titles and text',
      querystring: cannedResponseQuery,
      response: cannedResponseList,
      run: canned.list,
    },
    create: {
      summary: 'Add a canned response (Markdown)',
      body: cannedResponseBody,
      response: cannedResponseDetail,
      run: canned.create,
    },
    get: {
      summary: 'A canned response with its rendered text',
      response: cannedResponseDetail,
      run: canned.get,
    },
    patch: {
      summary: 'Change a canned response',
      body: cannedResponsePatch,
      response: cannedResponseDetail,
      run: canned.update,
    },
    remove: { summary: 'Delete a canned response', run: canned.remove },
  });

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
      return options.options(actor, request.query, requestLanguage(request));
    },
  );
}
