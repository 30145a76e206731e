export * from './time-zone.js';
export * from './week-grid.js';
export * from './appointment-math.js';
export * from './clashes.js';
export * from './clash-fixes.js';
