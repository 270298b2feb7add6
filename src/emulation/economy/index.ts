/** Public edge of the synthetic economy: emulators, the CLI and tests import from here only. */

export type {
  FaultInjector,
  FaultInjectorOptions,
  FaultLogEntry,
  FaultProfileName,
  FaultRates,
  RecordFault,
  ResponseFault,
  TransportFault,
} from '../faults.js';
export {
  createFaultInjector,
  DEFAULT_DRIFT_FROM,
  FAULT_PROFILES,
  faultRates,
} from '../faults.js';
export { API_PLATFORMS, DEFAULT_ECONOMY_CONFIG, MAX_COMPANIES } from './config.js';
export { SCRIPTED_SHOCK } from './demand.js';
export { createEconomy } from './economy.js';
export { CURRENCIES } from './fx.js';
export { documentAt } from './state.js';
export type {
  ApiPlatform,
  CompanyBook,
  CompanySpec,
  DocumentState,
  DocumentStatus,
  Economy,
  EconomyConfig,
  InventoryLevelAt,
  SizeBand,
  SynthDocument,
  SynthEvent,
  SynthEventType,
  SynthKind,
  SynthLine,
  SynthLocation,
  SynthParty,
  SynthProduct,
} from './types.js';
