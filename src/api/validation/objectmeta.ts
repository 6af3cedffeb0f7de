// ObjectMeta validation as apimachinery's api/validation/objectmeta.go, plus the extra
// finalizer rule that pkg/apis/core/validation adds for every built-in kind.
import { forbidden, GoValue, invalid, quoteGo, required, tooLong, type FieldError, FieldPath } from '../field.ts';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, nameValidators, type NameValidatorKind } from './names.ts';
import { arr, obj, sortedEntries, str, num, validateImmutableField, validateNonnegativeField, type Obj } from './util.ts';

export const TotalAnnotationSizeLimitB = 256 * 1024;

export function validateLabelName(name: string, fld: FieldPath): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(fld.text, name, m));
}

/** ValidateLabels: every error is reported at the map's path, not keyed. */
export function validateLabels(labels: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of sortedEntries(labels)) {
    errs.push(...validateLabelName(k, fld));
    for (const m of isValidLabelValue(str(v))) errs.push(invalid(fld.text, str(v), m));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names compared case-insensitively; total size capped. */
export function validateAnnotations(annotations: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  const enc = new TextEncoder();
  for (const [k, v] of sortedEntries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(fld.text, k, m));
    total += enc.encode(k).length + enc.encode(str(v)).length;
  }
  if (total > TotalAnnotationSizeLimitB) errs.push(tooLong(fld.text, '', TotalAnnotationSizeLimitB));
  return errs;
}

export interface LabelSelectorOptions {
  /** Upstream allows invalid values only when the old object already had them. */
  allowInvalidLabelValueInSelector?: boolean;
}

/** metav1 validation.ValidateLabelSelector. */
export function validateLabelSelector(sel: unknown, fld: FieldPath, opts: LabelSelectorOptions = {}): FieldError[] {
  if (sel === undefined || sel === null) return [];
  const s = obj(sel);
  const errs = validateLabels(s['matchLabels'], fld.child('matchLabels'));
  arr(s['matchExpressions']).forEach((e, i) => {
    const r = obj(e);
    const p = fld.child('matchExpressions').index(i);
    const values = arr(r['values']);
    const op = str(r['operator']);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(required(p.child('values').text, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(p.child('values').text, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalid(p.child('operator').text, op, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(r['key']), p.child('key')));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((v, vi) => {
        for (const m of isValidLabelValue(str(v))) errs.push(invalid(p.child('values').index(vi).text, str(v), m));
      });
    }
  });
  return errs;
}

function goOwnerRef(r: Obj): string {
  const ptr = (v: unknown) => (typeof v === 'boolean' ? '(*bool)(0xc000000001)' : '(*bool)(nil)');
  return `v1.OwnerReference{APIVersion:${quoteGo(str(r['apiVersion']))}, Kind:${quoteGo(str(r['kind']))}, Name:${quoteGo(str(r['name']))}, UID:${quoteGo(str(r['uid']))}, Controller:${ptr(r['controller'])}, BlockOwnerDeletion:${ptr(r['blockOwnerDeletion'])}}`;
}

/** schema.ParseGroupVersion as FromAPIVersionAndKind uses it (errors leave group/version empty). */
function parseGroupVersion(gv: string): { group: string; version: string } {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const slashes = gv.split('/').length - 1;
  if (slashes === 0) return { group: '', version: gv };
  if (slashes === 1) {
    const i = gv.indexOf('/');
    return { group: gv.slice(0, i), version: gv.slice(i + 1) };
  }
  return { group: '', version: '' };
}

export function validateOwnerReferences(refs: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  const list = arr(refs);
  for (const item of list) {
    const r = obj(item);
    const gv = parseGroupVersion(str(r['apiVersion']));
    const kind = str(r['kind']);
    if (!gv.version) errs.push(invalid(fld.child('apiVersion').text, str(r['apiVersion']), 'version must not be empty'));
    if (!kind) errs.push(invalid(fld.child('kind').text, kind, 'must not be empty'));
    if (!str(r['name'])) errs.push(invalid(fld.child('name').text, str(r['name']), 'must not be empty'));
    if (!str(r['uid'])) errs.push(invalid(fld.child('uid').text, str(r['uid']), 'must not be empty'));
    // BannedOwners: core/v1 Events may not own anything.
    if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
      errs.push(invalid(fld.text, new GoValue(goOwnerRef(r)), '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (r['controller'] === true) {
      const cur = `${kind}/${str(r['name'])}`;
      if (firstController) {
        const all = new GoValue(`[]v1.OwnerReference{${list.map((x) => goOwnerRef(obj(x))).join(', ')}}`);
        errs.push(invalid(fld.text, all, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`));
      } else firstController = cur;
    }
  }
  return errs;
}

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** ValidateFinalizers (apimachinery): qualified names at the list path, orphan+foreground conflict. */
export function validateFinalizers(finalizers: unknown, fld: FieldPath): FieldError[] {
  const list = arr(finalizers).map(str);
  const errs: FieldError[] = [];
  for (const f of list) for (const m of isQualifiedName(f)) errs.push(invalid(fld.text, f, m));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(invalid(fld.text, new GoValue(`[]string{${list.map(quoteGo).join(', ')}}`), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** core validation's validateKubeFinalizerName: unprefixed finalizers must be standard ones. */
export function validateKubeFinalizerName(name: string, fld: FieldPath): FieldError[] {
  if (name.split('/').length === 1 && !standardFinalizers.has(name)) {
    return [invalid(fld.text, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

function validateManagedFields(entries: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(entries).forEach((e, i) => {
    const m = obj(e);
    const p = fld.index(i);
    const op = str(m['operation']);
    if (op !== 'Apply' && op !== 'Update') errs.push(invalid(p.child('operation').text, op, 'must be `Apply` or `Update`'));
    const ft = str(m['fieldsType']);
    if (ft && ft !== 'FieldsV1') errs.push(invalid(p.child('fieldsType').text, ft, 'must be `FieldsV1`'));
    const manager = str(m['manager']);
    if (manager.length > 128) errs.push(tooLong(p.child('manager').text, manager, 128));
    if (str(m['subresource']).length > 256) errs.push(tooLong(p.child('subresource').text, str(m['subresource']), 256));
  });
  return errs;
}

export interface ObjectMetaOptions {
  namespaced: boolean;
  nameValidator: NameValidatorKind;
  /** core's extra finalizer-name rule (every built-in kind gets it); default true. */
  kubeFinalizers?: boolean;
}

/** ValidateObjectMeta (core flavour): name/generateName, namespace, labels, annotations, owners, finalizers. */
export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions, fieldPath: string | FieldPath = 'metadata'): FieldError[] {
  const fld = typeof fieldPath === 'string' ? new FieldPath(fieldPath) : fieldPath;
  const m = obj(meta);
  const nameFn = nameValidators[opts.nameValidator];
  const errs: FieldError[] = [];
  const generateName = str(m['generateName']);
  const name = str(m['name']);
  if (generateName) for (const msg of nameFn(generateName, true)) errs.push(invalid(fld.child('generateName').text, generateName, msg));
  if (!name) errs.push(required(fld.child('name').text, 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) errs.push(invalid(fld.child('name').text, name, msg));
  errs.push(...validateObjectMetaCommon(m, opts.namespaced, fld));
  if (opts.kubeFinalizers !== false) {
    arr(m['finalizers']).forEach((f, i) => errs.push(...validateKubeFinalizerName(str(f), fld.child('finalizers').index(i))));
  }
  return errs;
}

function validateObjectMetaCommon(m: Obj, namespaced: boolean, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(m['namespace']);
  if (namespaced) {
    if (!ns) errs.push(required(fld.child('namespace').text));
    else for (const msg of isDNS1123Label(ns)) errs.push(invalid(fld.child('namespace').text, ns, msg));
  } else if (ns) {
    errs.push(forbidden(fld.child('namespace').text, 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(num(m['generation']), fld.child('generation')));
  errs.push(...validateLabels(m['labels'], fld.child('labels')));
  errs.push(...validateAnnotations(m['annotations'], fld.child('annotations')));
  errs.push(...validateOwnerReferences(m['ownerReferences'], fld.child('ownerReferences')));
  errs.push(...validateFinalizers(m['finalizers'], fld.child('finalizers')));
  errs.push(...validateManagedFields(m['managedFields'], fld.child('managedFields')));
  return errs;
}

/** ValidateObjectMetaUpdate (core flavour). */
export function validateObjectMetaUpdate(newMeta: unknown, oldMeta: unknown, fieldPath: string | FieldPath = 'metadata', kubeFinalizers = true): FieldError[] {
  const fld = typeof fieldPath === 'string' ? new FieldPath(fieldPath) : fieldPath;
  const n = obj(newMeta), o = obj(oldMeta);
  const errs: FieldError[] = [];
  // Finalizers cannot be added once the object is being deleted.
  if (o['deletionTimestamp']) {
    const old = new Set(arr(o['finalizers']).map(str));
    const extra = [...new Set(arr(n['finalizers']).map(str))].filter((f) => !old.has(f)).sort();
    if (extra.length) errs.push(forbidden(fld.child('finalizers').text, `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map(quoteGo).join(', ')}}`));
  }
  if (!str(n['resourceVersion'])) errs.push(invalid(fld.child('resourceVersion').text, '', 'must be specified for an update'));
  if (num(n['generation']) < num(o['generation'])) errs.push(invalid(fld.child('generation').text, num(n['generation']), 'must not be decremented'));
  for (const f of ['name', 'namespace', 'uid'] as const) errs.push(...validateImmutableField(str(n[f]), str(o[f]), fld.child(f)));
  // metav1.Time values print through their String() method (Go time layout); creationTimestamp
  // is normally restored by the registry before validation, so this is a backstop.
  errs.push(...validateImmutableField(n['creationTimestamp'], o['creationTimestamp'], fld.child('creationTimestamp'), goTime));
  errs.push(...validateImmutableField(n['deletionTimestamp'], o['deletionTimestamp'], fld.child('deletionTimestamp'), goTime));
  errs.push(...validateImmutableField(n['deletionGracePeriodSeconds'], o['deletionGracePeriodSeconds'], fld.child('deletionGracePeriodSeconds'), (v) => (v === undefined ? null : v)));
  errs.push(...validateLabels(n['labels'], fld.child('labels')));
  errs.push(...validateAnnotations(n['annotations'], fld.child('annotations')));
  errs.push(...validateOwnerReferences(n['ownerReferences'], fld.child('ownerReferences')));
  errs.push(...validateManagedFields(n['managedFields'], fld.child('managedFields')));
  if (kubeFinalizers) arr(n['finalizers']).forEach((f, i) => errs.push(...validateKubeFinalizerName(str(f), fld.child('finalizers').index(i))));
  return errs;
}

/** metav1.Time.String(): Go's time.Time layout, e.g. "2024-01-02 03:04:05 +0000 UTC". */
function goTime(v: unknown): unknown {
  if (typeof v !== 'string' || !v) return new GoValue('0001-01-01 00:00:00 +0000 UTC');
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const iso = d.toISOString();
  return new GoValue(`${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`);
}
