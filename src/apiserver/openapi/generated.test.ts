// The committed schemas/*.json must be what gen/generate.ts produces from the catalog,
// kubernetes-types and the overlay; otherwise someone edited one side only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateSchemas, schemasDir } from './gen/generate.ts';

test('schemas/*.json are up to date (run: node src/apiserver/openapi/gen/generate.ts)', () => {
  const files = generateSchemas();
  assert.deepEqual(readdirSync(schemasDir).filter((f) => f.endsWith('.json')).sort(), Object.keys(files).sort());
  for (const [file, schemas] of Object.entries(files)) {
    assert.deepEqual(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')), schemas, file);
  }
});
