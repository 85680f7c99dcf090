// rubrics/schema.json says what a rubric file may hold: every bundled rubric must satisfy it, and
// it must refuse what the loader refuses where a schema can say so (unknown keys, numbers beyond
// ±1,000,000, a rule kind that does not exist). No browser needed; it runs with the page tests
// because they share node_modules.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { assert, runStandalone, ROOT } from './lib.mjs';

export default async function schema() {
  const dir = join(ROOT, 'rubrics');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(await readFile(join(dir, 'schema.json'), 'utf8')));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'schema.json');
  assert(files.length === 5, 'bundled rubrics: ' + files.join(', '));
  const rubrics = {};
  for (const f of files) {
    rubrics[f] = JSON.parse(await readFile(join(dir, f), 'utf8'));
    assert(validate(rubrics[f]), `${f} does not satisfy rubrics/schema.json:\n` + ajv.errorsText(validate.errors, { separator: '\n' }));
  }

  const refused = (what, change) => {
    const copy = structuredClone(rubrics['songjiang-2024.json']);
    change(copy);
    assert(!validate(copy), `the schema accepts ${what}`);
  };
  refused('an unknown top-level key', (r) => { r.scoring_mode = 'lenient'; });
  refused('an unknown key on a node', (r) => { r.indicators[0].weight = 2; });
  refused('a max above 1,000,000', (r) => { r.indicators[0].max = 2000000; });
  refused('a negative max', (r) => { r.indicators[0].children[0].max = -1; });
  refused('an unknown rule kind', (r) => { r.indicators[0].children[0].rule.kind = 'weighted'; });
  refused('a missing title', (r) => { delete r.title; });
  console.log(`  schema: ${files.length} bundled rubrics satisfy rubrics/schema.json; 6 broken copies refused`);
}

await runStandalone(import.meta.url, schema);
