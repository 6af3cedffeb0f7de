// Label and field selectors compiled once per request into a predicate over objects.
import { ApiError } from '../../api/errors.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { parseFieldSelector, parseLabelSelector } from '../../api/selectors/index.ts';
import type { ApiObject } from './object.ts';
import type { FieldGetter, Strategy } from './strategy.ts';

export interface SelectorQuery {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ObjectFilter {
  /** True when nothing is filtered (remainingItemCount is only known then). */
  empty: boolean;
  matches(obj: ApiObject): boolean;
}

const commonFields: Record<string, FieldGetter> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};

export function compileFilter(info: ResourceInfo, strategy: Strategy, q: SelectorQuery): ObjectFilter {
  const labels = q.labelSelector ? wrap(() => parseLabelSelector(q.labelSelector!)) : undefined;
  const fields = q.fieldSelector ? wrap(() => parseFieldSelector(q.fieldSelector!)) : undefined;
  const getters: Record<string, FieldGetter> = { ...commonFields, ...strategy.fields };
  if (!info.namespaced) delete getters['metadata.namespace'];
  for (const r of fields?.requirements ?? []) {
    if (!getters[r.field]) throw ApiError.badRequest(`field label not supported: ${r.field}`);
  }
  const labelsEmpty = !labels || labels.empty;
  const fieldsEmpty = !fields || fields.requirements.length === 0;
  return {
    empty: labelsEmpty && fieldsEmpty,
    matches(obj) {
      if (!labelsEmpty && !labels!.matches(obj.metadata.labels ?? {})) return false;
      if (!fieldsEmpty && !fields!.matches((f: string) => getters[f]?.(obj) ?? '')) return false;
      return true;
    },
  };
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw ApiError.badRequest((e as Error).message);
  }
}
