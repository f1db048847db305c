import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { okResponse } from '../../../shared/schemas/common.ts';
import type { RoutePolicy, StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { staffOnly } from '../../platform/http/actors.ts';
import { errorResponses } from '../../platform/http/openapi.ts';
import { requestMeta } from '../../platform/http/request-meta.ts';

type RouteConfig = { policy: RoutePolicy };

interface Operation<Response extends z.ZodType> {
  summary: string;
  response: Response;
}

/**
 * Registers the routes of one kind of support configuration. Each operation is optional; they are registered
 * in this order (which is the order of the OpenAPI document): list and create on `path`, then get, patch and
 * delete on `path/:param`. `list` and `get` take the `view` policy, the others `edit`. The schemas validate
 * and shape each request and response.
 */
export function resourceRoutes<
  ListQuery extends z.ZodType,
  ListResponse extends z.ZodType,
  CreateBody extends z.ZodType,
  CreateResponse extends z.ZodType,
  GetResponse extends z.ZodType,
  PatchBody extends z.ZodType,
  PatchResponse extends z.ZodType,
>(
  app: FastifyInstance,
  spec: {
    path: string;
    tags: string[];
    view: RouteConfig;
    edit: RouteConfig;
    /** The item routes' id: its name in the path, and the params schema that parses it. */
    item?: { param: string; params: z.ZodType };
    list?: Operation<ListResponse> & {
      querystring?: ListQuery;
      run(actor: StaffActor, query: z.output<ListQuery>): Promise<z.output<ListResponse>>;
    };
    /** Answers 201. */
    create?: Operation<CreateResponse> & {
      body: CreateBody;
      run(
        actor: StaffActor,
        body: z.output<CreateBody>,
        meta: RequestMeta,
      ): Promise<z.output<CreateResponse>>;
    };
    get?: Operation<GetResponse> & { run(actor: StaffActor, id: number): Promise<z.output<GetResponse>> };
    patch?: Operation<PatchResponse> & {
      body: PatchBody;
      run(
        actor: StaffActor,
        id: number,
        body: z.output<PatchBody>,
        meta: RequestMeta,
      ): Promise<z.output<PatchResponse>>;
    };
    /** Answers `{ ok: true }`. */
    remove?: { summary: string; run(actor: StaffActor, id: number, meta: RequestMeta): Promise<void> };
  },
): void {
  const { path, tags, view, edit, list, create, get, patch, remove } = spec;

  if (list) {
    app.get(
      path,
      {
        config: view,
        schema: {
          tags,
          summary: list.summary,
          ...(list.querystring ? { querystring: list.querystring } : {}),
          response: { 200: list.response, ...errorResponses },
        },
      },
      (request) => list.run(staffOnly(request.actor), request.query as z.output<ListQuery>),
    );
  }

  if (create) {
    app.post(
      path,
      {
        config: { ...edit, idempotency: 'keyed' as const },
        schema: {
          tags,
          summary: create.summary,
          body: create.body,
          response: { 201: create.response, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await create.run(
              staffOnly(request.actor),
              request.body as z.output<CreateBody>,
              requestMeta(request),
            ),
          ),
    );
  }

  if (!get && !patch && !remove) return;
  if (!spec.item) throw new Error(`${path}: item routes need spec.item`);
  const { param, params } = spec.item;
  const itemPath = `${path}/:${param}`;
  const idOf = (request: FastifyRequest) => (request.params as Record<string, number>)[param] as number;

  if (get) {
    app.get(
      itemPath,
      {
        config: view,
        schema: { tags, summary: get.summary, params, response: { 200: get.response, ...errorResponses } },
      },
      (request) => get.run(staffOnly(request.actor), idOf(request)),
    );
  }

  if (patch) {
    app.patch(
      itemPath,
      {
        config: edit,
        schema: {
          tags,
          summary: patch.summary,
          params,
          body: patch.body,
          response: { 200: patch.response, ...errorResponses },
        },
      },
      (request) =>
        patch.run(
          staffOnly(request.actor),
          idOf(request),
          request.body as z.output<PatchBody>,
          requestMeta(request),
        ),
    );
  }

  if (remove) {
    app.delete(
      itemPath,
      {
        config: edit,
        schema: { tags, summary: remove.summary, params, response: { 200: okResponse, ...errorResponses } },
      },
      async (request) => {
        await remove.run(staffOnly(request.actor), idOf(request), requestMeta(request));
        return { ok: true as const };
      },
    );
  }
}
