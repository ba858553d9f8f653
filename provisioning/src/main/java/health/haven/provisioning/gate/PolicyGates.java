package health.haven.provisioning.gate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The policy gates of PRODUCT.md, run at submission and again just before the commit:
 * <ul>
 * <li>{@code image-provenance}: every image from an approved registry; pinned by digest
 * in the classes that demand it (staging and prod);</li>
 * <li>{@code configuration}: the parameters valid against the item's schema and the names
 * DNS-1123 (checked before the gates run), and the team's quota of environments, CPU,
 * memory and storage;</li>
 * <li>{@code secrets-boundary}: no value that looks like a secret (a private key, a
 * token, a password-like field), no plain Secret in the manifests, and every secret
 * reference into the store of the request's own environment class;</li>
 * <li>{@code production-baseline}: at least two Odoo replicas, backups on, TLS, the admin
 * paths behind the allow-list, {@code list_db = False}, requests and limits on every
 * container. Failing in prod; a warning elsewhere.</li>
 * </ul>
 */
@Service
@EnableConfigurationProperties(GateProperties.class)
public class PolicyGates {

	public static final String IMAGE_PROVENANCE = "image-provenance";

	public static final String CONFIGURATION = "configuration";

	public static final String SECRETS_BOUNDARY = "secrets-boundary";

	public static final String PRODUCTION_BASELINE = "production-baseline";

	static final String PRODUCTION = "prod";

	private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");

	private static final Pattern SECRET_NAME = Pattern
		.compile("(?i).*(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential).*");

	private static final Map<String, Pattern> SECRET_VALUES = Map.of("a private key",
			Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"), "an AWS access key",
			Pattern.compile("\\bA(KIA|SIA)[0-9A-Z]{16}\\b"), "a GitHub token",
			Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b"), "a Slack token",
			Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"), "a JSON web token",
			Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), "a password",
			Pattern.compile("(?i)\\b(password|passwd|pwd|secret|api[-_]?key|token)\\s*[:=]\\s*\\S{4,}"));

	private final GateProperties properties;

	private final Clock clock;

	public PolicyGates(GateProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	public GateReport check(GateSubject subject) {
		if (subject.removal()) {
			String nothing = "A decommission deploys nothing";
			return new GateReport(
					List.of(GateResult.pass(IMAGE_PROVENANCE, nothing),
							GateResult.pass(CONFIGURATION, "The environment leaves the team's quota"),
							GateResult.pass(SECRETS_BOUNDARY, nothing), GateResult.pass(PRODUCTION_BASELINE, nothing)),
					this.clock.instant());
		}
		List<JsonNode> objects = (subject.manifests() != null) ? subject.manifests().objects() : null;
		List<GateResult> results = new ArrayList<>();
		results.add(imageProvenance(subject, objects));
		results.add(configuration(subject, objects));
		results.add(secretsBoundary(subject, objects));
		results.add(productionBaseline(subject, objects));
		return new GateReport(results, this.clock.instant());
	}

	/**
	 * What the rendered manifests take from the team's quota.
	 */
	public static Footprint footprint(Manifests manifests) {
		return footprintOf(manifests.objects());
	}

	private GateResult imageProvenance(GateSubject subject, List<JsonNode> objects) {
		if (objects == null) {
			return notRendered(IMAGE_PROVENANCE);
		}
		Set<String> images = new LinkedHashSet<>();
		for (JsonNode object : objects) {
			podSpec(object).ifPresent((pod) -> {
				pod.path("containers").forEach((container) -> images.add(container.path("image").asString("")));
				pod.path("initContainers").forEach((container) -> images.add(container.path("image").asString("")));
			});
			if (isKind(object, "Cluster") && object.path("spec").has("imageName")) {
				images.add(object.path("spec").path("imageName").asString(""));
			}
		}
		List<String> problems = new ArrayList<>();
		List<String> unpinned = new ArrayList<>();
		for (String image : images) {
			if (this.properties.registries().stream().noneMatch((registry) -> image.startsWith(registry + "/"))) {
				problems.add(image + " is not from an approved registry ("
						+ String.join(", ", this.properties.registries()) + ")");
			}
			if (!DIGEST.matcher(image).matches()) {
				unpinned.add(image);
			}
		}
		boolean pinnedClass = this.properties.pinnedClasses().contains(subject.environmentClass());
		if (pinnedClass) {
			unpinned.forEach((image) -> problems
				.add(image + " is not pinned by digest, as " + subject.environmentClass() + " requires"));
		}
		if (!problems.isEmpty()) {
			return GateResult.fail(IMAGE_PROVENANCE, String.join("; ", problems));
		}
		if (!unpinned.isEmpty()) {
			return GateResult.warn(IMAGE_PROVENANCE, "Not pinned by digest (allowed in " + subject.environmentClass()
					+ "): " + String.join(", ", unpinned));
		}
		return GateResult.pass(IMAGE_PROVENANCE,
				images.size() + " image(s), all from an approved registry and pinned by digest");
	}

	private GateResult configuration(GateSubject subject, List<JsonNode> objects) {
		GateProperties.Quota quota = this.properties.quotaOf(subject.team());
		Footprint own = (objects != null) ? footprintOf(objects) : Footprint.NONE;
		Footprint total = subject.others().footprint().plus(own);
		int environments = subject.others().environments() + 1;
		List<String> over = new ArrayList<>();
		List<String> near = new ArrayList<>();
		measure("environments", environments, quota.environments(), "", over, near);
		measure("CPU cores", total.cpuMillis() / 1000.0, quota.cpu(), "", over, near);
		measure("memory", total.memoryMi() / 1024.0, quota.memoryGi(), " GiB", over, near);
		measure("storage", total.storageGi(), quota.storageGi(), " GiB", over, near);
		String usage = String.format(Locale.ROOT,
				"team %s with this environment: %d of %d environments, %.1f of %s CPU cores, %.1f of %d GiB memory, "
						+ "%d of %d GiB storage",
				subject.team(), environments, quota.environments(), total.cpuMillis() / 1000.0, number(quota.cpu()),
				total.memoryMi() / 1024.0, quota.memoryGi(), total.storageGi(), quota.storageGi());
		if (!over.isEmpty()) {
			return GateResult.fail(CONFIGURATION,
					"Over the team's quota: " + String.join(", ", over) + " (" + usage + ")");
		}
		String valid = "Parameters valid against the schema of " + subject.catalogItem() + ", names DNS-1123; ";
		if (objects == null) {
			usage += " (CPU, memory and storage counted before the commit)";
		}
		if (!near.isEmpty()) {
			return GateResult.warn(CONFIGURATION,
					valid + "near the quota: " + String.join(", ", near) + " (" + usage + ")");
		}
		return GateResult.pass(CONFIGURATION, valid + usage);
	}

	private static void measure(String what, double used, double quota, String unit, List<String> over,
			List<String> near) {
		if (used > quota) {
			over.add(String.format(Locale.ROOT, "%s %s%s of %s%s", what, number(used), unit, number(quota), unit));
		}
		else if (used > quota * 0.8) {
			near.add(String.format(Locale.ROOT, "%s %s%s of %s%s", what, number(used), unit, number(quota), unit));
		}
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static GateResult secretsBoundary(GateSubject subject, List<JsonNode> objects) {
		List<String> problems = new ArrayList<>();
		scan("parameters", subject.parameters(), problems);
		String store = storeOf(subject);
		int references = 0;
		if (objects != null) {
			for (JsonNode object : objects) {
				if (isKind(object, "Secret") && (object.has("data") || object.has("stringData"))) {
					problems.add("Secret " + object.at("/metadata/name").asString("") + " holds plain values; secrets "
							+ "are ExternalSecret references only");
				}
				if (isKind(object, "ExternalSecret")) {
					references++;
					String used = object.at("/spec/secretStoreRef/name").asString("");
					if (store == null || !store.equals(used)) {
						problems.add("ExternalSecret " + object.at("/metadata/name").asString("") + " reads store '"
								+ used + "', not " + subject.environmentClass() + "'s own store"
								+ ((store != null) ? " '" + store + "'" : ""));
					}
				}
			}
		}
		if (!problems.isEmpty()) {
			return GateResult.fail(SECRETS_BOUNDARY, String.join("; ", problems));
		}
		if (objects == null) {
			return GateResult.pass(SECRETS_BOUNDARY,
					"No value looks like a secret; the references are checked before " + "the commit");
		}
		return GateResult.pass(SECRETS_BOUNDARY, "No value looks like a secret; " + references
				+ " secret reference(s), all into " + subject.environmentClass() + "'s store '" + store + "'");
	}

	@SuppressWarnings("unchecked")
	private static String storeOf(GateSubject subject) {
		Object stores = subject.templateSettings().get("secretStores");
		return (stores instanceof Map<?, ?> map) ? (String) ((Map<String, Object>) map).get(subject.environmentClass())
				: null;
	}

	private static void scan(String path, Object value, List<String> problems) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, nested) -> {
				String name = String.valueOf(key);
				String field = path + "." + name;
				if (SECRET_NAME.matcher(name).matches() && nested instanceof String text && !text.isBlank()) {
					problems.add(field + " is a password-like field with a value: a secret goes into the secret "
							+ "store and only its reference into a request");
				}
				else {
					scan(field, nested, problems);
				}
			});
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				scan(path + "[" + i + "]", list.get(i), problems);
			}
		}
		else if (value instanceof String text) {
			SECRET_VALUES.entrySet()
				.stream()
				.filter((pattern) -> pattern.getValue().matcher(text).find())
				.findFirst()
				.ifPresent((pattern) -> problems.add(path + " looks like " + pattern.getKey()
						+ ": a secret goes into the secret store and only its reference into a request"));
		}
	}

	private static GateResult productionBaseline(GateSubject subject, List<JsonNode> objects) {
		if (objects == null) {
			return notRendered(PRODUCTION_BASELINE);
		}
		List<String> unmet = new ArrayList<>();
		int replicas = odooReplicas(objects);
		if (replicas < 2) {
			unmet.add("Odoo runs " + replicas + " replica(s), at least 2 are needed");
		}
		// CloudNativePG archives through its own backup section or a WAL-archiving plugin
		// (Barman Cloud), and backs up on a schedule
		boolean backups = objects.stream().anyMatch(PolicyGates::archives)
				&& objects.stream().anyMatch((object) -> isKind(object, "ScheduledBackup"));
		if (!backups) {
			unmet.add("no scheduled database backups");
		}
		List<JsonNode> routes = objects.stream().filter((object) -> isKind(object, "IngressRoute")).toList();
		if (routes.isEmpty() || routes.stream().anyMatch((route) -> !route.at("/spec/tls").isObject())
				|| objects.stream().noneMatch((object) -> isKind(object, "Certificate"))) {
			unmet.add("not every route is served over TLS with a certificate");
		}
		boolean adminGuarded = routes.stream()
			.flatMap((route) -> route.at("/spec/routes").valueStream())
			.anyMatch((route) -> route.path("match").asString("").contains("/web/database")
					&& !route.path("middlewares").isEmpty());
		if (!adminGuarded) {
			unmet.add("the admin paths /web/database/* are not restricted to the allow-list");
		}
		if (objects.stream().noneMatch((object) -> object.toString().contains("list_db = False"))) {
			unmet.add("odoo.conf does not set list_db = False");
		}
		for (JsonNode object : objects) {
			podSpec(object).ifPresent((pod) -> pod.path("containers").forEach((container) -> {
				if (container.at("/resources/requests").isEmpty() || container.at("/resources/limits").isEmpty()) {
					unmet.add("container " + container.path("name").asString("") + " of "
							+ object.at("/metadata/name").asString("") + " lacks resource requests or limits");
				}
			}));
		}
		if (unmet.isEmpty()) {
			return GateResult.pass(PRODUCTION_BASELINE, "At least 2 Odoo replicas (" + replicas + "), backups on, TLS, "
					+ "admin paths behind the allow-list, list_db = False, requests and limits on every container");
		}
		if (PRODUCTION.equals(subject.environmentClass())) {
			return GateResult.fail(PRODUCTION_BASELINE, String.join("; ", unmet));
		}
		return GateResult.warn(PRODUCTION_BASELINE, "Would not pass in prod: " + String.join("; ", unmet)
				+ " (allowed in " + subject.environmentClass() + ")");
	}

	private static boolean archives(JsonNode object) {
		return isKind(object, "Cluster") && (object.at("/spec/backup").isObject() || object.at("/spec/plugins")
			.valueStream()
			.anyMatch((plugin) -> plugin.path("isWALArchiver").asBoolean(false)));
	}

	/**
	 * The fewest Odoo web pods that run: an autoscaler's minimum, or the deployment's
	 * replicas.
	 */
	private static int odooReplicas(List<JsonNode> objects) {
		int fewest = Integer.MAX_VALUE;
		for (JsonNode object : objects) {
			if (!isKind(object, "Deployment") || !servesOdoo(object)) {
				continue;
			}
			String name = object.at("/metadata/name").asString("");
			int replicas = objects.stream()
				.filter((scaler) -> isKind(scaler, "HorizontalPodAutoscaler")
						&& name.equals(scaler.at("/spec/scaleTargetRef/name").asString("")))
				.findFirst()
				.map((scaler) -> scaler.at("/spec/minReplicas").asInt(1))
				.orElse(object.at("/spec/replicas").asInt(1));
			fewest = Math.min(fewest, replicas);
		}
		return (fewest == Integer.MAX_VALUE) ? 0 : fewest;
	}

	private static boolean servesOdoo(JsonNode deployment) {
		return deployment.at("/spec/template/spec/containers")
			.valueStream()
			.flatMap((container) -> container.path("ports").valueStream())
			.anyMatch((port) -> port.path("containerPort").asInt() == 8069);
	}

	private static Footprint footprintOf(List<JsonNode> objects) {
		Footprint total = Footprint.NONE;
		for (JsonNode object : objects) {
			if (isKind(object, "Deployment") || isKind(object, "StatefulSet")) {
				String name = object.at("/metadata/name").asString("");
				long replicas = objects.stream()
					.filter((scaler) -> isKind(scaler, "HorizontalPodAutoscaler")
							&& name.equals(scaler.at("/spec/scaleTargetRef/name").asString("")))
					.findFirst()
					.map((scaler) -> (long) scaler.at("/spec/maxReplicas").asInt(1))
					.orElse((long) object.at("/spec/replicas").asInt(1));
				total = total.plus(Footprint.ofContainers(object.at("/spec/template/spec/containers")).times(replicas));
				for (JsonNode claim : object.at("/spec/volumeClaimTemplates")) {
					total = total.plus(new Footprint(0, 0,
							Footprint.gibibytes(claim.at("/spec/resources/requests/storage").asString("0")))
						.times(replicas));
				}
			}
			else if (isKind(object, "Cluster") && object.at("/spec/instances").isNumber()) {
				long instances = object.at("/spec/instances").asInt();
				total = total.plus(Footprint.ofResources(object.at("/spec/resources"))
					.plus(new Footprint(0, 0, Footprint.gibibytes(object.at("/spec/storage/size").asString("0"))))
					.times(instances));
			}
			else if (isKind(object, "PersistentVolumeClaim")) {
				total = total.plus(new Footprint(0, 0,
						Footprint.gibibytes(object.at("/spec/resources/requests/storage").asString("0"))));
			}
		}
		return total;
	}

	private static java.util.Optional<JsonNode> podSpec(JsonNode object) {
		if (isKind(object, "Deployment") || isKind(object, "StatefulSet") || isKind(object, "DaemonSet")
				|| isKind(object, "Job")) {
			return java.util.Optional.of(object.at("/spec/template/spec"));
		}
		if (isKind(object, "CronJob")) {
			return java.util.Optional.of(object.at("/spec/jobTemplate/spec/template/spec"));
		}
		return java.util.Optional.empty();
	}

	private static boolean isKind(JsonNode object, String kind) {
		return kind.equals(object.path("kind").asString(""));
	}

	private static GateResult notRendered(String gate) {
		return GateResult.warn(gate, "The manifests are not rendered in this portal; checked just before the commit");
	}

}
