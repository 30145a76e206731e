/**
 * In-process fan-out to the SSE streams of a clinic's devices: "collection changed" notices, and the end of a
 * removed member's streams.
 */
import { EventEmitter } from 'node:events';
import type { CollectionName } from '../../../shared/src/domain/index.js';

export type ChangeListener = (collection: CollectionName) => void;

export class ChangeHub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  /** Tells every stream of `clinicId` that `collection` has new documents. Call after the write committed. */
  publish(clinicId: string, collection: CollectionName): void {
    this.emitter.emit(`change:${clinicId}`, collection);
  }

  /** Listens for changes of one clinic; returns the function that stops listening. */
  subscribe(clinicId: string, listener: ChangeListener): () => void {
    this.emitter.on(`change:${clinicId}`, listener);
    return () => this.emitter.off(`change:${clinicId}`, listener);
  }

  /** Closes the streams `userId` holds for `clinicId` (they were removed from it). */
  revokeMember(clinicId: string, userId: string): void {
    this.emitter.emit(`revoke:${clinicId}:${userId}`);
  }

  /** Calls `onRevoked` when `userId` loses access to `clinicId`; returns the function that stops listening. */
  onMemberRevoked(clinicId: string, userId: string, onRevoked: () => void): () => void {
    this.emitter.on(`revoke:${clinicId}:${userId}`, onRevoked);
    return () => this.emitter.off(`revoke:${clinicId}:${userId}`, onRevoked);
  }
}
