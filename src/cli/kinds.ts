/**
 * Which objects the engine looks at, so that the CLI can say which ones it ignored: the model's kinds table
 * (MODEL_KINDS in src/engine/vocabulary.ts, which the model's readers are typed by).
 */
import { modelKindOf } from '../engine/vocabulary';

/** Whether the engine reads objects of this apiVersion and kind. */
export function isCheckedKind(apiVersion: string, kind: string): boolean {
  return modelKindOf(apiVersion, kind) !== undefined;
}
