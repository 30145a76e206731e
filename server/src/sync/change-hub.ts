/** In-process fan-out of "collection changed" notices to the SSE streams of a clinic's devices. */
import { EventEmitter } from 'node:events';
import type { CollectionName } from '../../../shared/src/domain/index.js';

export type ChangeListener = (collection: CollectionName) => void;

export class ChangeHub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  /** Tells every stream of `clinicId` that `collection` has new documents. Call after the write committed. */
  publish(clinicId: string, collection: CollectionName): void {
    this.emitter.emit(clinicId, collection);
  }

  /** Listens for changes of one clinic; returns the function that stops listening. */
  subscribe(clinicId: string, listener: ChangeListener): () => void {
    this.emitter.on(clinicId, listener);
    return () => this.emitter.off(clinicId, listener);
  }
}
