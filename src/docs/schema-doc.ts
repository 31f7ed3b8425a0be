/**
 * Field-by-field references of the JSON rootctl prints, read from the TypeScript types that produce
 * it (so the reference changes when the type does). Nested objects are expanded as `parent.child`,
 * arrays as `parent[].child`; unions of objects are shown by their type name and not expanded.
 */
import ts from 'typescript';

export interface SchemaField {
  path: string;
  type: string;
  optional: boolean;
  doc: string;
}

export interface SchemaSource {
  /** Shown as the section title. */
  title: string;
  /** The command whose JSON this is. */
  command: string;
  /** Repository-relative .ts file and the exported type in it. */
  file: string;
  type: string;
  /** Hand-written documentation of the same output, when its owner wrote one. */
  docs?: string;
}

const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
const MAX_DEPTH = 4;

export function schemaFields(program: ts.Program, file: string, typeName: string): SchemaField[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`schema source ${file} is not in the program`);
  const decl = source.statements.find(
    (s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration =>
      (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === typeName,
  );
  if (decl === undefined) throw new Error(`type ${typeName} not found in ${file}`);
  const fields: SchemaField[] = [];
  walk(checker, checker.getTypeAtLocation(decl.name), '', fields, 0, new Set());
  return fields;
}

function walk(
  checker: ts.TypeChecker,
  type: ts.Type,
  prefix: string,
  out: SchemaField[],
  depth: number,
  seen: Set<ts.Type>,
): void {
  if (depth > MAX_DEPTH || seen.has(type)) return;
  seen.add(type);
  for (const prop of checker.getPropertiesOfType(type)) {
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (decl === undefined) continue;
    const declared = checker.getTypeOfSymbolAtLocation(prop, decl);
    // JSON.stringify drops an undefined value, so `x: T | undefined` may be absent just like `x?: T`.
    const optional =
      (prop.flags & ts.SymbolFlags.Optional) !== 0 ||
      (declared.isUnion() && declared.types.some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0));
    const type = checker.getNonNullableType(declared);
    const path = prefix ? `${prefix}.${prop.name}` : prop.name;
    const doc = ts.displayPartsToString(prop.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
    const element = checker.isArrayType(type)
      ? checker.getTypeArguments(type as ts.TypeReference)[0]
      : undefined;
    const inner = element ?? type;
    // Anonymous object types are expanded below; their full literal would only repeat the rows.
    const anonymous = isExpandable(inner) && inner.getSymbol()?.getName().startsWith('__') === true;
    const shown = anonymous
      ? element
        ? 'object[]'
        : 'object'
      : checker.typeToString(type, undefined, FORMAT);
    // `null` is a value the field can hold (JSON prints it), unlike `undefined`, which `?` shows.
    const nullable = declared.isUnion() && declared.types.some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
    out.push({ path, type: nullable ? `${shown} | null` : shown, optional, doc });
    if (isExpandable(inner))
      walk(checker, inner, element ? `${path}[]` : path, out, depth + 1, new Set(seen));
  }
}

/** Plain object types (interfaces, literals, records with named keys); not unions, primitives or Date. */
function isExpandable(type: ts.Type): boolean {
  if (type.isUnion() || type.isIntersection()) return false;
  if ((type.flags & ts.TypeFlags.Object) === 0) return false;
  const name = type.getSymbol()?.getName();
  if (name === 'Date' || name === 'Array' || name === 'Map' || name === 'Set') return false;
  return type.getProperties().length > 0;
}

export function createSchemaProgram(root: string, files: string[]): ts.Program {
  return ts.createProgram(
    files.map((f) => `${root}/${f}`),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
  );
}
