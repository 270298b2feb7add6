import { z } from 'zod';
import type { AnyRoute } from './route.js';
import { ErrorBody } from './schemas.js';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const props = (s['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((s['required'] ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof p['description'] === 'string' ? { description: p['description'] } : {}),
    schema: p,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The OpenAPI 3.1 document of every route, built from the same zod schemas that validate requests. */
export function openApiDocument(routes: readonly AnyRoute[], info: { title: string; version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const ops = paths[path] ?? {};
    const isPublic = r.access === 'public';
    ops[r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      security: isPublic ? [] : [{ bearer: [] }],
      'x-roles': isPublic ? [] : [...r.access],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } }
        : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: { 'application/json': { schema: jsonSchema(r.response, 'output') } },
        },
        '400': errorResponse('The request is invalid'),
        ...(isPublic
          ? {}
          : {
              '401': errorResponse('No valid API token'),
              '403': errorResponse('The token\u2019s role may not use this route'),
            }),
        '404': errorResponse('Not found'),
      },
    };
    paths[path] = ops;
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Ledgerpulse operator and analyst API. Send `Authorization: Bearer <token>`. Roles: admin ' +
        '(connections, users, everything), operator (review, mapping rules, corrections, replay, drift), analyst ' +
        '(disclosure-controlled signals only). `x-roles` lists the roles allowed on each operation.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
    paths,
  };
}
