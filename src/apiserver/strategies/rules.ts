// Defaulting and validation per kind, from the pure api/ modules. Kinds without a
// registered validator still get upstream's generic ObjectMeta rules.
import { defaultObject } from '../../api/defaults/index.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { validateObjectMeta, validateObjectMetaUpdate, validatorFor, type NameValidatorKind } from '../../api/validation/index.ts';
import type { ApiObject } from '../registry/object.ts';
import type { Strategy } from '../registry/strategy.ts';

/** Name rules of kinds validated only generically (upstream ValidateXName for each). */
const nameRules: Record<string, NameValidatorKind> = {
  '/Service': 'dns1035',
  '/Endpoints': 'subdomain',
  'discovery.k8s.io/EndpointSlice': 'subdomain',
};

export function rulesFor(info: ResourceInfo): Pick<Strategy, 'defaults' | 'validate' | 'validateUpdate'> {
  const key = `${info.group}/${info.kind}`;
  const specific = validatorFor(info.group, info.kind);
  const metaOpts = { namespaced: info.namespaced, nameValidator: nameRules[key] ?? 'subdomain' };
  return {
    defaults: (obj) => defaultObject(info.group, info.version, info.kind, obj),
    validate: specific ? (obj) => specific.create(obj) : (obj: ApiObject) => validateObjectMeta(obj.metadata, metaOpts),
    validateUpdate: specific
      ? (obj, old) => specific.update(obj, old)
      : (obj: ApiObject, old: ApiObject) => [...validateObjectMeta(obj.metadata, metaOpts), ...validateObjectMetaUpdate(obj.metadata, old.metadata)],
  };
}
