package health.haven.gitops.render;

import static health.haven.gitops.render.Tree.list;
import static health.haven.gitops.render.Tree.map;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.Placement;
import health.haven.provisioning.request.RequestApproved;

/**
 * Renders an Odoo environment (catalog template {@code odoo}) as a Kustomize folder, plus
 * the objects of its cluster's GitOps controller that apply it: an Argo CD Application
 * and the team's AppProject, or a Flux Kustomization and the cluster's GitRepository.
 */
@Component
public class OdooManifestRenderer implements ManifestRenderer {

	@Override
	public String templateId() {
		return "odoo";
	}

	@Override
	public RenderedEnvironment render(RequestApproved request, Destination destination) {
		OdooEnvironment env = new OdooEnvironment(request, OdooSettings.of(request.templateSettings()), destination);
		Map<String, ObjectNode> resources = new LinkedHashMap<>();
		resources.put("namespace.yaml", OdooGuardrails.namespace(env));
		resources.put("resource-quota.yaml", OdooGuardrails.resourceQuota(env));
		resources.put("limit-range.yaml", OdooGuardrails.limitRange(env));
		resources.put("network-policy-default-deny.yaml", OdooNetworkPolicies.defaultDeny(env));
		resources.put("network-policy-dns.yaml", OdooNetworkPolicies.dns(env));
		resources.put("network-policy-odoo.yaml", OdooNetworkPolicies.odoo(env));
		resources.put("network-policy-database.yaml", OdooNetworkPolicies.database(env));
		resources.put("odoo-config.yaml", OdooSecrets.odooConfig(env));
		resources.put("database-credentials.yaml", OdooSecrets.databaseCredentials(env));
		resources.put("database.yaml", OdooDatabase.cluster(env));
		if (env.backups()) {
			resources.put("backup-credentials.yaml", OdooSecrets.backupCredentials(env));
			resources.put("backup-object-store.yaml", OdooDatabase.objectStore(env));
			resources.put("backup-schedule.yaml", OdooDatabase.scheduledBackup(env));
		}
		resources.put("filestore.yaml", OdooWorkload.filestore(env));
		resources.put("deployment.yaml", OdooWorkload.deployment(env));
		resources.put("service.yaml", OdooWorkload.service(env));
		if (env.replicas() > 1) {
			resources.put("pod-disruption-budget.yaml", OdooWorkload.disruptionBudget(env));
		}
		if (env.autoscaled()) {
			resources.put("autoscaler.yaml", OdooWorkload.autoscaler(env));
		}
		if (env.redis()) {
			resources.put("redis-credentials.yaml", OdooSecrets.redisCredentials(env));
			resources.put("redis.yaml", OdooRedis.primary(env));
			if (env.redisInstances() > 1) {
				resources.put("redis-replicas.yaml", OdooRedis.replicas(env));
			}
			resources.put("redis-service.yaml", OdooRedis.service(env));
			resources.put("redis-headless-service.yaml", OdooRedis.headlessService(env));
			resources.put("network-policy-redis.yaml", OdooRedis.networkPolicy(env));
		}
		resources.put("certificate.yaml", OdooIngress.certificate(env));
		resources.put("middleware-admin-allow-list.yaml", OdooIngress.adminAllowList(env));
		resources.put("middleware-security-headers.yaml", OdooIngress.securityHeaders(env));
		resources.put("middleware-rate-limit.yaml", OdooIngress.rateLimit(env));
		resources.put("middleware-login-rate-limit.yaml", OdooIngress.loginRateLimit(env));
		resources.put("ingress-route.yaml", OdooIngress.ingressRoute(env));

		Map<String, ObjectNode> files = new LinkedHashMap<>();
		resources.forEach((file, tree) -> files.put(env.folder() + "/" + file, tree));
		files.put(env.folder() + "/kustomization.yaml", kustomization(resources));
		GitOpsController controller = env.controller();
		boolean flux = controller == GitOpsController.FLUX;
		files.put(ControllerPaths.of(env), flux ? Flux.kustomization(env) : ArgoCd.application(env));
		// what the environment shares with others: Flux's source, Argo CD's team project
		String shared = flux ? Flux.sourcePath(env) : ArgoCd.projectPath(env);
		files.put(shared, flux ? Flux.source(env) : ArgoCd.project(env));
		return new RenderedEnvironment(env.folder(), files,
				new Placement(env.cluster(), controller, env.controllerNamespace(), env.namespace()), Set.of(shared),
				Set.of(ControllerPaths.retired(env)));
	}

	private static ObjectNode kustomization(Map<String, ObjectNode> resources) {
		return map("apiVersion", "kustomize.config.k8s.io/v1beta1", "kind", "Kustomization", "resources",
				list(resources.keySet().toArray()));
	}

}
