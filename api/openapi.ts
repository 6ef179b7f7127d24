import { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI style: `/api/v1/signups/{signupId}`. */
  path: string;
  summary: string;
  tags: string[];
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  security?: 'operator' | 'session';
}

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), rule: z.string(), message: z.string() })).optional(),
  }),
});

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

/**
 * The OpenAPI 3.1 document, built from the same zod schemas that validate requests: a route is
 * registered once (`api/route.ts`) and appears here with its body schema and responses.
 */
export class ApiDocument {
  private readonly routes: RouteDoc[] = [];

  add(route: RouteDoc): void {
    this.routes.push(route);
  }

  /** Every route declared so far (method and path), e.g. to answer 405 for the others. */
  declaredRoutes(): readonly RouteDoc[] {
    return this.routes;
  }

  toJSON(): object {
    const paths: Record<string, Record<string, object>> = {};
    for (const route of this.routes) {
      const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      const responses: Record<string, object> = {};
      for (const [status, response] of Object.entries(route.responses)) {
        responses[status] = response.schema
          ? { description: response.description, content: { 'application/json': { schema: jsonSchema(response.schema) } } }
          : { description: response.description };
      }
      if (route.body) responses['422'] ??= { description: 'Validation failed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      responses['400'] ??= { description: 'Malformed JSON', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      // express.json's limit applies to every request with a body.
      if (route.method !== 'get' && route.method !== 'delete') responses['413'] ??= { description: 'Body larger than 64 KiB', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      (paths[route.path] ??= {})[route.method] = {
        summary: route.summary,
        tags: route.tags,
        parameters: parameters.length ? parameters : undefined,
        security: route.security === 'operator' ? [{ operatorToken: [] }] : route.security === 'session' ? [{ sessionCookie: [] }] : undefined,
        requestBody: route.body ? { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } : undefined,
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: { title: 'anagrafica', version: '1.0.0', description: 'Customer registration and account service. Errors: see components.schemas.Error.' },
      paths,
      components: {
        schemas: { Error: jsonSchema(errorSchema) },
        securitySchemes: {
          operatorToken: { type: 'http', scheme: 'bearer' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: '__Host-sid', description: '`sid` in development over http (docs/security.md)' },
        },
      },
    };
  }
}
