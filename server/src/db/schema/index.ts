export * from './auth.js';
export * from './clinics.js';
export * from './sync.js';
