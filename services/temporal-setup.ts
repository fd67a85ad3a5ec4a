/**
 * What motcua needs on any Temporal it meets — the embedded dev server, the embedded cluster, or a cluster named by
 * TEMPORAL_ADDRESS: its namespace and its search attributes (SEARCH_ATTRIBUTES in ir/). Only the dev server takes
 * them on its command line; everywhere else they are registered here through the operator service, once.
 */
import { Connection } from '@temporalio/client';
import protoModule from '@temporalio/proto';
import { SEARCH_ATTRIBUTES, type SearchAttributeName } from '../ir/index.js';
import { StartupError } from './errors.js';

// CommonJS: its namespaces come through the default export under ESM.
const { temporal } = protoModule;
const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
type IndexedValueType = protoModule.temporal.api.enums.v1.IndexedValueType;

const TYPES: Record<(typeof SEARCH_ATTRIBUTES)[SearchAttributeName], IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/** Dossiers' histories are kept this long after they close (the inspector reads them; the tables keep the rest). */
export const NAMESPACE_RETENTION_DAYS = 30;

function grpcCode(err: unknown): number | undefined {
  return (err as { code?: number }).code;
}

/** Registers the namespace when the cluster does not have it (a new cluster has none but its system namespace). */
export async function ensureNamespace(
  connection: Connection,
  namespace: string,
): Promise<'exists' | 'created'> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return 'exists';
  } catch (err) {
    if (grpcCode(err) !== 5 /* NOT_FOUND */) throw err;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      description: 'motcua: hồ sơ thủ tục hành chính / administrative procedure dossiers',
      // protobufjs writes a number into the int64 field (its type asks for a Long)
      workflowExecutionRetentionPeriod: {
        seconds: NAMESPACE_RETENTION_DAYS * 24 * 3600,
      } as unknown as protoModule.google.protobuf.IDuration,
    });
  } catch (err) {
    if (grpcCode(err) !== 6 /* ALREADY_EXISTS: another process registered it meanwhile */) throw err;
  }
  return 'created';
}

/**
 * A namespace just registered reaches every service of a cluster after its registry refreshes (about 10 s):
 * calls answered NOT_FOUND meanwhile are tried again, for up to `timeoutMs`.
 */
async function whenNamespaceKnown<T>(call: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (grpcCode(err) !== 5 || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Adds the search attributes the cluster lacks; returns the names added (none when all were there). A name that
 * exists with another type is a configuration the dossiers cannot run on: a StartupError says which.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const listed = await whenNamespaceKnown(() =>
    connection.operatorService.listSearchAttributes({ namespace }),
  );
  const existing = listed.customAttributes ?? {};
  const missing: Record<string, IndexedValueType> = {};
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    const want = TYPES[type];
    const have = existing[name];
    if (have === undefined || have === null) missing[name] = want;
    else if (have !== want) {
      throw new StartupError(
        'temporal',
        `thuộc tính tìm kiếm ${name} trên Temporal có kiểu ${IndexedValueType[have]}, motcua cần ${type} / ` +
          `search attribute ${name} exists on Temporal as ${IndexedValueType[have]}, motcua needs ${type}`,
        `xóa hoặc đổi tên thuộc tính đó trong namespace ${namespace} / remove or rename it in namespace ${namespace}`,
      );
    }
  }
  const names = Object.keys(missing);
  if (names.length === 0) return [];
  try {
    await whenNamespaceKnown(() =>
      connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing }),
    );
  } catch (err) {
    throw new StartupError(
      'temporal',
      `không đăng ký được thuộc tính tìm kiếm ${names.join(', ')} / could not register search attributes ` +
        `${names.join(', ')}: ${(err as Error).message}`,
      'đăng ký chúng trên cụm Temporal (tctl/temporal operator search-attribute create, hoặc Temporal Cloud: ' +
        'tcld namespace search-attributes add) / register them on the cluster (temporal operator search-attribute ' +
        'create, or on Temporal Cloud: tcld namespace search-attributes add)',
    );
  }
  return names;
}

/** Namespace and search attributes on the Temporal at `address`. */
export async function prepareTemporal(
  address: string,
  namespace: string,
  progress: (line: string) => void,
): Promise<{ namespace: 'exists' | 'created'; searchAttributesAdded: string[] }> {
  const connection = await Connection.connect({ address, connectTimeout: 5000 });
  try {
    const ns = await ensureNamespace(connection, namespace);
    if (ns === 'created') progress(`temporal: namespace ${namespace} registered`);
    const added = await ensureSearchAttributes(connection, namespace);
    if (added.length > 0) progress(`temporal: search attributes registered (${added.join(', ')})`);
    return { namespace: ns, searchAttributesAdded: added };
  } finally {
    await connection.close().catch(() => undefined);
  }
}
