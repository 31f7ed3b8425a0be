// Compiles one OCSF event class into a JSON Schema (draft 2020-12) from the published OCSF schema
// sources (github.com/ocsf/ocsf-schema, Apache-2.0), as the OCSF server's JSON Schema export does:
// the class and its parents merged with the dictionary, every reachable object as a $def, `*_id`
// enums, required attributes, constraints, and no properties the schema does not define. Attributes
// of profiles are allowed (optional); extensions are not. The output is data, vendored for tests.
//
//   node scripts/ocsf-json-schema.mjs <ocsf-schema checkout> <class name> > schema.json
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [root, className] = process.argv.slice(2);
if (!root || !className) {
  console.error('usage: node scripts/ocsf-json-schema.mjs <ocsf-schema dir> <class name>');
  process.exit(2);
}
const read = (p) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const dictionary = read('dictionary.json');
const version = read('version.json').version;
const categories = read('categories.json').attributes;
const types = dictionary.types.attributes;

function findEvent(name) {
  const walk = (dir) => {
    for (const sub of ['', ...Object.keys(categories)]) {
      const p = join(dir, sub, `${name}.json`);
      if (existsSync(join(root, p))) return p;
    }
    return undefined;
  };
  return walk('events');
}

/** A child's attribute over its parent's; enum values add up (a class adds activities to its parent's). */
function merge(parent = {}, child = {}) {
  const out = { ...parent, ...child };
  if (parent.enum || child.enum) out.enum = { ...parent.enum, ...child.enum };
  return out;
}

/** Attributes of a class or object, parents first, `$include`d profiles merged, children override. */
function resolve(def, load) {
  const parent = def.extends ? resolve(load(def.extends), load) : { attributes: {}, constraints: {} };
  const attributes = structuredClone(parent.attributes);
  const own = { ...def.attributes };
  for (const inc of own.$include ?? []) {
    for (const [k, v] of Object.entries(read(inc).attributes ?? {})) {
      attributes[k] = {
        ...merge(attributes[k], v),
        requirement: v.requirement ?? 'optional',
        fromProfile: true,
      };
    }
  }
  delete own.$include;
  for (const [k, v] of Object.entries(own)) attributes[k] = merge(attributes[k], v);
  return { attributes, constraints: def.constraints ?? parent.constraints ?? {} };
}

const objectDefs = {};
const loadObject = (name) => read(`objects/${name}.json`);
const loadEvent = (name) => read(findEvent(name));

function schemaOfType(type) {
  if (types[type]) {
    const base = types[type].type ?? type;
    if (
      base === 'integer_t' ||
      base === 'long_t' ||
      type === 'integer_t' ||
      type === 'long_t' ||
      type === 'timestamp_t' ||
      type === 'port_t'
    )
      return { type: 'integer' };
    if (base === 'float_t' || type === 'float_t') return { type: 'number' };
    if (base === 'boolean_t' || type === 'boolean_t') return { type: 'boolean' };
    if (type === 'json_t') return {};
    return { type: 'string' };
  }
  addObject(type);
  return { $ref: `#/$defs/${type}` };
}

function attributeSchema(name, attr) {
  const dict = dictionary.attributes[name] ?? {};
  const merged = merge(dict, attr);
  let s = schemaOfType(merged.type ?? dict.type ?? 'string_t');
  if (merged.enum && name.endsWith('_id')) s = { ...s, enum: Object.keys(merged.enum).map(Number) };
  if (merged.is_array ?? dict.is_array) s = { type: 'array', items: s };
  return s;
}

function objectSchema(resolved, extra = {}) {
  const properties = {};
  const required = [];
  for (const [name, attr] of Object.entries(resolved.attributes)) {
    properties[name] = attributeSchema(name, attr);
    if (attr.requirement === 'required' && !attr.fromProfile) required.push(name);
  }
  Object.assign(properties, extra);
  const s = { type: 'object', properties, additionalProperties: false };
  if (required.length) s.required = required.sort();
  const c = resolved.constraints;
  if (c.at_least_one) s.anyOf = c.at_least_one.map((k) => ({ required: [k] }));
  if (c.just_one) s.oneOf = c.just_one.map((k) => ({ required: [k] }));
  return s;
}

function addObject(name) {
  if (objectDefs[name]) return;
  objectDefs[name] = {};
  objectDefs[name] = {
    title: loadObject(name).caption,
    ...objectSchema(resolve(loadObject(name), loadObject)),
  };
}

const eventDef = loadEvent(className);
const category = categories[eventDef.category ?? resolveCategory(eventDef)];
function resolveCategory(def) {
  return def.category ?? (def.extends ? resolveCategory(loadEvent(def.extends)) : 'other');
}
const classUid = category.uid * 1000 + eventDef.uid;
const resolved = resolve(eventDef, loadEvent);
const activities = Object.keys(resolved.attributes.activity_id?.enum ?? {}).map(Number);
const schema = objectSchema(resolved);
schema.properties.class_uid = { type: 'integer', const: classUid };
schema.properties.category_uid = { type: 'integer', const: category.uid };
schema.properties.type_uid = { type: 'integer', enum: activities.map((a) => classUid * 100 + a) };
const out = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `https://schema.ocsf.io/${version}/classes/${className}`,
  title: `${eventDef.caption} (OCSF ${version})`,
  $comment:
    'Compiled by scripts/ocsf-json-schema.mjs from github.com/ocsf/ocsf-schema (Apache-2.0); do not edit by hand.',
  ...schema,
  $defs: Object.fromEntries(Object.entries(objectDefs).sort(([a], [b]) => a.localeCompare(b))),
};
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
