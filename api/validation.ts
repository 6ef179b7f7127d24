import type { z } from 'zod';
import { ValidationError, type FieldProblem } from '../domain/errors';

/** Parses a request part with its schema; every failing field at once becomes a ValidationError (422). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // reportInput: tells a missing value (required) from a wrong one (type).
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.flatMap(toFieldProblems));
}

function toFieldProblems(issue: z.core.$ZodIssue): FieldProblem[] {
  const path = issue.path.map(String).join('.');
  const at = (rule: string, params?: FieldProblem['params'], fieldPath = path): FieldProblem => ({ path: fieldPath || '(body)', rule, params });
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => at('unknown_field', undefined, path ? `${path}.${key}` : key));
    case 'invalid_type':
      return [issue.input === undefined ? at('required') : at('type', { expected: issue.expected })];
    case 'too_small':
      if (issue.origin === 'string') return [at(Number(issue.minimum) === 1 ? 'required' : 'min_length', { min: Number(issue.minimum) })];
      if (issue.origin === 'array') return [at('min_items', { min: Number(issue.minimum) })];
      return [at('min', { min: Number(issue.minimum) })];
    case 'too_big':
      if (issue.origin === 'string') return [at('max_length', { max: Number(issue.maximum) })];
      if (issue.origin === 'array') return [at('max_items', { max: Number(issue.maximum) })];
      return [at('max', { max: Number(issue.maximum) })];
    case 'invalid_format':
      return [at('format')];
    case 'invalid_value':
      return [at('one_of', { options: issue.values.map(String).join(', ') })];
    case 'custom': {
      const rule = (issue.params as { rule?: string } | undefined)?.rule ?? 'invalid';
      return [at(rule, issue.params as FieldProblem['params'])];
    }
    default:
      return [at('invalid')];
  }
}
