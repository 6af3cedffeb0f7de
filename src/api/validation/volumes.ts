// Pod volume validation (ValidateVolumes / validateVolumeSource), the parts a process-based
// runtime can meet: names, exactly one source, and the required fields of the common sources.
import { duplicate, forbidden, invalid, notSupported, required, type FieldError, type FieldPath } from '../field.ts';
import { isDNS1123Label } from './names.ts';
import { arr, isSet, obj, str, type Obj } from './util.ts';

// validateVolumeSource's order; the second source set is the one reported as Forbidden.
const volumeSourceKinds = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flexVolume', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'projected', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
] as const;

const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';
const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function validateMode(mode: unknown, fld: FieldPath): FieldError[] {
  return typeof mode === 'number' && (mode > 0o777 || mode < 0) ? [invalid(fld.text, mode, fileModeErrorMsg)] : [];
}

function validateSource(kind: string, src: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case 'hostPath': {
      const p = str(src['path']);
      if (!p) errs.push(required(fld.child('path').text));
      else if (p.split('/').includes('..')) errs.push(invalid(fld.child('path').text, p, "must not contain '..'"));
      if (isSet(src['type']) && !hostPathTypes.includes(str(src['type']))) errs.push(notSupported(fld.child('type').text, str(src['type']), hostPathTypes));
      break;
    }
    case 'secret':
      if (!str(src['secretName'])) errs.push(required(fld.child('secretName').text));
      errs.push(...validateMode(src['defaultMode'], fld.child('defaultMode')));
      break;
    case 'configMap':
      if (!str(src['name'])) errs.push(required(fld.child('name').text));
      errs.push(...validateMode(src['defaultMode'], fld.child('defaultMode')));
      break;
    case 'persistentVolumeClaim':
      if (!str(src['claimName'])) errs.push(required(fld.child('claimName').text));
      break;
    case 'downwardAPI':
    case 'projected':
      errs.push(...validateMode(src['defaultMode'], fld.child('defaultMode')));
      break;
  }
  return errs;
}

/** Returns the usable volumes by name (for volumeMount lookups) and the errors. */
export function validateVolumes(volumes: unknown, fld: FieldPath): { vols: Map<string, Obj>; errs: FieldError[] } {
  const vols = new Map<string, Obj>();
  const errs: FieldError[] = [];
  arr(volumes).forEach((v, i) => {
    const vol = obj(v);
    const idx = fld.index(i);
    const el: FieldError[] = [];
    let n = 0;
    for (const kind of volumeSourceKinds) {
      if (!isSet(vol[kind])) continue;
      if (n > 0) {
        el.push(forbidden(idx.child(kind).text, 'may not specify more than 1 volume type'));
        continue;
      }
      n++;
      el.push(...validateSource(kind, obj(vol[kind]), idx.child(kind)));
    }
    if (n === 0) el.push(required(idx.text, 'must specify a volume type'));
    const name = str(vol['name']);
    if (!name) el.push(required(idx.child('name').text));
    else for (const m of isDNS1123Label(name)) el.push(invalid(idx.child('name').text, name, m));
    if (vols.has(name)) el.push(duplicate(idx.child('name').text, name));
    // Only volumes without errors are offered to volumeMounts, as upstream does.
    if (el.length === 0) vols.set(name, vol);
    else errs.push(...el);
  });
  return { vols, errs };
}
