import { constant } from '../engine/distribution';
import { SECOND } from '../engine/time';
import { AppModel } from '../scenario/scenario';

/** Defaults for an image the scenario does not describe: 100Mi, serving 1 s after start. */
export function defaultAppModel(image: string): AppModel {
  return { image, imageSize: 100 * 1024 * 1024, startup: constant(SECOND) };
}

/** The behaviour model of an image, or the default one. */
export function appModelFor(apps: ReadonlyMap<string, AppModel>, image: string): AppModel {
  return apps.get(image) ?? defaultAppModel(image);
}
