import "reflect-metadata";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import { parse, parseAllDocuments } from "yaml";
import { shippedNodeArgs } from "../bench/contenders";
import { configSchemaOf, projectRoot } from "../src/config";
import { features } from "../src/features";
import { createJobMetrics } from "../src/modules/jobs/job.metrics";
import { createMetrics } from "../src/infra/metrics";

// No Docker engine or kubectl here: these tests parse the deployment files and check what matters.

const read = (file: string): string => readFileSync(path.join(projectRoot, file), "utf8");
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are checked field by field below.
type Doc = any;
const yamlFile = (file: string): Doc => parse(read(file), { merge: true });
const k8sDocs = (): Doc[] =>
  readdirSync(path.join(projectRoot, "deploy/k8s"))
    .filter((file) => file.endsWith(".yaml"))
    .flatMap((file) => parseAllDocuments(read(`deploy/k8s/${file}`)).map((doc) => doc.toJS()));
const k8s = (kind: string, name: string): Doc => {
  const found = k8sDocs().find((doc) => doc.kind === kind && doc.metadata.name === name);
  assert.ok(found, `no ${kind} ${name} in deploy/k8s`);
  return found;
};
// The core's variables and every feature's section.
const configVariables = new Set(Object.keys(configSchemaOf(features).shape));

/** Every metric family the API and the worker define, read from the real registries. */
async function definedMetricNames(): Promise<Set<string>> {
  const registry = new Registry();
  createJobMetrics(registry, []);
  const families = [...(await createMetrics(features).registry.getMetricsAsJSON()), ...(await registry.getMetricsAsJSON())];
  return new Set(families.flatMap(({ name, type }) => (String(type) === "histogram" ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name])));
}

/** The DATA_DIR the image sets (the .eml fallback writes under it). */
function dockerDataDir(): string {
  const [, dataDir] = /\bDATA_DIR=(\S+)/.exec(read("Dockerfile").replace(/\\\n/g, " ")) ?? [];
  assert.ok(dataDir, "the Dockerfile sets DATA_DIR");
  return dataDir;
}

/** Dockerfile instructions, continuation lines joined, grouped by stage. */
function dockerStages(text: string): Array<{ from: string; name?: string; instructions: Array<[string, string]> }> {
  const stages: ReturnType<typeof dockerStages> = [];
  const lines = text.replace(/\\\n/g, " ").split("\n").filter((line) => line.trim() && !line.trim().startsWith("#"));
  for (const line of lines) {
    const [, keyword, rest] = /^\s*(\w+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(rest) ?? [];
      stages.push({ from, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push([keyword.toUpperCase(), rest.trim()]);
    }
  }
  return stages;
}

describe("Dockerfile", () => {
  const stages = dockerStages(read("Dockerfile"));
  const runtime = stages.at(-1)!;
  const last = (keyword: string) => runtime.instructions.filter(([k]) => k === keyword).at(-1)?.[1] ?? "";

  it("builds in one stage and runs the compiled code from another", () => {
    assert.ok(stages.length >= 2);
    assert.equal(new Set(stages.map((stage) => stage.name)).size, stages.length, "every stage is named");
    const copiedFrom = runtime.instructions.filter(([k, rest]) => k === "COPY" && rest.includes("--from=")).map(([, rest]) => rest);
    assert.ok(copiedFrom.some((rest) => rest.includes("dist/src")), "the runtime copies the build's dist/src");
    assert.ok(!runtime.instructions.some(([k, rest]) => k === "RUN" && /npm (ci|install)/.test(rest)), "no dev install in the runtime");
  });

  it("runs as a user other than root, with a health check on /healthz", () => {
    assert.ok(last("USER") && !["root", "0"].includes(last("USER")));
    assert.match(last("HEALTHCHECK"), /\/healthz/);
    assert.deepEqual(JSON.parse(last("CMD")), ["node", "dist/src/main.js"]);
    assert.equal(last("EXPOSE"), "4000");
  });

  it("gives node the flags npm start gives it", () => {
    assert.match(last("ENV"), new RegExp(`NODE_OPTIONS="${shippedNodeArgs().join(" ")}"`));
  });

  it("makes DATA_DIR a folder the runtime user owns", () => {
    const dataDir = dockerDataDir();
    const user = last("USER");
    const made = runtime.instructions.some(([k, rest]) => k === "RUN" && new RegExp(`install -d -o ${user} -g ${user} ${dataDir}(\\s|$)`).test(rest));
    assert.ok(made, `no RUN install -d -o ${user} -g ${user} ${dataDir} in the runtime stage`);
  });
});

describe("docker-compose.yml", () => {
  const compose = yamlFile("docker-compose.yml");
  const services: Record<string, Doc> = compose.services;
  const apis = ["api-1", "api-2"];
  const workers = ["worker-1", "worker-2"];
  // Without the `exec` that makes npm's shell hand its process to node.
  const workerScript = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts.worker.replace(/^exec /, "");

  it("has a PostgreSQL primary and a streaming replica, Redis, two APIs, two workers, Prometheus and Grafana", () => {
    for (const name of ["postgres-primary", "postgres-replica", "redis", ...apis, ...workers, "prometheus", "grafana"]) {
      assert.ok(services[name], `service ${name}`);
    }
    const replicaScript = read("deploy/postgres/replica-entrypoint.sh");
    assert.match(replicaScript, /pg_basebackup/);
    assert.match(replicaScript, /--write-recovery-conf/);
    assert.ok(services["postgres-primary"].command.includes("wal_level=replica"));
  });

  it("runs the APIs and the workers from one image, the workers as `npm run worker` does", () => {
    const images = new Set([...apis, ...workers].map((name) => services[name].image));
    assert.deepEqual([...images], ["skein:latest"]);
    for (const name of workers) assert.equal(services[name].command.join(" "), workerScript);
    for (const name of apis) assert.deepEqual(services[name].command.slice(0, 2), ["node", "dist/src/main.js"]);
  });

  it("sets only variables the config knows, and points the APIs at the primary, the replica and Redis", () => {
    for (const name of [...apis, ...workers]) {
      const environment: Record<string, string> = services[name].environment;
      for (const variable of Object.keys(environment)) assert.ok(configVariables.has(variable), `${name}: ${variable}`);
      assert.match(environment.DATABASE_URL, /@postgres-primary:/);
      assert.match(environment.DATABASE_REPLICA_URLS, /@postgres-replica:/);
      assert.match(environment.REDIS_URL, /\/\/redis:/);
    }
  });

  it("sends every API's and worker's mail to a Mailpit whose web page is published", () => {
    const [, host, port] = /^smtp:\/\/([^:/]+):(\d+)$/.exec(services["api-1"].environment.SMTP_URL) ?? [];
    assert.equal(services[host]?.image.split(":")[0], "axllent/mailpit");
    assert.equal(port, "1025", "Mailpit's SMTP port");
    for (const name of [...apis, ...workers]) assert.equal(services[name].environment.SMTP_URL, `smtp://${host}:${port}`, name);
    assert.ok(services[host].ports.some((mapping: string) => String(mapping).endsWith(":8025")), "Mailpit's web page");
  });

  it("sends every API's and worker's traces to the Jaeger service over OTLP/HTTP, and Grafana reads them there", () => {
    assert.equal(services.jaeger.environment.COLLECTOR_OTLP_ENABLED, "true");
    for (const name of [...apis, ...workers]) assert.equal(services[name].environment.OTEL_EXPORTER_OTLP_ENDPOINT, "http://jaeger:4318", name);
    const [source] = yamlFile("deploy/grafana/provisioning/datasources/jaeger.yml").datasources;
    assert.deepEqual([source.type, source.url], ["jaeger", "http://jaeger:16686"]);
  });

  it("keeps the exemplars on request latency in Prometheus, and Grafana opens each one's trace in Jaeger", () => {
    assert.ok(services.prometheus.command.includes("--enable-feature=exemplar-storage"));
    assert.ok(services.prometheus.command.includes("--config.file=/etc/prometheus/prometheus.yml"), "the mounted scrape config");
    const [jaeger] = yamlFile("deploy/grafana/provisioning/datasources/jaeger.yml").datasources;
    const [prometheus] = yamlFile("deploy/grafana/provisioning/datasources/prometheus.yml").datasources;
    assert.deepEqual(prometheus.jsonData.exemplarTraceIdDestinations, [{ name: "trace_id", datasourceUid: jaeger.uid }]);
  });

  it("has Prometheus scrape every API and worker at the port it serves /metrics on", () => {
    const prometheus = yamlFile("deploy/prometheus/prometheus.yml");
    const targets: string[] = prometheus.scrape_configs.flatMap((job: Doc) => job.static_configs.flatMap((c: Doc) => c.targets));
    for (const name of [...apis, ...workers]) assert.ok(targets.includes(`${name}:${services[name].environment.METRICS_PORT}`), name);
  });

  it("serves /metrics on a port of its own that no service publishes", () => {
    for (const name of [...apis, ...workers]) {
      const metricsPort = services[name].environment.METRICS_PORT;
      assert.ok(metricsPort, `${name} sets METRICS_PORT`);
      const published: string[] = (services[name].ports ?? []).map((mapping: string) => String(mapping).split(":").at(-1));
      assert.ok(!published.includes(metricsPort), `${name} publishes ${metricsPort}`);
      assert.equal(services[name].environment.METRICS_TOKEN, undefined, `${name}: no token needed on a private port`);
    }
  });
});

describe("the Grafana dashboard", () => {
  const dashboard = JSON.parse(read("deploy/grafana/dashboards/skein.json"));
  const expressions: string[] = dashboard.panels.flatMap((panel: Doc) => (panel.targets ?? []).map((target: Doc) => target.expr));
  const queried = new Set(expressions.flatMap((expr) => expr.match(/\b(?:skein|nodejs|process)_[a-z0-9_]+\b/g) ?? []));

  it("queries only metrics that src/infra defines", async () => {
    const defined = await definedMetricNames();
    assert.deepEqual([...queried].filter((name) => !defined.has(name)), []);
  });

  it("covers every family of the API and the worker", async () => {
    const families = [...(await definedMetricNames())].filter((name) => name.startsWith("skein_") && !/_(sum|count)$/.test(name));
    const shown = [...queried].map((name) => name.replace(/_bucket$/, ""));
    assert.deepEqual(families.map((name) => name.replace(/_bucket$/, "")).filter((name) => !shown.includes(name)), []);
    assert.ok(queried.has("nodejs_eventloop_lag_p99_seconds"));
  });

  it("is provisioned from the folder Compose mounts, on the provisioned data source", () => {
    const provider = yamlFile("deploy/grafana/provisioning/dashboards/skein.yml").providers[0];
    const mounts: string[] = yamlFile("docker-compose.yml").services.grafana.volumes;
    assert.ok(mounts.includes(`./deploy/grafana/dashboards:${provider.options.path}:ro`));
    const uid = yamlFile("deploy/grafana/provisioning/datasources/prometheus.yml").datasources[0].uid;
    for (const panel of dashboard.panels.filter((p: Doc) => p.type !== "row")) assert.equal(panel.datasource.uid, uid, panel.title);
  });
});

describe("Kubernetes manifests", () => {
  const api = k8s("Deployment", "skein-api");
  const worker = k8s("Deployment", "skein-worker");
  const [apiContainer] = api.spec.template.spec.containers;
  const [workerContainer] = worker.spec.template.spec.containers;
  const config = k8s("ConfigMap", "skein-config").data;

  it("probes readiness on /readyz and liveness on /healthz, on the API's port", () => {
    assert.equal(apiContainer.readinessProbe.httpGet.path, "/readyz");
    assert.equal(apiContainer.livenessProbe.httpGet.path, "/healthz");
    const http = apiContainer.ports.find((port: Doc) => port.name === apiContainer.readinessProbe.httpGet.port);
    assert.equal(String(http.containerPort), config.PORT);
  });

  it("sleeps in preStop and gives the pod time to drain after it", () => {
    const [command, seconds] = apiContainer.lifecycle.preStop.exec.command;
    assert.equal(command, "sleep");
    const neededMs = Number(seconds) * 1_000 + Number(config.SHUTDOWN_DELAY_MS) + Number(config.SHUTDOWN_TIMEOUT_MS);
    assert.ok(api.spec.template.spec.terminationGracePeriodSeconds * 1_000 > neededMs, `grace period under ${neededMs} ms`);
  });

  it("runs the API and the worker from one image, not as root, with settings the config knows", () => {
    assert.equal(workerContainer.image, apiContainer.image);
    assert.deepEqual(workerContainer.command, ["node", "dist/src/worker.js"]);
    for (const deployment of [api, worker]) assert.equal(deployment.spec.template.spec.securityContext.runAsNonRoot, true);
    for (const variable of Object.keys(config)) assert.ok(configVariables.has(variable), variable);
  });

  it("mounts an emptyDir at DATA_DIR and /tmp in every container with a read-only root filesystem", () => {
    assert.equal(config.DATA_DIR, dockerDataDir(), "the ConfigMap's DATA_DIR is the image's");
    for (const deployment of [api, worker]) {
      const volumes = new Map<string, Doc>(deployment.spec.template.spec.volumes.map((volume: Doc) => [volume.name, volume]));
      for (const container of deployment.spec.template.spec.containers) {
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        for (const folder of [config.DATA_DIR, "/tmp"]) {
          const mount = (container.volumeMounts ?? []).find((m: Doc) => m.mountPath === folder);
          assert.ok(mount && volumes.get(mount.name)?.emptyDir, `${deployment.metadata.name}/${container.name}: no emptyDir at ${folder}`);
        }
      }
    }
  });

  it("exposes the API pods through a Service that selects them", () => {
    const service = k8s("Service", "skein-api");
    const labels = api.spec.template.metadata.labels;
    for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(labels[key], value);
  });

  it("serves /metrics on METRICS_PORT, scraped from the pods and not exposed by the Service", () => {
    const metricsPort = apiContainer.ports.find((port: Doc) => port.name === "metrics");
    assert.equal(String(metricsPort.containerPort), config.METRICS_PORT);
    assert.notEqual(config.METRICS_PORT, config.PORT);
    assert.equal(api.spec.template.metadata.annotations["prometheus.io/port"], config.METRICS_PORT);
    const exposed = k8s("Service", "skein-api").spec.ports.map((port: Doc) => String(port.targetPort));
    assert.ok(!exposed.includes("metrics") && !exposed.includes(config.METRICS_PORT), `the Service exposes ${exposed}`);
  });

  it("scales the workers on queue depth, from a metric the worker defines", async () => {
    const scaler = k8s("ScaledObject", "skein-worker");
    assert.equal(scaler.spec.scaleTargetRef.name, worker.metadata.name);
    const [trigger] = scaler.spec.triggers;
    assert.equal(trigger.type, "prometheus");
    assert.match(trigger.metadata.query, /skein_jobs\{state="waiting"\}/);
    assert.ok((await definedMetricNames()).has("skein_jobs"));
    assert.equal(worker.spec.template.metadata.annotations["prometheus.io/port"], String(workerContainer.ports[0].containerPort));
  });
});
