export * from './auth.js';
export * from './clinics.js';
export * from './sync.js';
export * from './team.js';
