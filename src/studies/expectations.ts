import { Expectation } from '../scenario/expect-spec';
import { PendingWait } from '../metrics/pending-wait';
import { ServiceReadiness } from '../metrics/service-readiness';
import { RunFacts, Simulation } from '../sim/simulation';
import { Observation, Verdict, evaluateExpectations } from './slo';

/**
 * The watchers one run's expectations need, registered on the simulation's store before it
 * starts (a scenario without spec.expect registers none and costs nothing).
 */
export class ExpectationWatchers {
  private readonly watchers: (ServiceReadiness | PendingWait | undefined)[];

  constructor(
    private readonly sim: Simulation,
    readonly expectations: readonly Expectation[],
  ) {
    const now = () => sim.engine.now;
    this.watchers = expectations.map((e) => {
      if (e.type === 'service') {
        const w = new ServiceReadiness(sim.store, now, e.namespace, e.name, e.readyEndpointsAtLeast, e.from);
        w.attach();
        return w;
      }
      if (e.type === 'pendingPods') {
        const w = new PendingWait(now, e.namespace);
        sim.store.watch('Pod', w);
        return w;
      }
      return undefined;
    });
  }

  /** Verdicts over the run as it stands (call after it ran). */
  evaluate(facts: RunFacts): Verdict[] {
    const end = this.sim.engine.now;
    const obs: Observation[] = this.watchers.map((w) => w?.summary(end));
    return evaluateExpectations(this.expectations, facts, obs, end);
  }
}

/** Attaches the watchers of the scenario's spec.expect to a simulation that has not started. */
export function attachExpectations(sim: Simulation): ExpectationWatchers {
  return new ExpectationWatchers(sim, sim.scenario.expect ?? []);
}
