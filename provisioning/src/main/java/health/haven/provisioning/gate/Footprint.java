package health.haven.provisioning.gate;

import java.math.BigDecimal;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * What an environment's manifests take from its team's quota: the CPU and memory its pods
 * request at their most (replicas, or an autoscaler's maximum), and the storage its
 * volumes and database claim.
 */
public record Footprint(long cpuMillis, long memoryMi, long storageGi) {

	public static final Footprint NONE = new Footprint(0, 0, 0);

	public Footprint plus(Footprint other) {
		return new Footprint(this.cpuMillis + other.cpuMillis, this.memoryMi + other.memoryMi,
				this.storageGi + other.storageGi);
	}

	Footprint times(long count) {
		return new Footprint(this.cpuMillis * count, this.memoryMi * count, this.storageGi * count);
	}

	/**
	 * The requests of a pod's containers.
	 */
	static Footprint ofContainers(JsonNode containers) {
		Footprint sum = NONE;
		for (JsonNode container : containers) {
			sum = sum.plus(ofResources(container.path("resources")));
		}
		return sum;
	}

	static Footprint ofResources(JsonNode resources) {
		JsonNode requests = resources.path("requests");
		return new Footprint(cpuMillis(requests.path("cpu").asString("0")),
				mebibytes(requests.path("memory").asString("0")), 0);
	}

	static long cpuMillis(String quantity) {
		String value = quantity.trim();
		if (value.endsWith("m")) {
			return new BigDecimal(value.substring(0, value.length() - 1)).longValue();
		}
		return new BigDecimal(value).movePointRight(3).longValue();
	}

	static long mebibytes(String quantity) {
		return bytes(quantity).divide(BigDecimal.valueOf(1024L * 1024))
			.setScale(0, java.math.RoundingMode.CEILING)
			.longValue();
	}

	static long gibibytes(String quantity) {
		return bytes(quantity).divide(BigDecimal.valueOf(1024L * 1024 * 1024))
			.setScale(0, java.math.RoundingMode.CEILING)
			.longValue();
	}

	private static BigDecimal bytes(String quantity) {
		String value = quantity.trim();
		String[][] units = { { "Ki", "1024" }, { "Mi", "1048576" }, { "Gi", "1073741824" }, { "Ti", "1099511627776" },
				{ "k", "1000" }, { "M", "1000000" }, { "G", "1000000000" }, { "T", "1000000000000" } };
		for (String[] unit : units) {
			if (value.endsWith(unit[0])) {
				return new BigDecimal(value.substring(0, value.length() - unit[0].length()))
					.multiply(new BigDecimal(unit[1]));
			}
		}
		return new BigDecimal(value.toLowerCase(Locale.ROOT));
	}

}
