export * from './base.js';
export * from './catalog.js';
export * from './patient.js';
export * from './appointment.js';
export * from './ledger.js';
export * from './activity.js';
export * from './registry.js';
