/**
 * The province procedure catalog: importer of the national portal / Ministry of Defence / internal-process data
 * (pure parsers, agency resolution, sector templates, BPMN generation) and the reader of the committed catalog in
 * procedure-models/catalog used at start-up.
 */
export {
  parseDuration,
  parseAmount,
  unitFromDescription,
  approxHours,
  formatDuration,
  type DurationParse,
} from './duration.js';
export { parseFees, parseLabelledFees, parseMoney, parsePer, type FeeParse } from './fees.js';
export {
  parseChannels,
  parseModChannels,
  parseRowBody,
  buildChannels,
  channelFromLabel,
  durationFromText,
  durationFromDescription,
  DEFAULT_DURATION,
  type ChannelRow,
  type ChannelBuild,
  type Defaulted,
} from './channels.js';
export { parseComponents, parseModComponents, splitTemplate, type ComponentParse } from './components.js';
export { parseLevels, PROVINCE_LEVELS } from './levels.js';
export { AGENCY_TREE, agencyByCode, type AgencyNode } from './agency-tree.js';
export {
  resolveAgency,
  sectorDepartment,
  agenciesNamed,
  type AgencyResolution,
  type AgencyInput,
} from './agencies.js';
export {
  allocate,
  buildPlan,
  planToSteps,
  planTotal,
  type Plan,
  type PlanItem,
  type ConsultCall,
  type TemplateInput,
} from './templates.js';
export {
  graphToBpmn,
  planToGraph,
  layout,
  GraphBuilder,
  type ProcessGraph,
  type GraphNode,
  type GraphFlow,
} from './bpmn.js';
export { buildLandEntries, parseLandLimit, assigneeOf, type LandSource, type LandEntry } from './land.js';
export {
  importRecords,
  shortestLimit,
  coordinationCode,
  DEFAULT_SECTOR,
  DEFAULT_RESULT,
  type SourceFile,
  type SourceKind,
  type CatalogEntry,
  type CatalogModel,
  type ImportReport,
  type ImportResult,
  type Issue,
  type FieldStat,
  type Progress,
} from './importer.js';
export { readSource } from './sources.js';
export {
  loadCatalog,
  loadAgencies,
  writeCatalog,
  writeAgencies,
  stableJson,
  DEFAULT_CATALOG_DIR,
  DEFAULT_AGENCIES_FILE,
  type LoadedProcedure,
  type WriteResult,
} from './store.js';
export {
  HappyPathError,
  planHappyPath,
  happyOutcome,
  compileCatalog,
  calledProcedures,
  publishCatalog,
  publishedIrSource,
  driveHappyPath,
  driveHappyPaths,
  type HappyPathPlan,
  type RunVariables,
  type CatalogProcedure,
  type HappyPathOptions,
  type HappyPathRun,
} from './happy-path.js';
