import { Engine } from '../engine/engine';
import { Store } from '../store/store';
import { Recorder } from '../metrics/recorder';
import { AppModel, Latencies } from '../scenario/scenario';
import { ComponentGate } from './component-gate';

/**
 * What every actor is given: the clock and queue, the API server, the recorder of timeline rows,
 * the modelled latencies and the application models by image. Actors never hold each other.
 */
export interface SimContext {
  engine: Engine;
  store: Store;
  recorder: Recorder;
  latencies: Latencies;
  apps: ReadonlyMap<string, AppModel>;
  /** Control-plane loops by component, paused while their component is leaderless. */
  gate: ComponentGate;
}
