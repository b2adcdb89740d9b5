import { Time, SECOND, MINUTE } from '../engine/time';
import { IntOrString } from './meta';

/**
 * The upstream Kubernetes defaults kubesim uses, one export per entry of
 * ../shared/conformance/defaults.json (Kubernetes v1.36). Each comment names the entry id and where
 * upstream defines the value.
 *
 * Conventions: durations are Time (µs), whatever unit upstream writes them in; counts, rates and
 * fractions are plain numbers; `null` means "unset" upstream (no default value exists).
 */

// ---- kubelet probes -------------------------------------------------------------------------

/** probe.initialDelaySeconds — k8s.io/api core/v1 Probe.InitialDelaySeconds: no default (Go zero value). */
export const PROBE_INITIAL_DELAY: Time = 0;
/** probe.timeoutSeconds — k8s.io/api core/v1 Probe.TimeoutSeconds "Defaults to 1 second". */
export const PROBE_TIMEOUT: Time = 1 * SECOND;
/** probe.periodSeconds — k8s.io/api core/v1 Probe.PeriodSeconds "Default to 10 seconds". */
export const PROBE_PERIOD: Time = 10 * SECOND;
/** probe.successThreshold — k8s.io/api core/v1 Probe.SuccessThreshold "Defaults to 1" (must be 1 for liveness/startup). */
export const PROBE_SUCCESS_THRESHOLD = 1;
/** probe.failureThreshold — k8s.io/api core/v1 Probe.FailureThreshold "Defaults to 3". */
export const PROBE_FAILURE_THRESHOLD = 3;
/** probe.terminationGracePeriodSeconds — k8s.io/api core/v1 Probe: unset, the pod's grace period applies. */
export const PROBE_TERMINATION_GRACE_PERIOD: Time | null = null;

// ---- pod --------------------------------------------------------------------------------------

/** pod.terminationGracePeriodSeconds — k8s.io/api core/v1 DefaultTerminationGracePeriodSeconds = 30. */
export const POD_TERMINATION_GRACE_PERIOD: Time = 30 * SECOND;
/** pod.restartPolicy — k8s.io/api core/v1 PodSpec.RestartPolicy "Default to Always". */
export const POD_RESTART_POLICY = 'Always' as const;
/** toleration.operator — k8s.io/api core/v1 Toleration.Operator "Defaults to Equal". */
export const TOLERATION_OPERATOR = 'Equal' as const;
/** toleration.tolerationSeconds — k8s.io/api core/v1 Toleration.TolerationSeconds: unset = tolerate forever. */
export const TOLERATION_SECONDS: Time | null = null;

// ---- kube-scheduler ---------------------------------------------------------------------------

/** scheduler.defaultNonZeroRequest.cpu — pkg/scheduler/util/pod_resources.go DefaultMilliCPURequest (scoring only). */
export const SCHEDULER_DEFAULT_MILLI_CPU_REQUEST = 100;
/** scheduler.defaultNonZeroRequest.memory — pkg/scheduler/util/pod_resources.go DefaultMemoryRequest = 200 MiB (scoring only). */
export const SCHEDULER_DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;
/** scheduler.percentageOfNodesToScore — kube-scheduler config/v1 PercentageOfNodesToScore: 0 = adaptive. */
export const SCHEDULER_PERCENTAGE_OF_NODES_TO_SCORE = 0;
/** scheduler.minFeasibleNodesToFind — pkg/scheduler/schedule_one.go minFeasibleNodesToFind. */
export const SCHEDULER_MIN_FEASIBLE_NODES_TO_FIND = 100;
/** scheduler.minFeasibleNodesPercentageToFind — pkg/scheduler/schedule_one.go minFeasibleNodesPercentageToFind. */
export const SCHEDULER_MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** scheduler.podInitialBackoffSeconds — kube-scheduler config/v1 PodInitialBackoffSeconds (1s). */
export const SCHEDULER_POD_INITIAL_BACKOFF: Time = 1 * SECOND;
/** scheduler.podMaxBackoffSeconds — kube-scheduler config/v1 PodMaxBackoffSeconds (10s). */
export const SCHEDULER_POD_MAX_BACKOFF: Time = 10 * SECOND;
/** scheduler.parallelism — kube-scheduler config/v1 Parallelism "Defaults to 16". */
export const SCHEDULER_PARALLELISM = 16;
/** scheduler.scoreWeights — pkg/scheduler/apis/config/v1/default_plugins.go getDefaultPlugins (MultiPoint weights). */
export const SCHEDULER_SCORE_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
});
/** scheduler.nodeResourcesFit.scoringStrategy — kube-scheduler config/v1 types_pluginargs.go: LeastAllocated, cpu 1, memory 1. */
export const SCHEDULER_NODE_RESOURCES_FIT_SCORING_STRATEGY: {
  readonly type: 'LeastAllocated';
  readonly resources: readonly { readonly name: string; readonly weight: number }[];
} = Object.freeze({
  type: 'LeastAllocated' as const,
  resources: Object.freeze([
    Object.freeze({ name: 'cpu', weight: 1 }),
    Object.freeze({ name: 'memory', weight: 1 }),
  ]),
});

// ---- kubelet ----------------------------------------------------------------------------------

/** kubelet.crashLoopBackOff.initial — pkg/kubelet/kubelet.go initialCrashLoopBackOff = 10s. */
export const CRASHLOOP_BACKOFF_INITIAL: Time = 10 * SECOND;
/** kubelet.crashLoopBackOff.max — pkg/kubelet/apis/config/v1beta1 MaxContainerBackOff = 300s. */
export const CRASHLOOP_BACKOFF_MAX: Time = 300 * SECOND;
/** kubelet.crashLoopBackOff.multiplier — client-go util/flowcontrol Backoff.Next doubles (kubelet: no jitter). */
export const CRASHLOOP_BACKOFF_MULTIPLIER = 2;
/** kubelet.crashLoopBackOff.resetAfter — pkg/kubelet/kubelet.go crashLoopBackOff.HasExpiredFunc: > 600s since the last update. */
export const CRASHLOOP_BACKOFF_RESET_AFTER: Time = 600 * SECOND;
/** kubelet.crashLoopBackOff.reducedDecay — pkg/kubelet/kubelet.go, gate ReduceDefaultCrashLoopBackOffDecay (alpha, off): 1s..60s. */
export const CRASHLOOP_BACKOFF_REDUCED_DECAY: { readonly initial: Time; readonly max: Time } = Object.freeze({
  initial: 1 * SECOND,
  max: 60 * SECOND,
});
/** kubelet.crashLoopBackOff.maxContainerRestartPeriod — kubelet config/v1beta1 (gate KubeletCrashLoopBackOffMax): unset = 300s. */
export const CRASHLOOP_MAX_CONTAINER_RESTART_PERIOD: Time = 300 * SECOND;
/** kubelet.imagePullBackOff.max — pkg/kubelet/kubelet.go MaxImageBackOff = 300s. */
export const IMAGE_PULL_BACKOFF_MAX: Time = 300 * SECOND;
/** kubelet.nodeStatusUpdateFrequency — kubelet config/v1beta1 NodeStatusUpdateFrequency "10s". */
export const NODE_STATUS_UPDATE_FREQUENCY: Time = 10 * SECOND;
/** kubelet.nodeStatusReportFrequency — kubelet config/v1beta1 NodeStatusReportFrequency "5m". */
export const NODE_STATUS_REPORT_FREQUENCY: Time = 5 * MINUTE;
/** kubelet.nodeLeaseDurationSeconds — kubelet config/v1beta1 NodeLeaseDurationSeconds 40 (renewed every 10s). */
export const NODE_LEASE_DURATION: Time = 40 * SECOND;
/** kubelet.syncFrequency — kubelet config/v1beta1 SyncFrequency "1m". */
export const KUBELET_SYNC_FREQUENCY: Time = 1 * MINUTE;

// ---- kube-controller-manager: node lifecycle -------------------------------------------------

/** kcm.nodeMonitorGracePeriod — --node-monitor-grace-period, 50s since v1.32 (kubernetes PR #126287; 40s before). */
export const NODE_MONITOR_GRACE_PERIOD: Time = 50 * SECOND;
/** kcm.nodeStartupGracePeriod — pkg/controller/nodelifecycle/config/v1alpha1/defaults.go NodeStartupGracePeriod 60s. */
export const NODE_STARTUP_GRACE_PERIOD: Time = 60 * SECOND;
/** kcm.podEvictionTimeout — pkg/controller/nodelifecycle/config/v1alpha1/defaults.go PodEvictionTimeout 5m (legacy). */
export const POD_EVICTION_TIMEOUT: Time = 5 * MINUTE;
/** kcm.nodeMonitorPeriod — --node-monitor-period 5s (kubernetes.io docs, Node controller). */
export const NODE_MONITOR_PERIOD: Time = 5 * SECOND;
/** kcm.nodeEvictionRate — --node-eviction-rate 0.1 nodes/s (kubernetes.io docs, Rate limits on eviction). */
export const NODE_EVICTION_RATE = 0.1;
/** kcm.secondaryNodeEvictionRate — --secondary-node-eviction-rate 0.01 nodes/s. */
export const SECONDARY_NODE_EVICTION_RATE = 0.01;
/** kcm.unhealthyZoneThreshold — --unhealthy-zone-threshold 0.55. */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** kcm.largeClusterSizeThreshold — --large-cluster-size-threshold 50 nodes. */
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;
/** apiserver.defaultNotReadyTolerationSeconds — plugin/pkg/admission/defaulttolerationseconds: not-ready NoExecute 300s. */
export const DEFAULT_NOT_READY_TOLERATION: Time = 300 * SECOND;
/** apiserver.defaultUnreachableTolerationSeconds — plugin/pkg/admission/defaulttolerationseconds: unreachable NoExecute 300s. */
export const DEFAULT_UNREACHABLE_TOLERATION: Time = 300 * SECOND;

// ---- leader election (kube-controller-manager, kube-scheduler) -------------------------------

/** leaderElection.leaseDuration — component-base config/v1alpha1 RecommendedDefaultLeaderElectionConfiguration 15s. */
export const LEADER_ELECTION_LEASE_DURATION: Time = 15 * SECOND;
/** leaderElection.renewDeadline — component-base config/v1alpha1 RecommendedDefaultLeaderElectionConfiguration 10s. */
export const LEADER_ELECTION_RENEW_DEADLINE: Time = 10 * SECOND;
/** leaderElection.retryPeriod — component-base config/v1alpha1 RecommendedDefaultLeaderElectionConfiguration 2s. */
export const LEADER_ELECTION_RETRY_PERIOD: Time = 2 * SECOND;
/** leaderElection.leaderElect — component-base config/v1alpha1: leader election on by default. */
export const LEADER_ELECTION_LEADER_ELECT = true;
/** leaderElection.resourceLock — kube-scheduler and kube-controller-manager use "leases". */
export const LEADER_ELECTION_RESOURCE_LOCK = 'leases' as const;
/** leaderElection.jitterFactor — client-go tools/leaderelection JitterFactor 1.2. */
export const LEADER_ELECTION_JITTER_FACTOR = 1.2;

// ---- Deployment, StatefulSet, DaemonSet --------------------------------------------------------

/** deployment.replicas — k8s.io/api apps/v1 DeploymentSpec.Replicas "Defaults to 1". */
export const DEPLOYMENT_REPLICAS = 1;
/** deployment.strategy.type — k8s.io/api apps/v1 DeploymentStrategy.Type "Default is RollingUpdate". */
export const DEPLOYMENT_STRATEGY_TYPE = 'RollingUpdate' as const;
/** deployment.rollingUpdate.maxUnavailable — k8s.io/api apps/v1 RollingUpdateDeployment "Defaults to 25%" (rounded down). */
export const DEPLOYMENT_MAX_UNAVAILABLE: IntOrString = '25%';
/** deployment.rollingUpdate.maxSurge — k8s.io/api apps/v1 RollingUpdateDeployment "Defaults to 25%" (rounded up). */
export const DEPLOYMENT_MAX_SURGE: IntOrString = '25%';
/** deployment.revisionHistoryLimit — k8s.io/api apps/v1 DeploymentSpec "Defaults to 10". */
export const DEPLOYMENT_REVISION_HISTORY_LIMIT = 10;
/** deployment.progressDeadlineSeconds — k8s.io/api apps/v1 DeploymentSpec "Defaults to 600s". */
export const DEPLOYMENT_PROGRESS_DEADLINE: Time = 600 * SECOND;
/** deployment.minReadySeconds — k8s.io/api apps/v1 DeploymentSpec "Defaults to 0". */
export const DEPLOYMENT_MIN_READY: Time = 0;
/** statefulset.replicas — k8s.io/api apps/v1 StatefulSetSpec.Replicas defaults to 1. */
export const STATEFULSET_REPLICAS = 1;
/** statefulset.podManagementPolicy — k8s.io/api apps/v1 "The default policy is OrderedReady". */
export const STATEFULSET_POD_MANAGEMENT_POLICY = 'OrderedReady' as const;
/** statefulset.updateStrategy.type — k8s.io/api apps/v1 StatefulSetUpdateStrategy "Default is RollingUpdate". */
export const STATEFULSET_UPDATE_STRATEGY_TYPE = 'RollingUpdate' as const;
/** statefulset.rollingUpdate.partition — k8s.io/api apps/v1 RollingUpdateStatefulSetStrategy.Partition default 0. */
export const STATEFULSET_PARTITION = 0;
/** statefulset.rollingUpdate.maxUnavailable — k8s.io/api apps/v1 (gate MaxUnavailableStatefulSet) default 1. */
export const STATEFULSET_MAX_UNAVAILABLE = 1;
/** statefulset.revisionHistoryLimit — k8s.io/api apps/v1 StatefulSetSpec default 10. */
export const STATEFULSET_REVISION_HISTORY_LIMIT = 10;
/** statefulset.minReadySeconds — k8s.io/api apps/v1 StatefulSetSpec "Defaults to 0". */
export const STATEFULSET_MIN_READY: Time = 0;
/** daemonset.updateStrategy.type — k8s.io/api apps/v1 DaemonSetUpdateStrategy "Default is RollingUpdate". */
export const DAEMONSET_UPDATE_STRATEGY_TYPE = 'RollingUpdate' as const;
/** daemonset.rollingUpdate.maxUnavailable — k8s.io/api apps/v1 RollingUpdateDaemonSet "Default value is 1". */
export const DAEMONSET_MAX_UNAVAILABLE = 1;
/** daemonset.rollingUpdate.maxSurge — k8s.io/api apps/v1 RollingUpdateDaemonSet "Default value is 0". */
export const DAEMONSET_MAX_SURGE = 0;
/** daemonset.revisionHistoryLimit — k8s.io/api apps/v1 DaemonSetSpec "Defaults to 10". */
export const DAEMONSET_REVISION_HISTORY_LIMIT = 10;

// ---- Job, CronJob -----------------------------------------------------------------------------

/** job.backoffLimit — k8s.io/api batch/v1 JobSpec.BackoffLimit "Defaults to 6" (MaxInt32 with backoffLimitPerIndex). */
export const JOB_BACKOFF_LIMIT = 6;
/** job.completions/parallelism — pkg/apis/batch/v1/defaults.go: both unset → both 1; parallelism unset → 1. */
export const JOB_COMPLETIONS_PARALLELISM: { readonly completions: number; readonly parallelism: number } = Object.freeze({
  completions: 1,
  parallelism: 1,
});
/** job.completionMode — k8s.io/api batch/v1 JobSpec.CompletionMode default NonIndexed. */
export const JOB_COMPLETION_MODE = 'NonIndexed' as const;
/** job.suspend — k8s.io/api batch/v1 JobSpec.Suspend "Defaults to false". */
export const JOB_SUSPEND = false;
/** job.podFailureBackoff.initial — pkg/controller/job/job_controller.go DefaultJobPodFailureBackOff = 10s. */
export const JOB_POD_FAILURE_BACKOFF_INITIAL: Time = 10 * SECOND;
/**
 * job.podFailureBackoff.max — pkg/controller/job/job_controller.go MaxJobPodFailureBackOff = 10m in current code.
 * Older releases (and the kubernetes.io Job page) cap at 6 min: see JOB_POD_FAILURE_BACKOFF_MAX_LEGACY.
 */
export const JOB_POD_FAILURE_BACKOFF_MAX: Time = 10 * MINUTE;
/** The pre-10-minute cap: older pkg/controller/job MaxJobBackOff = 360s (not an entry of defaults.json). */
export const JOB_POD_FAILURE_BACKOFF_MAX_LEGACY: Time = 6 * MINUTE;
/** job.apiBackoff — pkg/controller/job/job_controller.go DefaultJobApiBackOff 1s, MaxJobApiBackOff 1m (sync retries). */
export const JOB_API_BACKOFF: { readonly initial: Time; readonly max: Time } = Object.freeze({
  initial: 1 * SECOND,
  max: 1 * MINUTE,
});
/** cronjob.concurrencyPolicy — k8s.io/api batch/v1 CronJobSpec.ConcurrencyPolicy "Allow" (default). */
export const CRONJOB_CONCURRENCY_POLICY = 'Allow' as const;
/** cronjob.suspend — k8s.io/api batch/v1 CronJobSpec.Suspend "Defaults to false". */
export const CRONJOB_SUSPEND = false;
/** cronjob.successfulJobsHistoryLimit — k8s.io/api batch/v1 "Defaults to 3". */
export const CRONJOB_SUCCESSFUL_JOBS_HISTORY_LIMIT = 3;
/** cronjob.failedJobsHistoryLimit — k8s.io/api batch/v1 "Defaults to 1". */
export const CRONJOB_FAILED_JOBS_HISTORY_LIMIT = 1;
/** cronjob.startingDeadlineSeconds — k8s.io/api batch/v1: unset = no deadline. */
export const CRONJOB_STARTING_DEADLINE: Time | null = null;
/** cronjob.missedSchedulesWarningThreshold — pkg/controller/cronjob/utils.go: > 100 missed → TooManyMissedTimes. */
export const CRONJOB_MISSED_SCHEDULES_WARNING_THRESHOLD = 100;

// ---- HorizontalPodAutoscaler ------------------------------------------------------------------

/** One autoscaling/v2 HPAScalingPolicy, with the upstream field names. */
export interface HpaScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

/** hpa.syncPeriod — pkg/controller/podautoscaler/config/v1alpha1/defaults.go HorizontalPodAutoscalerSyncPeriod 15s. */
export const HPA_SYNC_PERIOD: Time = 15 * SECOND;
/** hpa.tolerance — pkg/controller/podautoscaler/config/v1alpha1/defaults.go HorizontalPodAutoscalerTolerance 0.1. */
export const HPA_TOLERANCE = 0.1;
/** hpa.downscaleStabilizationWindow — pkg/controller/podautoscaler/config/v1alpha1/defaults.go 5m. */
export const HPA_DOWNSCALE_STABILIZATION_WINDOW: Time = 5 * MINUTE;
/** hpa.scaleUp.stabilizationWindowSeconds — k8s.io/api autoscaling/v2: 0 for scale up. */
export const HPA_SCALE_UP_STABILIZATION_WINDOW: Time = 0;
/** hpa.scaleUp.policies — pkg/apis/autoscaling/v2/defaults.go: max of +4 pods or +100% per 15s. */
export const HPA_SCALE_UP_POLICIES: readonly HpaScalingPolicy[] = Object.freeze([
  Object.freeze({ type: 'Pods' as const, value: 4, periodSeconds: 15 }),
  Object.freeze({ type: 'Percent' as const, value: 100, periodSeconds: 15 }),
]);
/** hpa.scaleDown.policies — pkg/apis/autoscaling/v2/defaults.go: up to 100% per 15s. */
export const HPA_SCALE_DOWN_POLICIES: readonly HpaScalingPolicy[] = Object.freeze([
  Object.freeze({ type: 'Percent' as const, value: 100, periodSeconds: 15 }),
]);
/** hpa.selectPolicy — k8s.io/api autoscaling/v2 HPAScalingRules.SelectPolicy default Max. */
export const HPA_SELECT_POLICY = 'Max' as const;
/** hpa.minReplicas — pkg/apis/autoscaling/v2/defaults.go MinReplicas unset → 1. */
export const HPA_MIN_REPLICAS = 1;
/** hpa.cpuInitializationPeriod — pkg/controller/podautoscaler/config/v1alpha1/defaults.go 5m. */
export const HPA_CPU_INITIALIZATION_PERIOD: Time = 5 * MINUTE;
/** hpa.initialReadinessDelay — pkg/controller/podautoscaler/config/v1alpha1/defaults.go 30s. */
export const HPA_INITIAL_READINESS_DELAY: Time = 30 * SECOND;

// ---- lookup by defaults.json id -----------------------------------------------------------------

/**
 * Every numeric default by its defaults.json id: durations in µs (Time), everything else as the
 * number upstream uses. Invariant: together with DEFAULT_SETTINGS_BY_ID it covers every id of
 * defaults.json exactly once (checked by test/defaults.test.ts).
 */
export const DEFAULTS_BY_ID: ReadonlyMap<string, number> = new Map<string, number>([
  ['probe.initialDelaySeconds', PROBE_INITIAL_DELAY],
  ['probe.timeoutSeconds', PROBE_TIMEOUT],
  ['probe.periodSeconds', PROBE_PERIOD],
  ['probe.successThreshold', PROBE_SUCCESS_THRESHOLD],
  ['probe.failureThreshold', PROBE_FAILURE_THRESHOLD],
  ['pod.terminationGracePeriodSeconds', POD_TERMINATION_GRACE_PERIOD],
  ['scheduler.defaultNonZeroRequest.cpu', SCHEDULER_DEFAULT_MILLI_CPU_REQUEST],
  ['scheduler.defaultNonZeroRequest.memory', SCHEDULER_DEFAULT_MEMORY_REQUEST],
  ['kubelet.crashLoopBackOff.initial', CRASHLOOP_BACKOFF_INITIAL],
  ['kubelet.crashLoopBackOff.max', CRASHLOOP_BACKOFF_MAX],
  ['kubelet.crashLoopBackOff.multiplier', CRASHLOOP_BACKOFF_MULTIPLIER],
  ['kubelet.crashLoopBackOff.resetAfter', CRASHLOOP_BACKOFF_RESET_AFTER],
  ['kubelet.crashLoopBackOff.maxContainerRestartPeriod', CRASHLOOP_MAX_CONTAINER_RESTART_PERIOD],
  ['kubelet.imagePullBackOff.max', IMAGE_PULL_BACKOFF_MAX],
  ['kubelet.nodeStatusUpdateFrequency', NODE_STATUS_UPDATE_FREQUENCY],
  ['kubelet.nodeStatusReportFrequency', NODE_STATUS_REPORT_FREQUENCY],
  ['kubelet.nodeLeaseDurationSeconds', NODE_LEASE_DURATION],
  ['kubelet.syncFrequency', KUBELET_SYNC_FREQUENCY],
  ['kcm.nodeMonitorGracePeriod', NODE_MONITOR_GRACE_PERIOD],
  ['kcm.nodeStartupGracePeriod', NODE_STARTUP_GRACE_PERIOD],
  ['kcm.podEvictionTimeout', POD_EVICTION_TIMEOUT],
  ['kcm.nodeMonitorPeriod', NODE_MONITOR_PERIOD],
  ['kcm.nodeEvictionRate', NODE_EVICTION_RATE],
  ['kcm.secondaryNodeEvictionRate', SECONDARY_NODE_EVICTION_RATE],
  ['kcm.unhealthyZoneThreshold', UNHEALTHY_ZONE_THRESHOLD],
  ['kcm.largeClusterSizeThreshold', LARGE_CLUSTER_SIZE_THRESHOLD],
  ['apiserver.defaultNotReadyTolerationSeconds', DEFAULT_NOT_READY_TOLERATION],
  ['apiserver.defaultUnreachableTolerationSeconds', DEFAULT_UNREACHABLE_TOLERATION],
  ['leaderElection.leaseDuration', LEADER_ELECTION_LEASE_DURATION],
  ['leaderElection.renewDeadline', LEADER_ELECTION_RENEW_DEADLINE],
  ['leaderElection.retryPeriod', LEADER_ELECTION_RETRY_PERIOD],
  ['leaderElection.jitterFactor', LEADER_ELECTION_JITTER_FACTOR],
  ['deployment.replicas', DEPLOYMENT_REPLICAS],
  ['deployment.revisionHistoryLimit', DEPLOYMENT_REVISION_HISTORY_LIMIT],
  ['deployment.progressDeadlineSeconds', DEPLOYMENT_PROGRESS_DEADLINE],
  ['deployment.minReadySeconds', DEPLOYMENT_MIN_READY],
  ['statefulset.replicas', STATEFULSET_REPLICAS],
  ['statefulset.rollingUpdate.partition', STATEFULSET_PARTITION],
  ['statefulset.rollingUpdate.maxUnavailable', STATEFULSET_MAX_UNAVAILABLE],
  ['statefulset.revisionHistoryLimit', STATEFULSET_REVISION_HISTORY_LIMIT],
  ['statefulset.minReadySeconds', STATEFULSET_MIN_READY],
  ['daemonset.rollingUpdate.maxUnavailable', DAEMONSET_MAX_UNAVAILABLE],
  ['daemonset.rollingUpdate.maxSurge', DAEMONSET_MAX_SURGE],
  ['daemonset.revisionHistoryLimit', DAEMONSET_REVISION_HISTORY_LIMIT],
  ['job.backoffLimit', JOB_BACKOFF_LIMIT],
  ['job.podFailureBackoff.initial', JOB_POD_FAILURE_BACKOFF_INITIAL],
  ['job.podFailureBackoff.max', JOB_POD_FAILURE_BACKOFF_MAX],
  ['cronjob.successfulJobsHistoryLimit', CRONJOB_SUCCESSFUL_JOBS_HISTORY_LIMIT],
  ['cronjob.failedJobsHistoryLimit', CRONJOB_FAILED_JOBS_HISTORY_LIMIT],
  ['cronjob.missedSchedulesWarningThreshold', CRONJOB_MISSED_SCHEDULES_WARNING_THRESHOLD],
  ['scheduler.percentageOfNodesToScore', SCHEDULER_PERCENTAGE_OF_NODES_TO_SCORE],
  ['scheduler.minFeasibleNodesToFind', SCHEDULER_MIN_FEASIBLE_NODES_TO_FIND],
  ['scheduler.minFeasibleNodesPercentageToFind', SCHEDULER_MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND],
  ['scheduler.podInitialBackoffSeconds', SCHEDULER_POD_INITIAL_BACKOFF],
  ['scheduler.podMaxBackoffSeconds', SCHEDULER_POD_MAX_BACKOFF],
  ['scheduler.parallelism', SCHEDULER_PARALLELISM],
  ['hpa.syncPeriod', HPA_SYNC_PERIOD],
  ['hpa.tolerance', HPA_TOLERANCE],
  ['hpa.downscaleStabilizationWindow', HPA_DOWNSCALE_STABILIZATION_WINDOW],
  ['hpa.scaleUp.stabilizationWindowSeconds', HPA_SCALE_UP_STABILIZATION_WINDOW],
  ['hpa.minReplicas', HPA_MIN_REPLICAS],
  ['hpa.cpuInitializationPeriod', HPA_CPU_INITIALIZATION_PERIOD],
  ['hpa.initialReadinessDelay', HPA_INITIAL_READINESS_DELAY],
]);

/** {initial, max} back-off pair in the defaults.json form ({initial_s, max_s}). */
function backoffPairInSeconds(pair: { readonly initial: Time; readonly max: Time }): { initial_s: number; max_s: number } {
  return { initial_s: pair.initial / SECOND, max_s: pair.max / SECOND };
}

/**
 * Every non-numeric default (enums, flags, percentages, structured values, and `null` for
 * "unset") by its defaults.json id, in the JSON form defaults.json writes it.
 */
export const DEFAULT_SETTINGS_BY_ID: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['probe.terminationGracePeriodSeconds', PROBE_TERMINATION_GRACE_PERIOD],
  ['pod.restartPolicy', POD_RESTART_POLICY],
  ['toleration.operator', TOLERATION_OPERATOR],
  ['toleration.tolerationSeconds', TOLERATION_SECONDS],
  ['kubelet.crashLoopBackOff.reducedDecay', backoffPairInSeconds(CRASHLOOP_BACKOFF_REDUCED_DECAY)],
  ['leaderElection.leaderElect', LEADER_ELECTION_LEADER_ELECT],
  ['leaderElection.resourceLock', LEADER_ELECTION_RESOURCE_LOCK],
  ['deployment.strategy.type', DEPLOYMENT_STRATEGY_TYPE],
  ['deployment.rollingUpdate.maxUnavailable', DEPLOYMENT_MAX_UNAVAILABLE],
  ['deployment.rollingUpdate.maxSurge', DEPLOYMENT_MAX_SURGE],
  ['statefulset.podManagementPolicy', STATEFULSET_POD_MANAGEMENT_POLICY],
  ['statefulset.updateStrategy.type', STATEFULSET_UPDATE_STRATEGY_TYPE],
  ['daemonset.updateStrategy.type', DAEMONSET_UPDATE_STRATEGY_TYPE],
  ['job.completions/parallelism', JOB_COMPLETIONS_PARALLELISM],
  ['job.completionMode', JOB_COMPLETION_MODE],
  ['job.suspend', JOB_SUSPEND],
  ['job.apiBackoff', backoffPairInSeconds(JOB_API_BACKOFF)],
  ['cronjob.concurrencyPolicy', CRONJOB_CONCURRENCY_POLICY],
  ['cronjob.suspend', CRONJOB_SUSPEND],
  ['cronjob.startingDeadlineSeconds', CRONJOB_STARTING_DEADLINE],
  ['scheduler.scoreWeights', SCHEDULER_SCORE_WEIGHTS],
  ['scheduler.nodeResourcesFit.scoringStrategy', SCHEDULER_NODE_RESOURCES_FIT_SCORING_STRATEGY],
  ['hpa.scaleUp.policies', HPA_SCALE_UP_POLICIES],
  ['hpa.scaleDown.policies', HPA_SCALE_DOWN_POLICIES],
  ['hpa.selectPolicy', HPA_SELECT_POLICY],
]);
