// One deployment of the probe in one region: the function and its schedule, secrets, alarms, the alarm
// topic and the dashboard, all sized by the same validated configuration the CLI reads.
import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import { configOfRegion } from '../functions/plan/journey-region';
import { AlarmTopic, topicPublishers } from './alarm-topic';
import { ProbeAlarms } from './alarms';
import { ChatChannels } from './chat';
import { dashboardName, ProbeDashboard } from './dashboard';
import { Notifier } from './notifier';
import { ProbeFunction } from './probe-function';
import { ProbeQuorum } from './quorum';
import { isDeploymentHome } from '../functions/plan/quorum';
import { browserPageParts } from '../functions/plan/browser-part';
import { signInEventSource, SignInStream } from './sign-in-stream';
import { StatusPage } from './status-page';
import { ProbeMetricStream } from './metric-stream';

interface OktaSyntheticsStackProps extends StackProps {
  /** The configuration, validated in deploy mode (loadConfigFile(path, 'deploy')). */
  readonly config: LoadedConfig;
  /**
   * Memory of the probe function, MB.
   * @default the config's memoryMb, else the size functions/plan/probe-memory.ts picks for the region's config
   */
  readonly memorySize?: number;
  /**
   * Timeout of one probe run; below the schedule period.
   * @default Duration.seconds(50)
   */
  readonly timeout?: Duration;
}

export class OktaSyntheticsStack extends Stack {
  readonly probe: ProbeFunction;
  readonly alarms: ProbeAlarms;
  readonly topic: AlarmTopic;
  readonly dashboard: ProbeDashboard;
  readonly notifier: Notifier;
  readonly chat: ChatChannels;
  /** The multi-region quorum's table and rights; none without a quorum. */
  readonly quorum?: ProbeQuorum;
  /** Okta's Log Streaming of sign-ins: bus, rule, queue, aggregator, tallies (userSignIns.eventSource only). */
  readonly signInStream?: SignInStream;
  /** This org's own status page for the help desk (statusPage), in the home region only: one URL for every region. */
  readonly statusPage?: StatusPage;
  /** The namespace's metrics streamed to metricStream's destination; none without one. */
  readonly metricStream?: ProbeMetricStream;

  constructor(scope: Construct, id: string, props: OktaSyntheticsStackProps) {
    super(scope, id, {
      description: `okta-synthetics: synthetic monitoring of ${props.config.probe.orgUrl}`,
      ...props,
    });
    // The probe gets every journey and skips, saying why, those another region runs; this region's alarms,
    // routes and dashboard watch only what it runs (functions/plan/journey-region.ts).
    const config = configOfRegion(props.config, props.env?.region);
    Tags.of(this).add('okta-synthetics', config.deploy.prefix);
    this.probe = new ProbeFunction(this, 'Probe', probeProps(props));
    this.signInStream = this.streamOfSignIns(config, props.env?.region);
    this.statusPage = this.helpDeskPage(props.config, props.env?.region);
    this.topic = new AlarmTopic(this, 'AlarmTopic', {
      prefix: config.deploy.prefix,
      publishers: topicPublishers(config, props.env?.region),
      emails: config.deploy.alarmEmails,
      endpoints: config.deploy.alarmEndpoints,
    });
    this.notifier = new Notifier(this, 'Notifier', {
      config,
      probeLogGroup: this.probe.logGroup,
      messageTopics: this.topic.messageTopics,
      dashboardName: dashboardName(config.deploy.prefix),
      ...(props.env?.region !== undefined ? { region: props.env.region } : {}),
    });
    this.chat = new ChatChannels(this, 'Chat', {
      prefix: config.deploy.prefix,
      chat: config.deploy.chat,
      messageTopics: this.topic.messageTopics,
    });
    this.alarms = new ProbeAlarms(this, 'Alarms', {
      config,
      topics: this.topic.topics,
      messageTopics: this.topic.messageTopics,
      function: this.probe.function,
      deadLetterQueue: this.probe.deadLetterQueue,
      notifier: { function: this.notifier.function, deadLetterQueue: this.notifier.deadLetterQueue },
      ...(props.env?.region !== undefined ? { region: props.env.region } : {}),
    });
    if (config.deploy.quorum !== null) {
      this.quorum = new ProbeQuorum(this, 'Quorum', {
        config,
        settings: config.deploy.quorum,
        region: props.env?.region,
        function: this.probe.function,
      });
    }
    this.dashboard = new ProbeDashboard(this, 'Dashboard', {
      config,
      alarmNames: this.alarms.namesByImportance,
      function: this.probe.function,
      logGroup: this.probe.logGroup,
      deadLetterQueue: this.probe.deadLetterQueue,
    });
    this.metricStream = this.streamOfMetrics(config, this.alarms.namesByImportance);
    // The dashboard names the servers' alarms by ARN: created after them, it never shows a missing alarm.
    for (const nested of this.alarms.serverStacks.values()) this.dashboard.node.addDependency(nested);
  }

  /**
   * This org's own status page for the help desk, with statusPage: in the home region only, one URL for all. Its
   * probe reads every region's browser part (`config` is the whole one): another region's function is granted its
   * own by makeStacks, which holds every region's stack.
   */
  private helpDeskPage(config: LoadedConfig, region: string | undefined): StatusPage | undefined {
    const settings = config.deploy.statusPage;
    if (settings === null || !isDeploymentHome(config, region)) return undefined;
    return new StatusPage(this, 'StatusPage', {
      prefix: config.deploy.prefix,
      settings,
      publisher: this.probe.function,
      ...(this.probe.browser !== undefined && { browser: this.probe.browser.function }),
      browserParts: browserPageParts(config).map((part) => part.key),
    });
  }

  /** metricStream's stream: each region's stack streams its own metrics (a stream and its secret are regional). */
  private streamOfMetrics(config: LoadedConfig, alarmNames: readonly string[]): ProbeMetricStream | undefined {
    const { metricStream, prefix, namespace } = config.deploy;
    if (metricStream === null) return undefined;
    return new ProbeMetricStream(this, 'MetricStream', { prefix, namespace, settings: metricStream, alarmNames });
  }

  /**
   * Okta's Log Streaming, with userSignIns.eventSource: a partner event source lives in one region, the home's (the
   * first of `regions` without the quorum); a second region's bus for it would fail that region's deploy.
   */
  private streamOfSignIns(config: LoadedConfig, region: string | undefined): SignInStream | undefined {
    if (signInEventSource(config) === undefined) return undefined;
    return isDeploymentHome(config, region)
      ? new SignInStream(this, 'SignInStream', {
          config,
          probe: this.probe.function,
          ...(this.probe.provisioning !== undefined && { provisioningKey: this.probe.provisioning.key }),
        })
      : undefined;
  }
}

/** The probe's own settings: the whole config (it skips what another region runs), memory and timeout when set. */
function probeProps(props: OktaSyntheticsStackProps): ConstructorParameters<typeof ProbeFunction>[2] {
  return {
    config: props.config,
    ...(props.memorySize !== undefined ? { memorySize: props.memorySize } : {}),
    ...(props.timeout !== undefined ? { timeout: props.timeout } : {}),
  };
}
