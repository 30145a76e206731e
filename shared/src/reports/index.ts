export * from './clinic-report.js';
export * from './balances.js';
